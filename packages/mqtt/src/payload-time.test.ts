import { describe, expect, it } from 'vitest';
import { parsePayloadTime, parseUtcOffset } from './payload-time.js';

const T = Date.parse('2025-01-01T00:00:00.000Z'); // 1735689600000
const ok = (ms: number) => ({ ok: true, ms });

describe('payload times', () => {
  it('reads epoch numbers by magnitude: seconds, milliseconds, microseconds, nanoseconds', () => {
    expect(parsePayloadTime(1_735_689_600)).toEqual(ok(T));
    expect(parsePayloadTime(1_735_689_600.123)).toEqual(ok(T + 123));
    expect(parsePayloadTime(1_735_689_600_000)).toEqual(ok(T));
    expect(parsePayloadTime(1_735_689_600_123.9)).toEqual(ok(T + 123)); // sub-ms truncated
    expect(parsePayloadTime(1_735_689_600_123_456)).toEqual(ok(T + 123));
    expect(parsePayloadTime(Number('1735689600123456789'))).toEqual(ok(T + 123)); // beyond 2^53: ns precision is lost, ms is not
  });

  it('puts the boundaries where no plausible time is ambiguous', () => {
    expect(parsePayloadTime(99_999_999_999)).toEqual(ok(99_999_999_999_000)); // seconds: year 5138
    expect(parsePayloadTime(100_000_000_000)).toEqual(ok(100_000_000_000)); // ms: 1973
    expect(parsePayloadTime(99_999_999_999_999)).toEqual(ok(99_999_999_999_999)); // ms: year 5138
    expect(parsePayloadTime(100_000_000_000_000)).toEqual(ok(100_000_000_000)); // µs: 1973
    expect(parsePayloadTime(1e17)).toEqual(ok(1e11)); // ns: 1973
    expect(parsePayloadTime(1)).toEqual(ok(1000)); // 1 s after the epoch
  });

  it('reads digit-only text as an epoch number', () => {
    expect(parsePayloadTime('1735689600')).toEqual(ok(T));
    expect(parsePayloadTime(' 1735689600000 ')).toEqual(ok(T));
    expect(parsePayloadTime('1735689600.5')).toEqual(ok(T + 500));
  });

  it('reads ISO 8601 / RFC 3339 text with Z or an offset', () => {
    expect(parsePayloadTime('2025-01-01T00:00:00Z')).toEqual(ok(T));
    expect(parsePayloadTime('2025-01-01T08:00:00+08:00')).toEqual(ok(T));
    expect(parsePayloadTime('2025-01-01T08:00:00+0800')).toEqual(ok(T));
    expect(parsePayloadTime('2025-01-01T08:00:00+08')).toEqual(ok(T));
    expect(parsePayloadTime('2024-12-31T19:00:00-05:00')).toEqual(ok(T));
    expect(parsePayloadTime('2025-01-01 00:00:00.250Z')).toEqual(ok(T + 250));
    expect(parsePayloadTime('2025-01-01t00:00:00.1z')).toEqual(ok(T + 100));
    expect(parsePayloadTime('2025-01-01T00:00:00.123456789Z')).toEqual(ok(T + 123));
    expect(parsePayloadTime('2025-01-01T00:00,5Z')).toMatchObject({ ok: false }); // fraction needs seconds
    expect(parsePayloadTime('2025-01-01T00:00Z')).toEqual(ok(T));
    expect(parsePayloadTime('2016-12-31T23:59:60Z')).toEqual(ok(Date.parse('2016-12-31T23:59:59.999Z')));
  });

  it('uses the configured local offset only for times without one', () => {
    expect(parsePayloadTime('2025-01-01 08:00:00')).toMatchObject({ ok: false, reason: expect.stringMatching(/no UTC offset/) as unknown });
    expect(parsePayloadTime('2025-01-01 08:00:00', { localOffsetMinutes: 480 })).toEqual(ok(T));
    expect(parsePayloadTime('2025-01-01T00:00:00Z', { localOffsetMinutes: 480 })).toEqual(ok(T));
  });

  it.each([
    [0, /positive/],
    [-5, /positive/],
    [Number.NaN, /positive/],
    [Number.POSITIVE_INFINITY, /positive/],
    [1e30, /out of range/],
    ['yesterday', /not an ISO 8601/],
    ['2025-01-01', /not an ISO 8601/],
    ['2025-02-30T00:00:00Z', /no such date/],
    ['2025-13-01T00:00:00Z', /no such date/],
    ['2025-01-01T24:00:00Z', /no such time/],
    ['2025-01-01T00:00:00+25:00', /invalid UTC offset/],
    ['0099-01-01T00:00:00Z', /before 1970/],
    [true, /got a boolean/],
    [null, /got null/],
    [{ s: 1 }, /got an object/],
    [[1], /got an array/],
  ])('rejects %j', (value, reason) => {
    const result = parsePayloadTime(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('parses UTC offsets', () => {
    expect(parseUtcOffset('+08:00')).toBe(480);
    expect(parseUtcOffset('-05:30')).toBe(-330);
    expect(parseUtcOffset('Z')).toBe(0);
    expect(parseUtcOffset('+8')).toBeUndefined();
    expect(parseUtcOffset('+24:00')).toBeUndefined();
  });
});
