import type { Confidence } from '../domain/confidence.js';
import type { DataQuality } from '../iso22400/data-quality.js';
import { MS_PER_HOUR } from '../iso22400/kpis.js';
import { TIME_BUCKETS, type TimeBucket } from '../iso22400/time-bucket.js';

/**
 * How far produced quantity may exceed what the production time allows at the ideal rate
 * before plausibility drops: effectiveness up to `1 + ε` is plausible. The ideal unit time is
 * a nominal figure and counts near an hour boundary may fall into the neighbouring period,
 * so a small excess is not held against the figure.
 */
export const CAPACITY_EFFECTIVENESS_TOLERANCE = 0.05;

/** Counter continuity of a period whose counter data was `uncertain` (used, but flagged). */
export const UNCERTAIN_COUNTER_CONTINUITY = 0.9;

/** Factor each unexpected counter reset applies to counter continuity (two resets: 0.25). */
export const UNEXPECTED_RESET_CONTINUITY = 0.5;

/** Inputs of {@link pastPeriodCapacity}: one piece of equipment, one period that has ended. */
export interface PastPeriodCapacityInput {
  /** Length of the period in ms, e.g. 3,600,000 for an hour. Finite, > 0. */
  readonly periodMs: number;
  /**
   * Time spent in each ISO 22400 time bucket inside the period, ms (finite, ≥ 0): a
   * `TimeElements` fits, as do sums of state intervals. Time the buckets leave uncovered
   * counts as `unknown`; together they must not exceed the period (1 ms of rounding allowed).
   */
  readonly timeElements: Readonly<Record<TimeBucket, number>>;
  /** Produced quantity PQ in the period, from the production counters. Finite, ≥ 0. */
  readonly producedQuantity: number;
  /** Unit of PQ as a UCUM code, "" = pieces (default). Only used in the derivation text. */
  readonly unit?: string;
  /** Ideal time per unit PRU, ms (finite, > 0). When given, TOTAL is based on it. */
  readonly idealUnitTimeMs?: number;
  /** Rated output per hour of production time, units/h (finite, > 0). TOTAL's basis when there is no ideal unit time. */
  readonly ratedPerHour?: number;
  /** Quality of the counter data behind PQ: the worst sample quality used. Default `good`. */
  readonly counterQuality?: DataQuality;
  /** Counter resets in the period that were not expected (the counter is not a job counter). Integer ≥ 0, default 0. */
  readonly unexpectedResets?: number;
}

/** The capacity figures of one ended period (see {@link pastPeriodCapacity}). */
export interface PastPeriodCapacity {
  /** TOTAL: what the equipment could have produced in its planned busy time at the ideal rate (raised to USED if USED is larger). */
  readonly total: number;
  /** USED: what it produced (PQ). */
  readonly used: number;
  /** UNUSED: `total − used`, ≥ 0. `used + unused === total` exactly. */
  readonly unused: number;
  /** How far the figures can be trusted; the same for TOTAL, USED and UNUSED. */
  readonly confidence: Confidence;
  /** How the figures were computed, in English, with the inputs; for people, not parsing. */
  readonly derivation: string;
  /** Planned busy time PBT = period − PDOT, ms. */
  readonly pbtMs: number;
  /** The ideal time per unit used, ms: `idealUnitTimeMs`, or 3,600,000 / `ratedPerHour`. */
  readonly unitTimeMs: number;
  /** True when USED exceeded PBT / unit time and TOTAL was raised to USED. */
  readonly totalRaised: boolean;
}

function finiteAtLeast(value: number, min: number, name: string, strict = false): void {
  if (!Number.isFinite(value) || value < min || (strict && value === min)) {
    throw new RangeError(`${name} must be a finite number ${strict ? '>' : '>='} ${min}, got ${value}`);
  }
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

const format = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** A number for the derivation text: grouped, at most 3 decimals. */
function n(value: number): string {
  return format.format(value);
}

/**
 * The ISA-95 capacity figures of one piece of equipment for one period that has ended
 * (`rongtong.v1.CapacityRecord` types TOTAL, USED and UNUSED), from its ISO 22400-2 time
 * elements and production count. Pure.
 *
 * Definitions (ISO 22400-2:2014 time elements; PRU = ideal unit time, ms per unit):
 *
 * - **PBT** (planned busy time) = period − PDOT. Unknown time is *not* subtracted: with no
 *   planned-down state reported the equipment counts as planned busy (24/7, like an
 *   equipment without a shift calendar); the doubt goes into `signalCoverage` instead.
 * - **TOTAL** = PBT / PRU. Without an ideal unit time: PBT × rated capacity per hour (the
 *   same formula with PRU = 3,600,000 ms / rated). With neither: `undefined` — there is no
 *   capacity figure, and no record should be made. This is capacity at the *ideal* rate, so
 *   speed losses (effectiveness < 1) end up in UNUSED. `rongtong.v1.CapacityType` describes
 *   TOTAL "at the measured performance"; a TOTAL of that kind would be PBT / PRU × a measured
 *   effectiveness, and would need a longer baseline than the one period computed here.
 * - **USED** = PQ, the produced quantity of the period.
 * - **UNUSED** = TOTAL − USED. `used + unused === total` holds exactly (TOTAL is recomputed
 *   as USED + UNUSED after the subtraction, a change of at most one rounding step).
 * - **USED > TOTAL** (effectiveness over PBT above 1: the machine made more than its ideal
 *   rate allows): USED is measured and stays; TOTAL is raised to USED and UNUSED is 0, since
 *   the equipment evidently had at least that capacity. Plausibility (below) then drops when
 *   the excess is more than the tolerance; `totalRaised` says it happened.
 *
 * Confidence (`rongtong.v1.Confidence`; every component in [0, 1], `value` their product):
 *
 * - **signalCoverage** = 1 − unknown / PBT, clamped to [0, 1]; unknown is the `unknown`
 *   bucket plus time no bucket covers. PBT = 0 (the whole period planned down) gives 1:
 *   there is no busy time to cover, and unknown time cannot exceed PBT.
 * - **counterContinuity** = q × 0.5^r: q = 1 for `good` counter data, 0.9 for `uncertain`,
 *   0 for `bad`; r = unexpected resets (each one loses the units counted between the last
 *   reading before it and the reset). Expected resets (job counters) and wraps are not
 *   held against it.
 * - **plausibility** = min(1, (1 + ε) / E) with E = PRU · PQ / (APT + unknown), ε =
 *   {@link CAPACITY_EFFECTIVENESS_TOLERANCE}: ISO 22400-2 effectiveness, with unknown time
 *   counted as possible production time (it already lowers `signalCoverage`; counting it
 *   here too would charge the same gap twice). PQ = 0 gives 1; PQ > 0 with no production
 *   or unknown time at all — counts during non-production time — gives 0.
 *
 * @returns the figures, or `undefined` when neither `idealUnitTimeMs` nor `ratedPerHour` is given.
 * @throws RangeError on a non-finite or negative input, a period ≤ 0, a PRU or rate ≤ 0,
 *   a non-integer reset count, or buckets summing to more than the period (+ 1 ms).
 */
export function pastPeriodCapacity(input: PastPeriodCapacityInput): PastPeriodCapacity | undefined {
  const { periodMs, timeElements, producedQuantity: pq, idealUnitTimeMs, ratedPerHour } = input;
  const unit = input.unit ?? '';
  const quality = input.counterQuality ?? 'good';
  const resets = input.unexpectedResets ?? 0;
  finiteAtLeast(periodMs, 0, 'periodMs', true);
  let covered = 0;
  for (const bucket of TIME_BUCKETS) {
    finiteAtLeast(timeElements[bucket], 0, `timeElements.${bucket}`);
    covered += timeElements[bucket];
  }
  if (covered > periodMs + 1) {
    throw new RangeError(`time elements sum to ${covered} ms, more than the ${periodMs} ms period (overlapping intervals?)`);
  }
  finiteAtLeast(pq, 0, 'producedQuantity');
  if (idealUnitTimeMs !== undefined) finiteAtLeast(idealUnitTimeMs, 0, 'idealUnitTimeMs', true);
  if (ratedPerHour !== undefined) finiteAtLeast(ratedPerHour, 0, 'ratedPerHour', true);
  if (!Number.isInteger(resets) || resets < 0) throw new RangeError(`unexpectedResets must be an integer >= 0, got ${resets}`);
  if (idealUnitTimeMs === undefined && ratedPerHour === undefined) return undefined;

  const pdot = Math.min(timeElements.pdot, periodMs);
  const pbt = periodMs - pdot;
  const unknown = Math.min(pbt, timeElements.unknown + Math.max(0, periodMs - covered));
  const unitTimeMs = idealUnitTimeMs ?? MS_PER_HOUR / (ratedPerHour as number);
  const capacity = idealUnitTimeMs !== undefined ? pbt / idealUnitTimeMs : (pbt / MS_PER_HOUR) * (ratedPerHour as number);

  const totalRaised = pq > capacity;
  const unused = totalRaised ? 0 : capacity - pq;
  const total = pq + unused;

  const signalCoverage = pbt > 0 ? clamp01(1 - unknown / pbt) : 1;
  const qualityFactor = quality === 'good' ? 1 : quality === 'uncertain' ? UNCERTAIN_COUNTER_CONTINUITY : 0;
  const counterContinuity = clamp01(qualityFactor * UNEXPECTED_RESET_CONTINUITY ** resets);
  const possibleProduction = Math.min(pbt, timeElements.apt + unknown);
  const plausibility = pq === 0 ? 1 : clamp01(((1 + CAPACITY_EFFECTIVENESS_TOLERANCE) * possibleProduction) / (unitTimeMs * pq));
  const confidence: Confidence = {
    value: signalCoverage * counterContinuity * plausibility,
    signalCoverage,
    counterContinuity,
    plausibility,
  };

  const units = unit === '' ? 'units' : unit;
  const perUnit = unit === '' ? 'unit' : unit;
  const parts = [
    pdot > 0 ? `PBT = ${n(periodMs)} ms period − ${n(pdot)} ms PDOT = ${n(pbt)} ms` : `PBT = ${n(pbt)} ms (no PDOT)`,
    idealUnitTimeMs !== undefined
      ? `TOTAL = ${n(pbt)} ms PBT / ${n(idealUnitTimeMs)} ms per ${perUnit} = ${n(capacity)} ${units}`
      : `TOTAL = ${n(pbt / MS_PER_HOUR)} h PBT × ${n(ratedPerHour as number)} ${units}/h rated = ${n(capacity)} ${units}`,
    `USED = ${n(pq)} ${units} (PQ)`,
    totalRaised
      ? `USED exceeds TOTAL: TOTAL raised to USED = ${n(total)} ${units}, UNUSED = 0 ${units}`
      : `UNUSED = ${n(capacity)} − ${n(pq)} = ${n(unused)} ${units}`,
  ];
  return { total, used: pq, unused, confidence, derivation: parts.join('; '), pbtMs: pbt, unitTimeMs, totalRaised };
}
