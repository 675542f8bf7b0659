import type { Page, PageRequest } from '../store/records.js';
import { invalidField } from './validate.js';

/** Page size when a List request leaves `page_size` 0. */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest page a List RPC returns; larger requests are lowered to it. */
export const MAX_PAGE_SIZE = 1000;
/** Store pages one List call reads at most while filtering, to bound its work. */
const MAX_STORE_PAGES_PER_CALL = 10;

/** A request's `page_size` as the number of items to return: 0 → 100, above 1000 → 1000; negative is INVALID_ARGUMENT. */
export function pageSizeOf(pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 0) throw invalidField('page_size', 'must not be negative');
  if (pageSize === 0) return DEFAULT_PAGE_SIZE;
  return Math.min(pageSize, MAX_PAGE_SIZE);
}

/** Where a listing continues: the store's page token and how many items of that store page were already handled. */
interface Position {
  s: string;
  o: number;
}

function encode(position: Position): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decode(token: string): Position {
  if (token === '') return { s: '', o: 0 };
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (value !== null && typeof value === 'object') {
      const { s, o } = value as Record<string, unknown>;
      if (typeof s === 'string' && typeof o === 'number' && Number.isInteger(o) && o >= 0) return { s, o };
    }
  } catch {
    // fall through
  }
  throw invalidField('page_token', 'not a page token from a previous response of this RPC');
}

/**
 * One page of a filtered store listing, `pageSize` items when that many match. Reads
 * store pages of the same size, skipping items `keep` rejects, so filters the Store does
 * not support still give full pages. The page token is opaque to clients: the store's
 * token plus an offset within that store page. At most a few store pages are read per
 * call; a page may then be short (still with a next_page_token).
 */
export async function filteredPage<T>(
  fetch: (page: PageRequest) => Promise<Page<T>>,
  keep: (item: T) => boolean,
  pageSize: number,
  pageToken: string,
): Promise<Page<T>> {
  let { s, o } = decode(pageToken);
  const items: T[] = [];
  for (let read = 0; read < MAX_STORE_PAGES_PER_CALL; read += 1) {
    const page = await fetch({ pageSize, pageToken: s });
    for (let i = o; i < page.items.length; i += 1) {
      const item = page.items[i] as T;
      if (!keep(item)) continue;
      items.push(item);
      if (items.length === pageSize) {
        const more = i + 1 < page.items.length || page.nextPageToken !== '';
        const next = i + 1 < page.items.length ? { s, o: i + 1 } : { s: page.nextPageToken, o: 0 };
        return { items, nextPageToken: more ? encode(next) : '' };
      }
    }
    if (page.nextPageToken === '') return { items, nextPageToken: '' };
    s = page.nextPageToken;
    o = 0;
  }
  return { items, nextPageToken: encode({ s, o }) };
}
