import { RongtongError } from '@rongtong/core';
import ExcelJS from 'exceljs';
import type { CellValue, RawRow, RawTable } from './types.js';

/** Column letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A plain value from an exceljs cell value (rich text, formula results and hyperlinks unwrapped). */
function plain(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) return null;
    if (typeof result === 'object' && !(result instanceof Date)) return null;
    return result as CellValue;
  }
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('error' in value) return String(value.error);
  return null;
}

/**
 * Reads the first worksheet (or the one named `sheet`) of an XLSX workbook into rows
 * with their worksheet row numbers; the first non-empty row is the header, empty rows are
 * skipped. Throws `MALFORMED_PAYLOAD` when the bytes are not a readable workbook and
 * `INVALID_ARGUMENT` when the named sheet does not exist.
 */
export async function readXlsxTable(bytes: Uint8Array, sheet?: string): Promise<RawTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw new RongtongError('MALFORMED_PAYLOAD', 'not a readable XLSX workbook', {
      fieldViolations: [{ path: 'content', reason: 'not a readable XLSX (Office Open XML) workbook' }],
      cause: error,
    });
  }
  const worksheet = sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheet);
  if (worksheet === undefined) {
    const names = workbook.worksheets.map((w) => w.name).join(', ');
    throw new RongtongError('INVALID_ARGUMENT', sheet === undefined ? 'the workbook has no worksheet' : `no worksheet named ${JSON.stringify(sheet)} (has: ${names})`, {
      fieldViolations: [{ path: 'sheet', reason: 'worksheet not found' }],
    });
  }
  const rows: RawRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      cells[columnNumber - 1] = plain(cell.value);
    });
    for (let i = 0; i < cells.length; i += 1) if (cells[i] === undefined) cells[i] = null;
    const nonEmpty = cells.some((c) => c !== null && !(typeof c === 'string' && c.trim() === ''));
    if (nonEmpty) rows.push({ line: rowNumber, cells });
  });
  return { header: rows[0], rows: rows.slice(1), problems: [], columnRef: columnLetter };
}
