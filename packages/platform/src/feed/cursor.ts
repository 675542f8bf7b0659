import { RongtongError } from '@rongtong/core';

/**
 * Feed cursors. A cursor is `v1.` followed by the store's event seq in base 10 (no
 * leading zeros), e.g. `v1.1042`: URL-safe, far below the contract's 128 characters, and
 * valid on every platform instance sharing the store (seqs are deployment-wide). The
 * version prefix lets a later format be told apart; clients treat cursors as opaque.
 */
export const CURSOR_PREFIX = 'v1.';

const MAX_U64 = (1n << 64n) - 1n;
const DIGITS = /^(0|[1-9][0-9]{0,19})$/;

/** Where a subscription starts, as `SubscribeRequest.after` says. */
export type FeedStart =
  /** "": from the oldest retained event. */
  | { readonly kind: 'oldest' }
  /** "now": only events committed after the subscription starts. */
  | { readonly kind: 'now' }
  /** A cursor: the events after seq `after`. */
  | { readonly kind: 'after'; readonly after: bigint };

/** The cursor of the event (or heartbeat position) with store seq `seq`. */
export function encodeCursor(seq: bigint): string {
  if (seq < 0n || seq > MAX_U64) throw new RangeError(`a feed seq must fit uint64: got ${seq}`);
  return `${CURSOR_PREFIX}${seq.toString()}`;
}

/** Parses `SubscribeRequest.after`; a malformed cursor is OUT_OF_RANGE / CURSOR_OUT_OF_RANGE (not issued by this platform). */
export function parseFeedStart(after: string): FeedStart {
  if (after === '') return { kind: 'oldest' };
  if (after === 'now') return { kind: 'now' };
  const digits = after.startsWith(CURSOR_PREFIX) ? after.slice(CURSOR_PREFIX.length) : '';
  if (!DIGITS.test(digits) || BigInt(digits) > MAX_U64) {
    throw new RongtongError('CURSOR_OUT_OF_RANGE', 'the cursor was not issued by this platform; resume from "" (oldest retained) or "now"');
  }
  return { kind: 'after', after: BigInt(digits) };
}

/**
 * Checks that resuming after `after` loses nothing: the events right after it must still
 * be retained (`after` ≥ first retained seq − 1) and it must not lie beyond the newest
 * event (a cursor from another deployment or a reset store). Throws CURSOR_OUT_OF_RANGE.
 */
export function checkCursorInRange(after: bigint, firstRetained: bigint, last: bigint): void {
  const tooNew = after > last;
  const tooOld = firstRetained === 0n ? after !== last : after < firstRetained - 1n;
  if (tooNew || tooOld) {
    throw new RongtongError(
      'CURSOR_OUT_OF_RANGE',
      `cursor ${encodeCursor(after)} is ${tooNew ? 'not from this platform' : 'older than the retained history'}; resume from "" or "now"`,
    );
  }
}
