import { RongtongError } from '@rongtong/core';

/** Jittered exponential backoff between reconnection attempts of an uplink. */
export interface UplinkBackoff {
  /** Delay before the first retry, ms (before jitter). */
  readonly initialMs: number;
  /** Upper bound of any delay, ms. */
  readonly maxMs: number;
  /** Growth factor per failed attempt (≥ 1). */
  readonly multiplier: number;
  /** Fraction of each delay that is random, 0–1: a delay lies in `[base × (1 − jitter), base]`. */
  readonly jitter: number;
}

/** The uplink's default backoff: 0.5 s doubling up to 30 s, 20 % jitter. */
export const DEFAULT_UPLINK_BACKOFF: Readonly<UplinkBackoff> = Object.freeze({ initialMs: 500, maxMs: 30_000, multiplier: 2, jitter: 0.2 });

/** Complete backoff options over the defaults; throws INVALID_ARGUMENT naming the bad fields. */
export function resolveUplinkBackoff(partial: Partial<UplinkBackoff> = {}): UplinkBackoff {
  const o: UplinkBackoff = { ...DEFAULT_UPLINK_BACKOFF, ...partial };
  const bad: string[] = [];
  const finite = (n: number): boolean => typeof n === 'number' && Number.isFinite(n);
  if (!finite(o.initialMs) || o.initialMs < 0) bad.push('backoff.initialMs: must be a finite number ≥ 0');
  if (!finite(o.maxMs) || o.maxMs < o.initialMs) bad.push('backoff.maxMs: must be a finite number ≥ initialMs');
  if (!finite(o.multiplier) || o.multiplier < 1) bad.push('backoff.multiplier: must be a finite number ≥ 1');
  if (!finite(o.jitter) || o.jitter < 0 || o.jitter > 1) bad.push('backoff.jitter: must be between 0 and 1');
  if (bad.length > 0) throw new RongtongError('INVALID_ARGUMENT', `invalid uplink options: ${bad.join('; ')}`);
  return o;
}

/**
 * Delay in ms before retry number `attempt` (0 for the first): `min(maxMs, initialMs ×
 * multiplier^attempt)`, reduced by up to `jitter` of itself using `random()`. Pure.
 */
export function uplinkBackoffMs(attempt: number, options: UplinkBackoff, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt));
  const base = Math.min(options.maxMs, options.initialMs * options.multiplier ** exponent);
  const r = Math.min(1, Math.max(0, random()));
  return base * (1 - options.jitter * r);
}
