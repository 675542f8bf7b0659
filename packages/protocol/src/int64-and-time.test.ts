import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { int64String, toBigInt, toSafeNumber } from './int64.js';
import { durationFromMillis, timestampFromDate, timestampFromMillis, timestampFromNanos, toMillis, toNanos } from './timestamp.js';

describe('int64 helpers', () => {
  it('parses decimal strings, safe numbers and bigints', () => {
    expect(toBigInt('18446744073709551615')).toBe(18446744073709551615n);
    expect(toBigInt('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(toBigInt(42)).toBe(42n);
    expect(toBigInt(7n)).toBe(7n);
  });

  it('refuses what is not an exact integer', () => {
    expect(() => toBigInt('1.5')).toThrow(/decimal integer/);
    expect(() => toBigInt('0x10')).toThrow(/decimal integer/);
    expect(() => toBigInt(2 ** 60)).toThrow(/safe integer/);
  });

  it('formats bigints within 64 bits', () => {
    expect(int64String((1n << 64n) - 1n, true)).toBe('18446744073709551615');
    expect(() => int64String(1n << 64n, true)).toThrow(/uint64/);
    expect(() => int64String(-1n, true)).toThrow(/uint64/);
    expect(() => int64String(1n << 63n)).toThrow(/int64/);
    expect(int64String(-(1n << 63n))).toBe('-9223372036854775808');
  });

  it('converts to number only without precision loss', () => {
    expect(toSafeNumber('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber('9007199254740993')).toThrow(/MAX_SAFE_INTEGER/);
  });
});

describe('timestamp and duration helpers', () => {
  it('converts milliseconds with sub-millisecond precision', () => {
    expect(timestampFromMillis(1_700_000_000_123.5)).toEqual({ seconds: '1700000000', nanos: 123_500_000 });
    expect(toMillis({ seconds: '1700000000', nanos: 123_500_000 })).toBe(1_700_000_000_123.5);
    expect(timestampFromDate(new Date(Date.UTC(2026, 10, 26)))).toEqual({ seconds: '1795651200', nanos: 0 });
  });

  it('normalises negative times so that nanos stay in [0, 1e9)', () => {
    expect(timestampFromMillis(-1)).toEqual({ seconds: '-1', nanos: 999_000_000 });
    expect(timestampFromNanos(-1n)).toEqual({ seconds: '-1', nanos: 999_999_999 });
  });

  it('round-trips nanoseconds exactly (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (ns) => toNanos(timestampFromNanos(ns)) === ns),
    );
  });

  it('round-trips whole milliseconds (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -1e13, max: 1e13 }), (ms) => toMillis(timestampFromMillis(ms)) === ms));
  });

  it('makes durations whose seconds and nanos share a sign', () => {
    expect(durationFromMillis(1500)).toEqual({ seconds: '1', nanos: 500_000_000 });
    expect(durationFromMillis(-1500)).toEqual({ seconds: '-1', nanos: -500_000_000 });
    expect(toMillis(durationFromMillis(-1500))).toBe(-1500);
  });

  it('treats missing values as zero and refuses non-finite input', () => {
    expect(toMillis(undefined)).toBe(0);
    expect(toNanos({ seconds: null, nanos: 5 })).toBe(5n);
    expect(() => timestampFromMillis(Number.NaN)).toThrow(/finite/);
  });
});
