import { TIME_BUCKETS, isTimeBucket, type TimeBucket } from './time-bucket.js';

/** A span of time spent in one bucket, `[start, end)` in milliseconds since the epoch. */
export interface BucketInterval {
  /** Inclusive start, ms since the epoch. */
  readonly start: number;
  /** Exclusive end, ms since the epoch. */
  readonly end: number;
  /** The ISO 22400 time bucket of the span (see `mapStateToBucket`). */
  readonly bucket: TimeBucket;
}

/** A reporting period `[from, to)` in milliseconds since the epoch. */
export interface Period {
  /** Inclusive start, ms since the epoch. */
  readonly from: number;
  /** Exclusive end, ms since the epoch. */
  readonly to: number;
}

/** Options for {@link computeTimeElements}. */
export interface TimeElementsOptions {
  /**
   * Planned busy time (PBT) in ms, e.g. from a shift calendar. When given it replaces the
   * default `period − PDOT`. Must be a finite number ≥ 0.
   */
  readonly plannedBusyTime?: number;
}

/**
 * ISO 22400-2 time elements of one period, all in milliseconds.
 * Invariant: `apt + aust + adet + adot + pdot + idle + unknown === period`.
 */
export interface TimeElements {
  /** Length of the period, `to − from`. */
  readonly period: number;
  /** Actual production time. */
  readonly apt: number;
  /** Actual unit setup time. */
  readonly aust: number;
  /** Actual unit delay time. */
  readonly adet: number;
  /** Actual unit down time, as mapped (ISO's ADOT is `adot + idle`, see `TimeBucket`). */
  readonly adot: number;
  /** Planned down time. */
  readonly pdot: number;
  /** Available, no order. */
  readonly idle: number;
  /** No data, bad quality, unmapped state, or not covered by any interval. */
  readonly unknown: number;
  /** Actual unit processing time: `APT + AUST`. */
  readonly aupt: number;
  /** Actual unit busy time: `AUPT + ADET`. */
  readonly aubt: number;
  /** Planned busy time: `period − PDOT`, or the `plannedBusyTime` option. */
  readonly pbt: number;
  /** Share of the period with a known bucket, `(period − unknown) / period`; `undefined` for an empty period. */
  readonly coverage: number | undefined;
  /** Time (inside the period) covered by more than one interval; resolved as documented. */
  readonly overlap: number;
  /** Intervals ignored as malformed: non-finite bounds or `end <= start`. */
  readonly ignoredIntervals: number;
}

interface Clipped {
  readonly start: number;
  readonly end: number;
  readonly bucket: TimeBucket;
  readonly rankStart: number;
  readonly index: number;
}

/** True when `a` wins over `b`: later original start, then later position in the input. */
function outranks(a: Clipped, b: Clipped): boolean {
  return a.rankStart !== b.rankStart ? a.rankStart > b.rankStart : a.index > b.index;
}

/**
 * Sums bucket intervals over a period and derives the ISO 22400-2 time elements.
 *
 * - Intervals are clipped to `[from, to)`; parts outside the period are dropped.
 * - Time inside the period that no interval covers counts as `unknown`.
 * - Overlaps are resolved deterministically, point by point: where several intervals cover
 *   the same instant, the one with the latest `start` wins (ties: the one later in the
 *   input array). A short interval inside a long one therefore overrides only its own
 *   span. Overlapped time is reported in `overlap` so callers can flag bad input.
 * - Malformed intervals (non-finite bounds, `end <= start`) are ignored and counted; an
 *   unrecognised bucket string counts as `unknown`.
 *
 * Cost is O(n log n) plus O(n·k) where k is the number of intervals overlapping at once
 * (1 for well-formed state data).
 *
 * @throws RangeError if the period has non-finite bounds or `to < from`, or if
 *   `plannedBusyTime` is given and is not a finite number ≥ 0.
 */
export function computeTimeElements(
  intervals: readonly BucketInterval[],
  period: Period,
  options: TimeElementsOptions = {},
): TimeElements {
  checkPeriod(period, options);
  const { from, to } = period;

  let ignoredIntervals = 0;
  const clipped: Clipped[] = [];
  intervals.forEach((iv, index) => {
    if (!Number.isFinite(iv.start) || !Number.isFinite(iv.end) || iv.end <= iv.start) {
      ignoredIntervals += 1;
      return;
    }
    const start = Math.max(iv.start, from);
    const end = Math.min(iv.end, to);
    if (end <= start) return;
    const bucket = isTimeBucket(iv.bucket) ? iv.bucket : 'unknown';
    clipped.push({ start, end, bucket, rankStart: iv.start, index });
  });
  clipped.sort((a, b) => a.start - b.start);

  const cuts = new Set<number>([from, to]);
  for (const c of clipped) {
    cuts.add(c.start);
    cuts.add(c.end);
  }
  const bounds = [...cuts].sort((a, b) => a - b);

  const sums: Record<TimeBucket, number> = { apt: 0, aust: 0, adet: 0, adot: 0, pdot: 0, idle: 0, unknown: 0 };
  let overlap = 0;
  let active: Clipped[] = [];
  let next = 0;
  for (let k = 0; k + 1 < bounds.length; k += 1) {
    const lo = bounds[k] as number;
    const hi = bounds[k + 1] as number;
    active = active.filter((c) => c.end > lo);
    for (let c = clipped[next]; c !== undefined && c.start <= lo; c = clipped[next]) {
      active.push(c);
      next += 1;
    }
    const length = hi - lo;
    let winner: Clipped | undefined;
    for (const c of active) if (winner === undefined || outranks(c, winner)) winner = c;
    sums[winner?.bucket ?? 'unknown'] += length;
    if (active.length > 1) overlap += length;
  }

  return elementsOf(to - from, sums, options, overlap, ignoredIntervals);
}

/**
 * The ISO 22400-2 time elements of a period from the time spent in each bucket inside it,
 * for callers that add up state intervals as they arrive instead of keeping them (an agent's
 * hourly totals). The times must already be clipped to the period and free of overlaps;
 * time they leave uncovered counts as `unknown`, a missing bucket as 0. For the intervals the
 * times were summed from, the result is {@link computeTimeElements}'s (here `overlap` and
 * `ignoredIntervals` are 0).
 *
 * @throws RangeError on an invalid period or `plannedBusyTime` (as {@link computeTimeElements}),
 *   a bucket time that is not a finite number ≥ 0, or bucket times summing to more than the
 *   period (1 ms of rounding is allowed; `unknown` then takes no uncovered time).
 */
export function timeElementsFromBuckets(
  buckets: Readonly<Partial<Record<TimeBucket, number>>>,
  period: Period,
  options: TimeElementsOptions = {},
): TimeElements {
  checkPeriod(period, options);
  const length = period.to - period.from;
  const sums: Record<TimeBucket, number> = { apt: 0, aust: 0, adet: 0, adot: 0, pdot: 0, idle: 0, unknown: 0 };
  let covered = 0;
  for (const bucket of TIME_BUCKETS) {
    const ms = buckets[bucket] ?? 0;
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`time in ${bucket} must be a finite number >= 0, got ${ms}`);
    sums[bucket] = ms;
    covered += ms;
  }
  if (covered > length + 1) throw new RangeError(`bucket times sum to ${covered} ms, more than the ${length} ms period`);
  sums.unknown += Math.max(0, length - covered);
  return elementsOf(length, sums, options, 0, 0);
}

/** Throws unless `period` is finite and not reversed and `plannedBusyTime` (if given) is a finite number ≥ 0. */
function checkPeriod({ from, to }: Period, options: TimeElementsOptions): void {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) {
    throw new RangeError(`invalid period [${from}, ${to})`);
  }
  const planned = options.plannedBusyTime;
  if (planned !== undefined && !(Number.isFinite(planned) && planned >= 0)) {
    throw new RangeError(`plannedBusyTime must be a finite number >= 0, got ${planned}`);
  }
}

/** The derived elements (AUPT, AUBT, PBT, coverage) of a period of `length` ms with these bucket sums. */
function elementsOf(
  length: number,
  sums: Readonly<Record<TimeBucket, number>>,
  options: TimeElementsOptions,
  overlap: number,
  ignoredIntervals: number,
): TimeElements {
  const aupt = sums.apt + sums.aust;
  return {
    period: length,
    ...sums,
    aupt,
    aubt: aupt + sums.adet,
    pbt: options.plannedBusyTime ?? length - sums.pdot,
    coverage: length > 0 ? (length - sums.unknown) / length : undefined,
    overlap,
    ignoredIntervals,
  };
}
