import { SupplyItemSchema, type SupplyItem } from '@rongtong/core';
import { cellText, isGranularityName, readDays, readGranularity, readNumber, readRegionCode, readUnit } from './cells.js';
import { category, certificationProblem, defined, list, requireCell, spec, status, text } from './common-fields.js';
import { readTable, resolveLimits } from './read-table.js';
import { importTable, type ColumnSpec, type ListKind, type RowReader } from './table-rows.js';
import type { ImportOptions, ImportResult } from './types.js';

/**
 * Columns of a supply list (中小企业产品供给清单); header matching as for demand lists.
 * Required columns: 品类, 主要产品.
 *
 * | field | headers | cell |
 * |---|---|---|
 * | externalId | 编号, 产品编号, external id | text |
 * | category * | 品类, 类别, 分类, category | taxonomy code or a name from `categoryAliases` |
 * | mainProduct * | 主要产品, 产品名称, 名称, main product | text |
 * | description | 描述, 说明, 产品介绍, description | text |
 * | spec | 规格, 规格参数, spec | as for demand lists |
 * | declaredCapacity | 产能, 产能规模, capacity | number ≥ 0 |
 * | capacityUnit | 产能单位, capacity unit | unit as for demand lists, or `件/周` (unit and period together) |
 * | capacityPeriod | 周期, 产能周期, capacity period | 小时 / 班 / 日(天) / 周 (hour / shift / day / week) |
 * | leadTime | 交期, 交货期, 生产周期, lead time | days: `15`, `15天` |
 * | intendedCustomers | 意向客户, 目标客户, intended customers | list |
 * | regionCode | 地区, 所在地区, 生产地, region | GB/T 2260 code or name (重庆 → 500000) |
 * | certifications | 资质认证, 认证, certifications | codes, list |
 * | status | 状态, status | 草稿 / 发布 / 关闭 |
 */
export const SUPPLY_COLUMNS: readonly ColumnSpec[] = [
  { field: 'externalId', names: ['编号', '产品编号', '外部编号', '清单编号', 'external id', 'externalId', 'id'] },
  { field: 'category', names: ['品类', '类别', '分类', '产品类别', 'category'], required: true },
  { field: 'mainProduct', names: ['主要产品', '产品名称', '名称', '产品', 'main product', 'product', 'name'], required: true },
  { field: 'description', names: ['描述', '说明', '产品介绍', 'description'] },
  { field: 'spec', names: ['规格', '规格参数', '规格型号', 'spec', 'specification'] },
  { field: 'declaredCapacity', names: ['产能', '产能规模', '生产能力', 'capacity', 'declared capacity'] },
  { field: 'capacityUnit', names: ['产能单位', '单位', 'capacity unit', 'unit'] },
  { field: 'capacityPeriod', names: ['周期', '产能周期', '产能单位周期', 'capacity period', 'period'] },
  { field: 'leadTime', names: ['交期', '交货期', '交货周期', '生产周期', 'lead time', 'lead time days'] },
  { field: 'intendedCustomers', names: ['意向客户', '目标客户', '意向采购方', 'intended customers', 'customers'] },
  { field: 'regionCode', names: ['地区', '所在地区', '生产地', '区域', 'region', 'region code'] },
  { field: 'certifications', names: ['资质认证', '认证', '资质', 'certifications'] },
  { field: 'status', names: ['状态', 'status'] },
];

/** Declared capacity from the capacity, unit and period cells (`件/周` in the unit cell carries the period). */
function declaredCapacity(reader: RowReader): Record<string, unknown> | undefined {
  const capacityCell = reader.cell('declaredCapacity');
  const unitCell = reader.cell('capacityUnit');
  let periodCell = reader.cell('capacityPeriod');
  let unitText = unitCell === undefined ? '' : cellText(unitCell);
  const slash = unitText.lastIndexOf('/');
  if (slash >= 0 && isGranularityName(unitText.slice(slash + 1))) {
    periodCell ??= unitText.slice(slash + 1);
    unitText = unitText.slice(0, slash);
  }
  if (capacityCell === undefined) {
    if (periodCell !== undefined || unitCell !== undefined) reader.fail('declaredCapacity', 'required when a capacity unit or period is given');
    return undefined;
  }
  const value = readNumber(capacityCell);
  if (!value.ok) reader.fail('declaredCapacity', value.reason);
  else if (value.value < 0) reader.fail('declaredCapacity', 'must not be negative');
  if (periodCell === undefined) {
    reader.fail('capacityPeriod', 'required with a capacity: 小时, 班, 日 or 周 (or write the unit as 件/周)');
    return undefined;
  }
  const period = readGranularity(periodCell);
  if (!period.ok) reader.fail('capacityPeriod', period.reason);
  if (!value.ok || value.value < 0 || !period.ok) return undefined;
  return { quantity: { value: value.value, unit: readUnit(unitText) }, granularity: period.value };
}

function supplyKind(options: ImportOptions): ListKind<SupplyItem> {
  const aliases = options.categoryAliases ?? {};
  return {
    columns: SUPPLY_COLUMNS,
    schema: SupplyItemSchema,
    build(reader: RowReader) {
      const cat = category(reader, aliases);
      requireCell(reader, 'category', cat);
      const mainProduct = text(reader, 'mainProduct');
      requireCell(reader, 'mainProduct', mainProduct);
      const leadCell = reader.cell('leadTime');
      let leadTime: number | undefined;
      if (leadCell !== undefined) {
        const days = readDays(leadCell);
        if (days.ok) leadTime = days.value;
        else reader.fail('leadTime', days.reason);
      }
      const regionCell = reader.cell('regionCode');
      let regionCode: string | undefined;
      if (regionCell !== undefined) {
        const r = readRegionCode(cellText(regionCell));
        if (r.ok) regionCode = r.value;
        else reader.fail('regionCode', r.reason);
      }
      return defined({
        externalId: text(reader, 'externalId'),
        category: cat,
        mainProduct,
        description: text(reader, 'description'),
        spec: spec(reader),
        declaredCapacity: declaredCapacity(reader),
        leadTime,
        intendedCustomers: list(reader, 'intendedCustomers'),
        regionCode,
        certifications: list(reader, 'certifications', certificationProblem),
        status: status(reader),
      });
    },
    fieldOfPath(path) {
      const [head, second, third] = path;
      if (head === 'declaredCapacity') {
        if (second === 'granularity') return 'capacityPeriod';
        return third === 'unit' ? 'capacityUnit' : 'declaredCapacity';
      }
      if (head === 'spec' && typeof second === 'string') return `spec.${second}`;
      return typeof head === 'string' ? head : '';
    },
  };
}

/**
 * Parses a supply list (中小企业产品供给清单) from CSV or XLSX bytes: every good row
 * becomes a validated {@link SupplyItem} with its line, every bad row is reported with
 * each bad cell. See {@link SUPPLY_COLUMNS} and docs/market-import.md; errors as for
 * `parseDemandList`.
 */
export async function parseSupplyList(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult<SupplyItem>> {
  const limits = resolveLimits(options);
  const table = await readTable(bytes, options, limits);
  return importTable(table, supplyKind(options), limits);
}
