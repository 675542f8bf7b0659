/**
 * Demand list (需求清单) and supply list (供给清单) import from CSV and XLSX with row-level
 * errors; see docs/market-import.md.
 */
export { parseDemandList, DEMAND_COLUMNS } from './demand-list.js';
export { parseSupplyList, SUPPLY_COLUMNS } from './supply-list.js';
export { columnLetter } from './xlsx.js';
export { decodeCsvBytes } from './csv.js';
export type { ColumnSpec } from './table-rows.js';
export {
  DEFAULT_IMPORT_LIMITS,
  type ImportFileFormat,
  type ImportLimits,
  type ImportOptions,
  type ImportResult,
  type ImportRowError,
  type ImportedItem,
} from './types.js';
