import { RongtongError } from '@rongtong/core';
import { readCsvTable } from './csv.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits, type ImportOptions, type RawTable } from './types.js';
import { readXlsxTable } from './xlsx.js';

/** The effective limits of an import. */
export function resolveLimits(options: ImportOptions): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
}

/** Reads CSV or XLSX bytes into a table, after checking the size limit. */
export async function readTable(bytes: Uint8Array, options: ImportOptions, limits: ImportLimits): Promise<RawTable> {
  if (bytes.byteLength > limits.maxBytes) {
    throw new RongtongError('INVALID_ARGUMENT', `the file is ${bytes.byteLength} bytes, at most ${limits.maxBytes} allowed`, {
      fieldViolations: [{ path: 'content', reason: `larger than ${limits.maxBytes} bytes` }],
    });
  }
  if (options.format === 'csv') return readCsvTable(bytes);
  if (options.format === 'xlsx') return readXlsxTable(bytes, options.sheet);
  throw new RongtongError('INVALID_ARGUMENT', `unknown import format ${JSON.stringify(options.format)}: csv or xlsx`, {
    fieldViolations: [{ path: 'format', reason: 'must be csv or xlsx' }],
  });
}
