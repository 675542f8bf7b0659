import { CategorySchema } from '@rongtong/core';
import { cellText, readList, readSpecList, readStatus } from './cells.js';
import type { RowReader } from './table-rows.js';

/** Reads a text field (trimmed); undefined when blank. */
export function text(reader: RowReader, field: string): string | undefined {
  const value = reader.cell(field);
  return value === undefined ? undefined : cellText(value);
}

/** Reads a category: a taxonomy code, or a name from `aliases`. */
export function category(reader: RowReader, aliases: Readonly<Record<string, string>>): string | undefined {
  const value = text(reader, 'category');
  if (value === undefined) return undefined;
  const code = aliases[value] ?? value;
  if (!CategorySchema.safeParse(code).success) {
    reader.fail('category', `unknown category ${JSON.stringify(value)}: write a taxonomy code such as "component.casting.brake-disc"${Object.keys(aliases).length > 0 ? ' or a known category name' : ''}`);
    return undefined;
  }
  return code;
}

/** Reads the spec: the `spec` key=value column merged with `规格:xxx` columns (these win). */
export function spec(reader: RowReader): Record<string, string> {
  const out: Record<string, string> = {};
  const list = reader.cell('spec');
  if (list !== undefined) {
    const parsed = readSpecList(list);
    if (parsed.ok) Object.assign(out, parsed.value);
    else reader.fail('spec', parsed.reason);
  }
  for (const { attribute, value } of reader.specCells()) out[attribute] = cellText(value);
  return out;
}

/** Reads a list column whose entries each pass `check` (reason for the first bad entry). */
export function list(reader: RowReader, field: string, check?: (entry: string) => string | undefined): string[] {
  const value = reader.cell(field);
  if (value === undefined) return [];
  const entries = readList(value);
  const problems = check === undefined ? [] : entries.map(check).filter((p): p is string => p !== undefined);
  if (problems.length > 0) reader.fail(field, problems.join('; '));
  return entries;
}

/** Reads the status (default draft by the schema). */
export function status(reader: RowReader): string | undefined {
  const value = reader.cell('status');
  if (value === undefined) return undefined;
  const parsed = readStatus(value);
  if (!parsed.ok) reader.fail('status', parsed.reason);
  return parsed.ok ? parsed.value : undefined;
}

/** Certification entries: 1–64 characters without spaces. */
export function certificationProblem(entry: string): string | undefined {
  return /^\S{1,64}$/.test(entry) ? undefined : `${JSON.stringify(entry)} is not a certification code (1–64 characters without spaces, e.g. IATF16949)`;
}

/** Copies only the defined values of `fields` (so absent cells stay absent). */
export function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** Reports an empty required cell (unless that cell was already reported, e.g. as too long or unreadable). */
export function requireCell(reader: RowReader, field: string, value: unknown): void {
  if (value === undefined && !reader.hasFailed(field)) reader.fail(field, 'required: the cell is empty');
}
