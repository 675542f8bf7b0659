import { expect } from 'vitest';
import { isRongtongError, type ErrorCode, type RongtongError } from '@rongtong/core';
import type { FeedEventRecord, Page, PageRequest, Store } from '@rongtong/platform';

/**
 * `value` with every Uint8Array (including Buffer and other subclasses) replaced by a
 * plain Uint8Array of the same bytes, so records compare by content whatever byte class
 * an implementation returns.
 */
export function plain<T>(value: T): T {
  if (value instanceof Uint8Array) return new Uint8Array(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => plain(v)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)])) as T;
  }
  return value;
}

/** Awaits `promise`, expecting it to reject with a RongtongError of `code`; returns the error. */
export async function expectRongtongError(promise: Promise<unknown>, code: ErrorCode): Promise<RongtongError> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) expect.fail(`expected a RongtongError ${code}, but the call resolved`);
  if (!isRongtongError(outcome.error)) expect.fail(`expected a RongtongError ${code}, got ${String(outcome.error)}`);
  expect(outcome.error.code).toBe(code);
  return outcome.error;
}

/** Every item of a listing, page by page; also how many pages and the size of each. */
export async function collectPages<T>(
  list: (page: PageRequest) => Promise<Page<T>>,
  pageSize: number,
): Promise<{ items: T[]; pageSizes: number[] }> {
  const items: T[] = [];
  const pageSizes: number[] = [];
  let pageToken = '';
  do {
    const page = await list({ pageSize, pageToken });
    items.push(...page.items);
    pageSizes.push(page.items.length);
    pageToken = page.nextPageToken;
    if (pageSizes.length > 10_000) expect.fail('the listing never ends (more than 10,000 pages)');
  } while (pageToken !== '');
  return { items, pageSizes };
}

/** Ids of `items`, sorted, to compare listings as sets. */
export function sortedIds(items: readonly { id: string }[]): string[] {
  return items.map((i) => i.id).sort();
}

/** All events of a tenant (up to 10,000), in seq order. */
export function allEvents(store: Store, tenantId: string): Promise<FeedEventRecord[]> {
  return store.readEvents({ tenantId, after: 0n, limit: 10_000 });
}
