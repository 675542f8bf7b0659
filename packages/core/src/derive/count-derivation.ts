import type { CounterBehavior } from '../domain/counter-behavior.js';
import { applyCounterChunk, initialCounterState, type CounterPointDelta, type CounterState } from '../iso22400/counter-delta.js';
import type { DataQuality } from '../iso22400/data-quality.js';
import { MS_PER_HOUR } from '../iso22400/kpis.js';
import type { Sample } from '../source/sample.js';
import { hourStart, worseQuality } from './hour.js';

/** The four counter semantics that make a ProductionCount. */
export type CountKind = 'produced_count' | 'good_count' | 'bad_count' | 'rework_count';

/** True for the semantics {@link CountKind} names. */
export function isCountKind(semantic: string): semantic is CountKind {
  return semantic === 'produced_count' || semantic === 'good_count' || semantic === 'bad_count' || semantic === 'rework_count';
}

/** The counting period of one piece of equipment that is still open. Plain JSON. */
export interface CountPeriod {
  readonly start: number;
  readonly sums: Readonly<Record<CountKind, number>>;
  readonly resets: number;
  readonly wraps: number;
  readonly quality: DataQuality;
}

/** A counting period that ended: one hour of one piece of equipment. */
export interface EndedCountPeriod extends CountPeriod {
  readonly equipmentId: string;
  readonly end: number;
}

/** One counter point's contribution, attributed to its signal's kind. */
export interface CountContribution {
  readonly kind: CountKind;
  readonly point: CounterPointDelta;
  readonly quality: DataQuality;
}

/** A counter reading as a number (NaN when the value is not numeric: ignored by the counter logic). */
function reading(sample: Sample): number {
  return typeof sample.value === 'number' || typeof sample.value === 'bigint' ? Number(sample.value) : Number.NaN;
}

/**
 * Feeds one counter signal's samples (source-time order) through core's `applyCounterChunk`
 * from `state`. A `monotonic: false` counter's drops are corrections: the baseline moves,
 * nothing is counted and no reset is reported. Each delta is multiplied by `factor` (parts per
 * cycle of a cycle counter). Pure.
 */
export function counterContributions(
  kind: CountKind,
  behaviour: CounterBehavior,
  state: CounterState | undefined,
  samples: readonly Sample[],
  factor = 1,
): { readonly state: CounterState; readonly contributions: CountContribution[] } {
  const points = samples.map((s) => ({ t: s.sourceTime, value: reading(s), quality: s.quality }));
  const result = applyCounterChunk(state ?? initialCounterState(), points, { ...behaviour, monotonic: true });
  const contributions: CountContribution[] = [];
  result.points.forEach((point, i) => {
    if (point.kind === 'ignored') return;
    const corrected = !behaviour.monotonic && point.kind === 'reset' ? { ...point, delta: 0, kind: 'count' as const } : point;
    const scaled = factor === 1 ? corrected : { ...corrected, delta: corrected.delta * factor };
    contributions.push({ kind, point: scaled, quality: samples[i]?.quality ?? 'good' });
  });
  return { state: result.state, contributions };
}

function emptyPeriod(start: number, quality: DataQuality): CountPeriod {
  return { start, sums: { produced_count: 0, good_count: 0, bad_count: 0, rework_count: 0 }, resets: 0, wraps: 0, quality };
}

/**
 * Adds one equipment's contributions (any order; sorted here by time) to its open hour.
 * A contribution in a later hour ends the open period (appended to `out`) and opens that
 * hour; one from before the open hour (late data of an ended hour) is added to the open
 * period so no production is lost. Pure.
 */
export function accumulateCounts(
  equipmentId: string,
  period: CountPeriod | undefined,
  contributions: readonly CountContribution[],
  out: EndedCountPeriod[],
): CountPeriod | undefined {
  let current = period;
  const sorted = [...contributions].sort((a, b) => a.point.t - b.point.t);
  for (const { kind, point, quality } of sorted) {
    const hour = hourStart(point.t);
    if (current !== undefined && hour > current.start) {
      out.push({ ...current, equipmentId, end: current.start + MS_PER_HOUR });
      current = undefined;
    }
    current ??= emptyPeriod(hour, quality);
    const sum = current.sums[kind] + point.delta;
    // A sum beyond 2^53 parts is no production but a broken counter reading (it would also lose
    // integer precision, or overflow to Infinity): left out, and the period's counts marked bad.
    const plausible = sum <= Number.MAX_SAFE_INTEGER;
    current = {
      ...current,
      sums: plausible ? { ...current.sums, [kind]: sum } : current.sums,
      resets: current.resets + (point.kind === 'reset' ? 1 : 0),
      wraps: current.wraps + (point.kind === 'wrap' ? 1 : 0),
      quality: plausible ? worseQuality(current.quality, quality) : 'bad',
    };
  }
  return current;
}

/** The four quantities of a period, completing the missing counter (ISO 22400-2: PQ = GQ + SQ + RQ), scrap included. */
export function quantitiesOf(
  sums: Readonly<Record<CountKind, number>>,
  present: ReadonlySet<CountKind>,
): { produced: number; good: number; scrap: number; rework: number } {
  const rework = sums.rework_count;
  // Produced and good counted, scrap not (e.g. Machine Tools: lifetime parts and job PartsGood): SQ = PQ − GQ − RQ.
  const scrapDerived = !present.has('bad_count') && present.has('produced_count') && present.has('good_count');
  const scrap = scrapDerived ? Math.max(0, sums.produced_count - sums.good_count - rework) : sums.bad_count;
  const produced = present.has('produced_count') ? sums.produced_count : sums.good_count + scrap + rework;
  const good = present.has('good_count') ? sums.good_count : Math.max(0, produced - scrap - rework);
  return { produced, good, scrap, rework };
}
