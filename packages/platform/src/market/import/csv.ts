import type { ImportRowError, RawRow, RawTable } from './types.js';

/**
 * Decodes CSV bytes: UTF-8 (a byte-order mark is dropped) when they are valid UTF-8,
 * otherwise GB18030 (a superset of GBK, what Excel in mainland China saves CSV as).
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/**
 * Splits CSV text into records (RFC 4180: comma separator, fields in double quotes may
 * hold commas, CR/LF and doubled quotes; CRLF, LF or CR line ends). Each record carries the
 * 1-based editor line it starts on. An unterminated quote is reported on the line and
 * column it opened; the text after it is not read. Records with only empty fields are
 * skipped. The first non-empty record is the header.
 */
export function readCsvTable(bytes: Uint8Array): RawTable {
  const { text, encoding } = decodeCsvBytes(bytes);
  const records: RawRow[] = [];
  const problems: ImportRowError[] = [];
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let i = 0;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.some((f) => f.trim() !== '')) records.push({ line: recordLine, cells: fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field.trim() === '') {
      const openLine = line;
      const openColumn = fields.length + 1;
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < text.length) {
        const d = text[j];
        if (d === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        if (d === '\n' || (d === '\r' && text[j + 1] !== '\n')) line += 1;
        value += d;
        j += 1;
      }
      if (!closed) {
        problems.push({
          line: openLine,
          column: String(openColumn),
          header: '',
          field: '',
          reason: 'unterminated quoted field: a " opens here and is never closed; this row and the rest of the file were not read',
        });
        fields = [];
        field = '';
        return { header: records[0], rows: records.slice(1), problems, columnRef: (k) => String(k + 1), encoding };
      }
      field = value;
      i = j;
      // Text after the closing quote up to the separator is kept (lenient).
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      i += 1;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += c;
    i += 1;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return { header: records[0], rows: records.slice(1), problems, columnRef: (k) => String(k + 1), encoding };
}
