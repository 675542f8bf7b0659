import type { Duration, Duration__Output, Timestamp, Timestamp__Output } from './gen/types.js';
import { toBigInt } from './int64.js';

/** A Timestamp or Duration as either generated shape carries it. */
type SecondsNanos = Pick<Timestamp, 'nanos'> & { seconds?: string | number | bigint | null | Timestamp['seconds'] };

const NANOS_PER_SECOND = 1_000_000_000n;

function secondsOf(value: SecondsNanos): bigint {
  const s = value.seconds;
  if (s == null) return 0n;
  if (typeof s === 'object') return toBigInt(s.toString());
  return toBigInt(s);
}

/** Nanoseconds of a `google.protobuf.Timestamp` or `Duration`, exactly (missing fields count as 0). */
export function toNanos(value: SecondsNanos | null | undefined): bigint {
  if (!value) return 0n;
  return secondsOf(value) * NANOS_PER_SECOND + BigInt(value.nanos ?? 0);
}

/** Milliseconds of a Timestamp (since the Unix epoch) or a Duration; fractional below 1 ms. */
export function toMillis(value: SecondsNanos | null | undefined): number {
  if (!value) return 0;
  return Number(secondsOf(value)) * 1000 + (value.nanos ?? 0) / 1e6;
}

/** Normalised seconds/nanos (0 ≤ nanos < 1e9) from nanoseconds. */
function fromNanos(ns: bigint): Timestamp__Output {
  let seconds = ns / NANOS_PER_SECOND;
  let nanos = ns % NANOS_PER_SECOND;
  if (nanos < 0n) {
    seconds -= 1n;
    nanos += NANOS_PER_SECOND;
  }
  return { seconds: seconds.toString(), nanos: Number(nanos) };
}

/** A Timestamp from nanoseconds since the Unix epoch, exactly. */
export function timestampFromNanos(ns: bigint): Timestamp__Output {
  return fromNanos(ns);
}

/** A Timestamp from milliseconds since the Unix epoch (sub-millisecond fractions kept to the nanosecond). */
export function timestampFromMillis(ms: number): Timestamp__Output {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite time: ${ms}`);
  const whole = Math.floor(ms);
  return fromNanos(BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6)));
}

/** A Timestamp from a Date. */
export function timestampFromDate(date: Date): Timestamp__Output {
  return timestampFromMillis(date.getTime());
}

/** A Duration from milliseconds (negative allowed; seconds and nanos then share the sign, as protobuf requires). */
export function durationFromMillis(ms: number): Duration__Output {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite duration: ${ms}`);
  const ns = BigInt(Math.round(ms * 1e6));
  // BigInt division truncates toward zero, so seconds and nanos keep the same sign.
  return { seconds: (ns / NANOS_PER_SECOND).toString(), nanos: Number(ns % NANOS_PER_SECOND) };
}

export type { Duration, Timestamp };
