import type { z } from 'zod';
import { isBlank, toHalfWidth } from './cells.js';
import type { CellValue, ImportLimits, ImportResult, ImportRowError, ImportedItem, RawRow, RawTable } from './types.js';

/** One column a list kind understands: its field key and the header names (any case, Chinese or English) that map to it. */
export interface ColumnSpec {
  /** Field key, e.g. `quantity`; also the `field` of errors in this column. */
  readonly field: string;
  /** Header names, compared after {@link normalizeHeader}. */
  readonly names: readonly string[];
  /** A file without this column gets one file-level error. */
  readonly required?: boolean;
}

/** Header text for matching: half-width, lower case, without spaces, `_`, `-`, `*` or a trailing `(…)` note. */
export function normalizeHeader(header: string): string {
  return toHalfWidth(header)
    .replace(/\([^)]*\)\s*$/, '')
    .replace(/[\s_*-]/g, '')
    .toLowerCase();
}

/** Spec attribute of a `规格:材质` / `spec.material` / `spec:material` header, or undefined. */
export function specAttributeOfHeader(header: string): string | undefined {
  const m = /^\s*(?:规格|spec)\s*[:：.]\s*(.+?)\s*$/i.exec(header);
  return m?.[1];
}

/** Reads the mapped cells of one row and collects that row's problems. */
export class RowReader {
  readonly errors: ImportRowError[] = [];
  private readonly failed = new Set<string>();

  constructor(
    readonly row: RawRow,
    private readonly columns: ReadonlyMap<string, { index: number; header: string }>,
    private readonly specColumns: ReadonlyArray<{ index: number; header: string; attribute: string }>,
    private readonly columnRef: (index: number) => string,
    private readonly maxCellLength: number,
  ) {}

  /** The raw cell of a field, or undefined when the column is absent or the cell blank or too long (then reported). */
  cell(field: string): CellValue | undefined {
    const column = this.columns.get(field);
    if (column === undefined) return undefined;
    return this.checked(field, column.index);
  }

  /** The spec attributes from `规格:xxx` columns, attribute → cell (blank cells left out). */
  specCells(): Array<{ attribute: string; value: CellValue }> {
    const out: Array<{ attribute: string; value: CellValue }> = [];
    for (const c of this.specColumns) {
      const value = this.checked(`spec.${c.attribute}`, c.index);
      if (value !== undefined) out.push({ attribute: c.attribute, value });
    }
    return out;
  }

  /** Reports a problem with a field's cell (once per field); `field` is a column field or `spec.<attribute>`. */
  fail(field: string, reason: string): void {
    if (this.failed.has(field)) return;
    this.failed.add(field);
    const position = this.position(field);
    this.errors.push({ line: this.row.line, column: position ? this.columnRef(position.index) : '', header: position?.header ?? '', field, reason });
  }

  /** True when a problem was reported for `field`. */
  hasFailed(field: string): boolean {
    return this.failed.has(field);
  }

  private position(field: string): { index: number; header: string } | undefined {
    const direct = this.columns.get(field);
    if (direct !== undefined) return direct;
    if (field.startsWith('spec.')) {
      const attribute = field.slice(5);
      return this.specColumns.find((c) => c.attribute === attribute) ?? this.columns.get('spec');
    }
    return undefined;
  }

  private checked(field: string, index: number): CellValue | undefined {
    const value = this.row.cells[index] ?? null;
    if (isBlank(value)) return undefined;
    if (typeof value === 'string' && value.length > this.maxCellLength) {
      this.fail(field, `cell is ${value.length} characters long, at most ${this.maxCellLength} allowed`);
      return undefined;
    }
    return value;
  }
}

/** How a list kind turns a row into a candidate item and maps schema issues back to columns. */
export interface ListKind<T> {
  /** Columns of this list. */
  readonly columns: readonly ColumnSpec[];
  /** The validated item's schema. */
  readonly schema: z.ZodType<T>;
  /** Builds the candidate object from a row, reporting unreadable cells on `reader`. */
  build(reader: RowReader): Record<string, unknown>;
  /** Field key (column) of a schema issue path, e.g. `['quantity', 'unit']` → `unit`. */
  fieldOfPath(path: readonly PropertyKey[]): string;
}

/** Turns a read table into validated items and row errors (see docs/market-import.md). */
export function importTable<T>(table: RawTable, kind: ListKind<T>, limits: ImportLimits): ImportResult<T> {
  const errors: ImportRowError[] = [...table.problems];
  const base = { encoding: table.encoding };
  if (table.header === undefined) {
    return { items: [], errors: [...errors, fileError('the file has no header row (nor any data)')], rowCount: 0, ...base };
  }
  if (table.rows.length > limits.maxRows) {
    return { items: [], errors: [fileError(`the file has ${table.rows.length} data rows, at most ${limits.maxRows} allowed`)], rowCount: table.rows.length, ...base };
  }
  const columns = new Map<string, { index: number; header: string }>();
  const specColumns: Array<{ index: number; header: string; attribute: string }> = [];
  const headerProblems: string[] = [];
  table.header.cells.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const header = String(cell).trim();
    const attribute = specAttributeOfHeader(header);
    if (attribute !== undefined) {
      specColumns.push({ index, header, attribute });
      return;
    }
    const key = normalizeHeader(header);
    const spec = kind.columns.find((c) => c.names.some((n) => normalizeHeader(n) === key));
    if (spec === undefined) return; // unknown columns (序号, 备注 …) are ignored
    const earlier = columns.get(spec.field);
    if (earlier !== undefined) headerProblems.push(`columns ${JSON.stringify(earlier.header)} and ${JSON.stringify(header)} both give ${spec.field}`);
    else columns.set(spec.field, { index, header });
  });
  const missing = kind.columns.filter((c) => c.required === true && !columns.has(c.field));
  if (missing.length > 0) {
    headerProblems.push(`missing required column${missing.length > 1 ? 's' : ''}: ${missing.map((c) => `${c.field} (${c.names.slice(0, 2).join(' / ')})`).join(', ')}`);
  }
  if (headerProblems.length > 0) {
    return { items: [], errors: [...errors, fileError(headerProblems.join('; '), table.header.line)], rowCount: table.rows.length, ...base };
  }
  const items: ImportedItem<T>[] = [];
  for (const row of table.rows) {
    const reader = new RowReader(row, columns, specColumns, table.columnRef, limits.maxCellLength);
    const candidate = kind.build(reader);
    const parsed = kind.schema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = kind.fieldOfPath(issue.path);
        if (!reader.hasFailed(field)) reader.fail(field, issue.message);
      }
    }
    if (reader.errors.length > 0) errors.push(...reader.errors.sort(byColumn));
    else if (parsed.success) items.push({ line: row.line, item: parsed.data });
  }
  errors.sort((a, b) => a.line - b.line);
  return { items, errors, rowCount: table.rows.length, ...base };
}

function byColumn(a: ImportRowError, b: ImportRowError): number {
  const key = (e: ImportRowError): string => e.column.padStart(4, ' ');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

function fileError(reason: string, line = 1): ImportRowError {
  return { line, column: '', header: '', field: '', reason };
}
