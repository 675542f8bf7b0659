import type { FieldViolation } from '@rongtong/core';

/** The options every simulator has: how its simulated clock runs and how its machines are seeded. */
export interface ClockOptions {
  /**
   * Simulated seconds per real second (default 1; 60 = one simulated hour a minute). 0 stops
   * the clock: time then moves only with `advance()`.
   */
  readonly speed?: number;
  /** Seed of the simulation (default 1): same seed, machines and time → same history. */
  readonly seed?: string | number;
  /** Simulated start time (default: now, to the second). */
  readonly startTime?: Date | number | string;
  /** Real milliseconds between clock ticks (default 100). */
  readonly tickMs?: number;
}

/** {@link ClockOptions} with defaults applied and values checked. */
export interface ResolvedClockOptions {
  readonly speed: number;
  readonly seed: string | number;
  /** ms since the epoch, whole. */
  readonly startTime: number;
  readonly tickMs: number;
}

/** A machine or device id: letters, digits, `_` and `-`, starting with a letter, at most 64 characters. */
export const SIMULATED_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

function startTimeMs(value: ClockOptions['startTime'], violations: FieldViolation[]): number {
  if (value === undefined) return Math.floor(Date.now() / 1000) * 1000;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    violations.push({ path: 'startTime', reason: 'must be a date (Date, ms since the epoch or ISO 8601 text)' });
    return 0;
  }
  return Math.floor(ms);
}

/** Applies the defaults of {@link ClockOptions}; adds a violation per bad field to `violations`. */
export function resolveClockOptions(options: ClockOptions, violations: FieldViolation[]): ResolvedClockOptions {
  const bad = (path: string, reason: string): void => {
    violations.push({ path, reason });
  };
  const speed = options.speed ?? 1;
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < 0) bad('speed', 'must be a number ≥ 0');
  const tickMs = options.tickMs ?? 100;
  if (typeof tickMs !== 'number' || !Number.isFinite(tickMs) || tickMs < 1) bad('tickMs', 'must be a number ≥ 1');
  const seed = options.seed ?? 1;
  if (typeof seed !== 'string' && typeof seed !== 'number') bad('seed', 'must be a string or a number');
  const startTime = startTimeMs(options.startTime, violations);
  return { speed, seed, startTime, tickMs };
}
