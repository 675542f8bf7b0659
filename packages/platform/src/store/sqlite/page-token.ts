import { RongtongError } from '@rongtong/core';
import type { Page, PageRequest } from '../records.js';

/** Page size used when a request asks for 0 (or less). */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest page a listing returns. */
export const MAX_PAGE_SIZE = 1000;

const VERSION = 'k1';

/** The page size to use: 0 (or less, or not a number) → 100, otherwise clamped to 1…1000. */
export function pageSizeOf(request: PageRequest): number {
  const size = request.pageSize;
  if (!Number.isFinite(size) || size <= 0) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size)));
}

/** An opaque page token for "after this key": base64url of a small versioned JSON array. */
export function encodePageToken(lastKey: string): string {
  return Buffer.from(JSON.stringify([VERSION, lastKey]), 'utf8').toString('base64url');
}

/**
 * The key a page token continues after; '' for the first page (ids are never empty).
 * Throws INVALID_ARGUMENT (field `page_token`) for a token this store did not make.
 */
export function pageAfter(request: PageRequest): string {
  if (request.pageToken === '') return '';
  try {
    const decoded: unknown = JSON.parse(Buffer.from(request.pageToken, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded[0] === VERSION && typeof decoded[1] === 'string' && decoded[1] !== '') {
      return decoded[1];
    }
  } catch {
    // fall through
  }
  throw new RongtongError('INVALID_ARGUMENT', 'invalid page token: pass the next_page_token of the previous page, or ""', {
    fieldViolations: [{ path: 'page_token', reason: 'not a page token of this listing' }],
  });
}

/**
 * A page from rows fetched with `LIMIT size + 1`: the first `size` rows, and a token for
 * the next page when there was one more row.
 */
export function pageOf<T>(rows: T[], size: number, keyOf: (item: T) => string): Page<T> {
  if (rows.length <= size) return { items: rows, nextPageToken: '' };
  const items = rows.slice(0, size);
  return { items, nextPageToken: encodePageToken(keyOf(items[items.length - 1]!)) };
}
