import type { FieldViolation } from '@rongtong/core';

/**
 * Plain variables in bulk, for load tests and benchmarks: `count` Double variables under
 * `Objects/Bulk`, each changing once every `intervalMs` of simulated time, staggered over the
 * interval so the server publishes `count / intervalMs` changes per simulated ms, evenly.
 */
export interface BulkVariablesOptions {
  /** How many variables: 1–100,000. */
  readonly count: number;
  /** Simulated ms between two changes of one variable: a whole number 1–86,400,000 (default 1000). */
  readonly intervalMs?: number;
}

/** {@link BulkVariablesOptions} with the default applied and values checked. */
export interface ResolvedBulkOptions {
  readonly count: number;
  readonly intervalMs: number;
}

/** Most bulk variables a simulator has (their NodeIds have five digits). */
export const MAX_BULK_VARIABLES = 100_000;
/** Default simulated ms between two changes of one bulk variable. */
export const DEFAULT_BULK_INTERVAL_MS = 1000;
const MAX_BULK_INTERVAL_MS = 86_400_000;

/** The string identifier of bulk variable `index` (0-based): `bulk/00042`. */
export function bulkIdentifier(index: number): string {
  return `bulk/${String(index).padStart(5, '0')}`;
}

/**
 * Checks `bulk` (undefined: no bulk variables); adds a violation per bad field (`bulk.count`,
 * `bulk.intervalMs`) to `violations`.
 */
export function resolveBulkOptions(bulk: BulkVariablesOptions | undefined, violations: FieldViolation[]): ResolvedBulkOptions | undefined {
  if (bulk === undefined) return undefined;
  if (typeof bulk !== 'object' || bulk === null) {
    violations.push({ path: 'bulk', reason: 'must be { count, intervalMs? }' });
    return undefined;
  }
  const { count } = bulk;
  const intervalMs = bulk.intervalMs ?? DEFAULT_BULK_INTERVAL_MS;
  if (!Number.isInteger(count) || count < 1 || count > MAX_BULK_VARIABLES) {
    violations.push({ path: 'bulk.count', reason: `must be a whole number 1–${MAX_BULK_VARIABLES.toLocaleString('en-US')}` });
  }
  if (!Number.isInteger(intervalMs) || intervalMs < 1 || intervalMs > MAX_BULK_INTERVAL_MS) {
    violations.push({ path: 'bulk.intervalMs', reason: `must be a whole number of ms 1–${MAX_BULK_INTERVAL_MS.toLocaleString('en-US')}` });
  }
  return { count, intervalMs };
}

/** A bulk variable's value and when it took it. */
export interface BulkValue {
  readonly value: number;
  /** Simulated time of the change (the source timestamp), ms since the epoch. */
  readonly time: number;
}

/**
 * When each bulk variable changes and to what, as a function of simulated time alone.
 *
 * Variable `i` (0 ≤ i < count) starts with value `i` at `startTime` and changes for the n-th
 * time (n ≥ 1) at `startTime + n × intervalMs + offset(i)`, with `offset(i) = ⌊i × intervalMs /
 * count⌋`, to the value `n × count + i`. So every value says which variable it belongs to
 * (`value mod count`) and how many changes it had (`⌊value / count⌋`); and all the changes of
 * all the variables, ordered by time, are numbered `count, count + 1, …` by their values.
 */
export interface BulkSchedule extends ResolvedBulkOptions {
  readonly startTime: number;
  /** ms after each whole interval at which variable `index` changes. */
  offset(index: number): number;
  /** The value of variable `index` at simulated time `t` and when it was set. */
  valueAt(index: number, t: number): BulkValue;
  /** The change numbered `change` (≥ count): which variable, and when. */
  change(change: number): { readonly index: number; readonly time: number };
  /** The number of the first change after `t` (count when none happened yet). */
  nextChangeAfter(t: number): number;
  /** How many changes happened from `startTime` to `t` inclusive (initial values not counted). */
  changesUntil(t: number): number;
}

/** The schedule of `options.count` bulk variables from `startTime` (see {@link BulkSchedule}). */
export function createBulkSchedule(options: ResolvedBulkOptions & { readonly startTime: number }): BulkSchedule {
  const { count, intervalMs, startTime } = options;
  const offset = (index: number): number => Math.floor((index * intervalMs) / count);
  const nextChangeAfter = (t: number): number => {
    const elapsed = Math.floor(t) - startTime;
    if (elapsed < intervalMs) return count;
    const rounds = Math.floor(elapsed / intervalMs);
    const rest = elapsed - rounds * intervalMs;
    // Variables with offset(i) ≤ rest, i.e. i < (rest + 1) × count / intervalMs, changed in this round.
    const changedThisRound = Math.min(count, Math.ceil(((rest + 1) * count) / intervalMs));
    return rounds * count + changedThisRound;
  };
  return {
    count,
    intervalMs,
    startTime,
    offset,
    valueAt(index, t) {
      const n = Math.max(0, Math.floor((Math.floor(t) - startTime - offset(index)) / intervalMs));
      return { value: n * count + index, time: n === 0 ? startTime : startTime + n * intervalMs + offset(index) };
    },
    change(change) {
      const index = change % count;
      return { index, time: startTime + Math.floor(change / count) * intervalMs + offset(index) };
    },
    nextChangeAfter,
    changesUntil: (t) => nextChangeAfter(t) - count,
  };
}
