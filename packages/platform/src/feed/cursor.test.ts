import { describe, expect, it } from 'vitest';
import { checkCursorInRange, encodeCursor, parseFeedStart } from './cursor.js';

const outOfRange = { code: 'CURSOR_OUT_OF_RANGE' };

describe('feed cursors', () => {
  it('encode a seq as v1.<decimal> and parse it back', () => {
    expect(encodeCursor(0n)).toBe('v1.0');
    expect(encodeCursor(1042n)).toBe('v1.1042');
    expect(encodeCursor((1n << 64n) - 1n)).toBe('v1.18446744073709551615');
    expect(parseFeedStart('v1.1042')).toEqual({ kind: 'after', after: 1042n });
    expect(parseFeedStart(encodeCursor((1n << 64n) - 1n))).toEqual({ kind: 'after', after: (1n << 64n) - 1n });
    expect(() => encodeCursor(-1n)).toThrow(RangeError);
  });

  it('read "" as the oldest retained event and "now" as live only', () => {
    expect(parseFeedStart('')).toEqual({ kind: 'oldest' });
    expect(parseFeedStart('now')).toEqual({ kind: 'now' });
  });

  it('refuse anything this platform did not issue with CURSOR_OUT_OF_RANGE', () => {
    for (const cursor of ['v1.', 'v1.01', 'v1.-3', 'v1.1e3', 'v1. 5', 'v2.5', '5', 'V1.5', 'v1.18446744073709551616', `v1.${'9'.repeat(21)}`, 'NOW']) {
      expect(() => parseFeedStart(cursor), cursor).toThrow(expect.objectContaining(outOfRange));
    }
  });

  it('accept a cursor from one before the oldest retained event up to the newest', () => {
    expect(() => checkCursorInRange(9n, 10n, 50n)).not.toThrow();
    expect(() => checkCursorInRange(50n, 10n, 50n)).not.toThrow();
    expect(() => checkCursorInRange(8n, 10n, 50n)).toThrow(/^cursor v1\.8 is older than the retained history/);
    expect(() => checkCursorInRange(8n, 10n, 50n)).toThrow(expect.objectContaining(outOfRange));
    expect(() => checkCursorInRange(51n, 10n, 50n)).toThrow(/^cursor v1\.51 is not from this platform/);
    expect(() => checkCursorInRange(51n, 10n, 50n)).toThrow(expect.objectContaining(outOfRange));
  });

  it('with nothing retained, accept only the newest seq (nothing after it can have been lost)', () => {
    expect(() => checkCursorInRange(0n, 0n, 0n)).not.toThrow();
    expect(() => checkCursorInRange(40n, 0n, 40n)).not.toThrow();
    expect(() => checkCursorInRange(39n, 0n, 40n)).toThrow(expect.objectContaining(outOfRange));
  });
});
