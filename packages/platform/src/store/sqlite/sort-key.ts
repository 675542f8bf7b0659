/**
 * Sortable composite page keys. Listings ordered by several columns keep a `sort_key`
 * column: the parts joined by U+0001 (below every character ids, codes and names use), with
 * times and ranks as zero-padded decimals, so SQLite's binary string order is the listing
 * order and a page token can hold one string (see page-token.ts).
 */
const SEPARATOR = '\u0001';
/** Offset (2^43 ms, about 278 years) added to times so that times before 1970, down to about 1691, sort too. */
const TIME_OFFSET = 2 ** 53 / 1024;

/** `ms` as a fixed-width decimal that sorts like the number (times from about 1691 on). */
export function timeKey(ms: number): string {
  return String(Math.trunc(ms) + TIME_OFFSET).padStart(17, '0');
}

/** A non-negative integer (e.g. a rank) as a fixed-width decimal. */
export function intKey(value: number): string {
  return String(Math.max(0, Math.trunc(value))).padStart(16, '0');
}

/** The parts joined so that keys compare part by part. */
export function sortKey(...parts: readonly string[]): string {
  return parts.join(SEPARATOR);
}

/** A string list bound as a JSON array for `json_each`, or null (no filter) when undefined. */
export function jsonList(list: readonly string[] | undefined): string | null {
  return list === undefined ? null : JSON.stringify(list);
}

/** A non-empty list as JSON, or null (no filter) when undefined or empty. */
export function jsonNonEmpty(list: readonly string[] | undefined): string | null {
  return list === undefined || list.length === 0 ? null : JSON.stringify(list);
}
