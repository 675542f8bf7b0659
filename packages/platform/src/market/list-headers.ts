import { isBlank } from './import/cells.js';
import { readTable, resolveLimits } from './import/read-table.js';
import { normalizeHeader, type ColumnSpec } from './import/table-rows.js';
import type { ImportOptions } from './import/types.js';

/**
 * The header of each known column of a list file, by field key (`externalId` → "物料编号"),
 * as written in the file. The import RPCs use it to name the column of errors they find
 * beyond the parser's (a repeated external id) and to see which columns a file has (a
 * re-imported row without a status column keeps the item's status). Reads the file's
 * header only; unreadable files give an empty map (the parser reports them).
 */
export async function listHeaders(bytes: Uint8Array, options: ImportOptions, columns: readonly ColumnSpec[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let header;
  try {
    header = (await readTable(bytes, options, resolveLimits(options))).header;
  } catch {
    return out;
  }
  for (const cell of header?.cells ?? []) {
    if (isBlank(cell)) continue;
    const text = String(cell).trim();
    const spec = columns.find((c) => c.names.some((n) => normalizeHeader(n) === normalizeHeader(text)));
    if (spec !== undefined && !out.has(spec.field)) out.set(spec.field, text);
  }
  return out;
}
