import { toBigInt } from './int64.js';

/** `google.protobuf.Timestamp` as generated output carries it (seconds as a decimal string). */
export interface TimestampLike {
  seconds?: string | number | bigint | null;
  nanos?: number | null;
}

/** `google.protobuf.Timestamp` in the shape the generated input types accept. */
export interface Timestamp {
  seconds: string;
  nanos: number;
}

/** A Timestamp from milliseconds since the Unix epoch (may be fractional). */
export function timestampFromMillis(ms: number): Timestamp {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite time: ${ms}`);
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos === 1e9 ? { seconds: String(seconds + 1), nanos: 0 } : { seconds: String(seconds), nanos };
}

/** A Timestamp from a Date. */
export function timestampFromDate(date: Date): Timestamp {
  return timestampFromMillis(date.getTime());
}

/** Milliseconds since the Unix epoch (fractional below 1 ms); missing fields count as 0. */
export function timestampToMillis(ts: TimestampLike | null | undefined): number {
  if (!ts) return 0;
  const seconds = ts.seconds == null ? 0n : toBigInt(ts.seconds);
  return Number(seconds) * 1000 + (ts.nanos ?? 0) / 1e6;
}

/** Nanoseconds since the Unix epoch, exactly. */
export function timestampToNanos(ts: TimestampLike | null | undefined): bigint {
  if (!ts) return 0n;
  const seconds = ts.seconds == null ? 0n : toBigInt(ts.seconds);
  return seconds * 1_000_000_000n + BigInt(ts.nanos ?? 0);
}

/** A Timestamp from nanoseconds since the Unix epoch, exactly. */
export function timestampFromNanos(ns: bigint): Timestamp {
  let seconds = ns / 1_000_000_000n;
  let nanos = ns % 1_000_000_000n;
  if (nanos < 0n) {
    seconds -= 1n;
    nanos += 1_000_000_000n;
  }
  return { seconds: seconds.toString(), nanos: Number(nanos) };
}
