import { computeKpis, type KpiCounts, type Kpis } from './kpis.js';
import { plannedBusyTime, type ShiftCalendarInput } from './planned-busy-time.js';
import { mapStateToBucket, type StateMapping } from './state-mapping.js';
import type { TimeBucket } from './time-bucket.js';
import { computeTimeElements, type BucketInterval, type Period, type TimeElements } from './time-elements.js';
import type { DataQuality } from './data-quality.js';

/** A state interval as `StateInterval` carries it; `mode` is only read when remapping. */
export interface PeriodStateInterval {
  /** Inclusive start, ms since the epoch. */
  readonly startTime: number;
  /** Exclusive end, ms since the epoch. */
  readonly endTime: number;
  /** The bucket the agent booked (used when no `mapping` is given). */
  readonly bucket: TimeBucket;
  /** The raw state name (used with `mapping`). */
  readonly rawState?: string;
  /** Operation mode, for mode refinements of the mapping. */
  readonly mode?: string;
  /** Sample quality; `bad` maps to `unknown` when remapping. */
  readonly quality?: DataQuality;
}

/** A production count over `[startTime, endTime)` as `ProductionCount` carries it. */
export interface PeriodCount {
  /** Inclusive start, ms since the epoch. */
  readonly startTime: number;
  /** Exclusive end, ms since the epoch. */
  readonly endTime: number;
  /** PQ. */
  readonly producedQuantity: number;
  /** GQ. */
  readonly goodQuantity: number;
  /** SQ. */
  readonly scrapQuantity: number;
  /** RQ. */
  readonly reworkQuantity?: number;
}

/** Inputs of {@link periodKpis}. */
export interface PeriodKpisInput {
  /** The period `[from, to)`: an hour, shift, day or week. */
  readonly period: Period;
  /** State intervals of one equipment; clipped to the period. */
  readonly intervals: readonly PeriodStateInterval[];
  /** Production counts of the same equipment; a count straddling the period edge is pro-rated by overlap. */
  readonly counts: readonly PeriodCount[];
  /** Ideal time per unit PRU, ms; without it effectiveness and OEE are `undefined`. */
  readonly idealUnitTimeMs?: number;
  /**
   * Remap `rawState` (+ `mode`) with this table instead of using each interval's booked
   * bucket, e.g. `MACHINERY_STATE_MAPPING` (OPC 40001-1 / 40501-1 C.2.3) or `PACKML_STATE_MAPPING`.
   */
  readonly mapping?: StateMapping;
  /** Shift calendar: PBT = its planned busy time in the period. Without it PBT = period − PDOT. */
  readonly calendar?: ShiftCalendarInput;
}

/** Result of {@link periodKpis}. */
export interface PeriodKpis {
  /** ISO 22400-2 time elements of the period (PBT from the calendar when given). */
  readonly timeElements: TimeElements;
  /** Quantities in the period (pro-rated counts). */
  readonly counts: Required<KpiCounts>;
  /** The KPIs. */
  readonly kpis: Kpis;
}

/**
 * ISO 22400-2 time elements and KPIs (availability, effectiveness, quality ratio, OEE,
 * utilization efficiency, setup rate, scrap and rework ratio, throughput rate) of one
 * equipment for one period of any length. Intervals are clipped to the period and
 * overlaps resolved as in `computeTimeElements`; counts are attributed by the share of
 * their span inside the period (a count wholly inside counts fully). Pure.
 */
export function periodKpis(input: PeriodKpisInput): PeriodKpis {
  const { period, mapping, calendar } = input;
  const buckets: BucketInterval[] = input.intervals.map((iv) => ({
    start: iv.startTime,
    end: iv.endTime,
    bucket: mapping === undefined ? iv.bucket : mapStateToBucket(iv.rawState, iv.mode, mapping, iv.quality ?? 'good'),
  }));
  const options = calendar === undefined ? {} : { plannedBusyTime: plannedBusyTime(calendar, period) };
  const timeElements = computeTimeElements(buckets, period, options);
  let pq = 0;
  let gq = 0;
  let sq = 0;
  let rq = 0;
  for (const c of input.counts) {
    const span = c.endTime - c.startTime;
    const inside = Math.min(c.endTime, period.to) - Math.max(c.startTime, period.from);
    if (!(span > 0) || !(inside > 0)) continue;
    const share = Math.min(1, inside / span);
    pq += c.producedQuantity * share;
    gq += c.goodQuantity * share;
    sq += c.scrapQuantity * share;
    rq += (c.reworkQuantity ?? 0) * share;
  }
  const counts = { pq, gq, sq, rq };
  return { timeElements, counts, kpis: computeKpis(timeElements, counts, input.idealUnitTimeMs) };
}
