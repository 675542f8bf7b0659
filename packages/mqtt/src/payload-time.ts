/** Result of {@link parsePayloadTime}: ms since the Unix epoch, or why the value is not a time. */
export type PayloadTimeResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly reason: string };

/** Options of {@link parsePayloadTime}. */
export interface PayloadTimeOptions {
  /**
   * Offset from UTC, in minutes, of ISO 8601 times that carry none (e.g. 480 for China,
   * `+08:00`). Absent: such times are rejected, since their zone is unknown.
   */
  readonly localOffsetMinutes?: number;
}

/** Below this an epoch number is seconds (1e11 s is the year 5138; 1e11 ms would be 1973). */
const SECONDS_BELOW = 1e11;
/** Below this (and from 1e11) milliseconds. */
const MILLIS_BELOW = 1e14;
/** Below this (and from 1e14) microseconds; from here on nanoseconds. */
const MICROS_BELOW = 1e17;
/** Largest time a JavaScript Date holds, ms. */
const MAX_MS = 8.64e15;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const NUMERIC = /^\d+(?:\.\d+)?$/;

/**
 * Parses a time offset such as `+08:00`, `-05:30` or `Z` into minutes east of UTC; undefined
 * when the text is not one.
 */
export function parseUtcOffset(text: string): number | undefined {
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 23 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function fromEpochNumber(n: number): PayloadTimeResult {
  if (!Number.isFinite(n) || n <= 0) return { ok: false, reason: `epoch time must be a positive number, got ${n}` };
  let ms: number;
  if (n < SECONDS_BELOW) ms = Math.round(n * 1000);
  else if (n < MILLIS_BELOW) ms = Math.floor(n);
  else if (n < MICROS_BELOW) ms = Math.floor(n / 1e3);
  else ms = Math.floor(n / 1e6);
  if (ms > MAX_MS) return { ok: false, reason: `epoch time ${n} is out of range` };
  return { ok: true, ms };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fromIso(text: string, options: PayloadTimeOptions): PayloadTimeResult {
  const m = ISO.exec(text);
  const bad = (why: string): PayloadTimeResult => ({ ok: false, reason: `"${text}" ${why}` });
  if (!m) return bad('is not an ISO 8601 date-time such as 2025-01-01T08:00:00+08:00, nor an epoch number');
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (year < 1970) return bad('is before 1970');
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return bad('has no such date');
  if (hour > 23 || minute > 59 || second > 60) return bad('has no such time of day');
  const fraction = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  let offset: number | undefined;
  if (m[8] !== undefined) offset = 0;
  else if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return bad('has an invalid UTC offset');
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  } else offset = options.localOffsetMinutes;
  if (offset === undefined) return bad('has no UTC offset (Z or ±hh:mm), and no localTimeOffset is configured');
  // A leap second (:60) is read as :59.999, the last instant of the minute.
  const secondMs = second === 60 ? 59_999 : second * 1000 + fraction;
  const ms = Date.UTC(year, month - 1, day, hour, minute, 0, secondMs) - offset * 60_000;
  if (ms <= 0) return bad('is not after 1970-01-01');
  return { ok: true, ms };
}

/**
 * Reads a time from a payload value into ms since the Unix epoch.
 *
 * - **Numbers** are epoch times whose unit is decided by magnitude: below 1e11 seconds
 *   (fractions allowed; 1e11 s is the year 5138), below 1e14 milliseconds, below 1e17
 *   microseconds, otherwise nanoseconds. Sub-millisecond parts are truncated. Zero, negative
 *   and non-finite numbers are rejected. Digit-only text (`"1700000000"`) is read the same way.
 * - **Text** in ISO 8601 / RFC 3339 extended form: `2025-01-01T08:00:00+08:00`, with `T`, `t`
 *   or a space, optional seconds and up to 9 fraction digits, `Z` or an offset `±hh:mm`,
 *   `±hhmm` or `±hh`. Without an offset the time is rejected unless `localOffsetMinutes`
 *   is given.
 * - Anything else (booleans, objects, arrays, null) is not a time.
 *
 * @example
 * ```ts
 * parsePayloadTime(1735689600);                  // { ok: true, ms: 1735689600000 } (seconds)
 * parsePayloadTime(1735689600000);               // same instant (ms)
 * parsePayloadTime('2025-01-01T08:00:00+08:00'); // same instant
 * ```
 */
export function parsePayloadTime(value: unknown, options: PayloadTimeOptions = {}): PayloadTimeResult {
  if (typeof value === 'number') return fromEpochNumber(value);
  if (typeof value === 'string') {
    const text = value.trim();
    if (NUMERIC.test(text)) return fromEpochNumber(Number(text));
    return fromIso(text, options);
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  return { ok: false, reason: `a time must be an epoch number or ISO 8601 text, got ${kind}` };
}
