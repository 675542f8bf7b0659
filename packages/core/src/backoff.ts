import { type FieldViolation, RongtongError } from './errors/index.js';

/** Jittered exponential backoff between reconnection attempts. */
export interface BackoffOptions {
  /** Delay before the first retry, in milliseconds (before jitter). */
  readonly initialMs: number;
  /** Upper bound of any delay, in milliseconds. */
  readonly maxMs: number;
  /** Growth factor per failed attempt (≥ 1). */
  readonly multiplier: number;
  /**
   * Fraction of each delay that is random, 0–1: a delay lies in
   * `[base × (1 − jitter), base]`. 0 is no jitter, 1 is "full jitter".
   */
  readonly jitter: number;
}

/** The backoff the feed uses when the caller gives none: 0.5 s doubling up to 30 s, 20 % jitter. */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  initialMs: 500,
  maxMs: 30_000,
  multiplier: 2,
  jitter: 0.2,
});

/**
 * Delay in milliseconds before retry number `attempt` (0 for the first retry):
 * `min(maxMs, initialMs × multiplier^attempt)`, reduced by up to `jitter` of itself
 * using `random()` (a number in [0, 1)). Pure; the result is always within
 * `[0, maxMs]` for valid options.
 */
export function nextBackoffMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const { initialMs, maxMs, multiplier, jitter } = options;
  const exponent = Number.isNaN(attempt) ? 0 : Math.max(0, Math.floor(attempt));
  const growth = multiplier <= 1 ? 1 : multiplier ** exponent;
  const base = initialMs <= 0 ? 0 : Math.min(maxMs, initialMs * growth);
  const r = Math.min(1, Math.max(0, random()));
  return base * (1 - jitter * r);
}

/**
 * Complete backoff options from a partial set over `DEFAULT_BACKOFF`, checked:
 * throws an `INVALID_ARGUMENT` RongtongError naming each bad field.
 */
export function resolveBackoffOptions(partial: Partial<BackoffOptions> = {}, path = 'backoff'): BackoffOptions {
  const options: BackoffOptions = { ...DEFAULT_BACKOFF, ...partial };
  const violations: FieldViolation[] = [];
  const check = (field: keyof BackoffOptions, ok: boolean, reason: string): void => {
    if (!ok) violations.push({ path: `${path}.${field}`, reason });
  };
  const finite = (n: number): boolean => typeof n === 'number' && Number.isFinite(n);
  check('initialMs', finite(options.initialMs) && options.initialMs >= 0, 'must be a finite number ≥ 0');
  check('maxMs', finite(options.maxMs) && options.maxMs >= options.initialMs, 'must be a finite number ≥ initialMs');
  check('multiplier', finite(options.multiplier) && options.multiplier >= 1, 'must be a finite number ≥ 1');
  check('jitter', finite(options.jitter) && options.jitter >= 0 && options.jitter <= 1, 'must be between 0 and 1');
  if (violations.length > 0) {
    const summary = violations.map((v) => `${v.path}: ${v.reason}`).join('; ');
    throw new RongtongError('INVALID_ARGUMENT', `invalid backoff options: ${summary}`, { fieldViolations: violations });
  }
  return options;
}
