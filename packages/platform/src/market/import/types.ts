/**
 * Shared types of the demand / supply list importers (see docs/market-import.md).
 */

/** File format of an imported list. */
export type ImportFileFormat = 'csv' | 'xlsx';

/** Size limits of one imported list; exceeding one is reported, never a crash. */
export interface ImportLimits {
  /** Largest accepted file, bytes (default 4 MiB, the gRPC message limit). Larger: `INVALID_ARGUMENT` thrown. */
  readonly maxBytes: number;
  /** Most data rows (header and empty rows not counted; default 10 000). More: one error on line 1, nothing imported. */
  readonly maxRows: number;
  /** Longest cell text, characters (default 2000). Longer: an error for that cell. */
  readonly maxCellLength: number;
}

/** Default {@link ImportLimits}. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxBytes: 4 * 1024 * 1024, maxRows: 10_000, maxCellLength: 2000 };

/** Options of `parseDemandList` / `parseSupplyList`. */
export interface ImportOptions {
  /** The file's format. */
  readonly format: ImportFileFormat;
  /** XLSX only: the worksheet to read by name. Default: the first worksheet. */
  readonly sheet?: string;
  /** Overrides of {@link DEFAULT_IMPORT_LIMITS}. */
  readonly limits?: Partial<ImportLimits>;
  /**
   * Category names accepted besides taxonomy codes, name → code, e.g.
   * `{ 制动盘: 'component.casting.brake-disc' }`. Names are compared after trimming.
   */
  readonly categoryAliases?: Readonly<Record<string, string>>;
  /** Offset of the time zone dates without a zone are read in, minutes east of UTC (default 480, Asia/Shanghai). */
  readonly utcOffsetMinutes?: number;
}

/**
 * One problem in an imported file. Maps onto `rongtong.v1.ImportRowError` with `line`,
 * `header` as its `column` and `reason`.
 */
export interface ImportRowError {
  /** Row number as a user sees it: the header is line 1 (CSV: the editor line the record starts on; XLSX: the worksheet row). */
  readonly line: number;
  /** Column position: a letter (A, B, …, AA) for XLSX, a 1-based number for CSV. Empty for whole-row or whole-file problems. */
  readonly column: string;
  /** The column's header as written in the file. Empty for whole-row or whole-file problems. */
  readonly header: string;
  /** The item field the column maps to, e.g. `quantity` or `spec.material`. Empty when none. */
  readonly field: string;
  /** What is wrong, for people. */
  readonly reason: string;
}

/** A validated item with the line it came from. */
export interface ImportedItem<T> {
  /** The row's line (see {@link ImportRowError.line}). */
  readonly line: number;
  /** The validated domain object. */
  readonly item: T;
}

/** Outcome of parsing a list: every good row as an item, every problem as an error, in file order. */
export interface ImportResult<T> {
  /** The good rows, in file order. */
  readonly items: ImportedItem<T>[];
  /** Every problem found, in file order (line, then column). */
  readonly errors: ImportRowError[];
  /** Number of non-empty data rows read. */
  readonly rowCount: number;
  /** Text encoding the CSV was decoded with (`utf-8` or `gb18030`); absent for XLSX. */
  readonly encoding?: 'utf-8' | 'gb18030';
}

/** A raw cell value as read from the file. */
export type CellValue = string | number | boolean | Date | null;

/** A data row as read from the file: cells by 0-based column index. */
export interface RawRow {
  readonly line: number;
  readonly cells: readonly CellValue[];
}

/** A file read into rows; `problems` are file-level or row-level reading errors (e.g. an unterminated quote). */
export interface RawTable {
  readonly header: RawRow | undefined;
  readonly rows: readonly RawRow[];
  readonly problems: readonly ImportRowError[];
  /** Column position text for a 0-based index (letter for XLSX, number for CSV). */
  readonly columnRef: (index: number) => string;
  readonly encoding?: 'utf-8' | 'gb18030';
}
