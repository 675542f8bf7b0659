import type { Confidence } from '../domain/confidence.js';
import { percentile } from '../iso22400/percentile.js';
import { plannedBusyTime, type ShiftCalendarInput } from '../iso22400/planned-busy-time.js';
import type { Period } from '../iso22400/time-elements.js';

/** History periods at which the OEE baseline counts as fully covered (fewer lower `signalCoverage`). */
export const FULL_OEE_HISTORY_PERIODS = 20;

/** A committed quantity over `[startTime, endTime)` (a `PeriodQuantity` / commitment allocation fits). */
export interface CommittedQuantity {
  /** Inclusive start, ms since the epoch. */
  readonly startTime: number;
  /** Exclusive end, ms since the epoch. */
  readonly endTime: number;
  /** The committed quantity; only allocations in the record's unit count. */
  readonly quantity: { readonly value: number; readonly unit: string };
}

/** Inputs of {@link futurePeriodCapacity}: one equipment (and capability), one future period. */
export interface FuturePeriodCapacityInput {
  /** The period `[from, to)`. */
  readonly period: Period;
  /** Shift calendar giving shift time and planned outages. */
  readonly calendar: ShiftCalendarInput;
  /** Ideal time per unit PRU, ms; finite, > 0. */
  readonly idealUnitTimeMs: number;
  /** The equipment's OEE of past periods (values in [0, 1]; others are clamped, non-finite ones dropped). */
  readonly historicalOee: readonly number[];
  /** Percentile of the history used as expected OEE, 0–100; default 50 (P50). */
  readonly oeePercentile?: number;
  /** Commitment allocations; each counts by the share of its span inside the period. */
  readonly commitments: readonly CommittedQuantity[];
  /** Unit of the figures (UCUM, "" = pieces); default "". */
  readonly unit?: string;
}

/** The capacity figures of one future period (see {@link futurePeriodCapacity}). */
export interface FuturePeriodCapacity {
  /** TOTAL = shift time / PRU (raised to COMMITTED if more is committed). */
  readonly total: number;
  /** COMMITTED: pro-rated commitment allocations. */
  readonly committed: number;
  /** AVAILABLE = TOTAL − COMMITTED − UNATTAINABLE, ≥ 0. */
  readonly available: number;
  /** UNATTAINABLE: planned outages + expected OEE losses (reduced when overcommitted). */
  readonly unattainable: number;
  /** Confidence of the figures. */
  readonly confidence: Confidence;
  /** How the figures were computed, for people. */
  readonly derivation: string;
  /** Shift time minus planned outages in the period (PBT), ms. */
  readonly pbtMs: number;
  /** Planned outage time inside shifts, ms. */
  readonly outageMs: number;
  /** Expected OEE used (percentile of the history), or `undefined` without history. */
  readonly expectedOee: number | undefined;
  /** True when COMMITTED exceeds what is attainable (TOTAL − nominal UNATTAINABLE). */
  readonly overcommitted: boolean;
  /** COMMITTED − attainable when overcommitted, else 0. */
  readonly shortfall: number;
  /** Commitment allocations ignored for a different unit. */
  readonly ignoredCommitments: number;
}

const format = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
function n(value: number): string {
  return format.format(value);
}

/**
 * The ISA-95 capacity figures TOTAL, COMMITTED, AVAILABLE and UNATTAINABLE of one piece of
 * equipment (and capability) for a future period. Pure.
 *
 * - **TOTAL** = S / PRU, S = shift time of the period from the calendar (planned outages
 *   included). **PBT** = S − planned outages.
 * - Nominal **UNATTAINABLE** = outages / PRU + (1 − OEE_p) · PBT / PRU, with OEE_p the
 *   `oeePercentile` (P50 default) of the equipment's historical OEE, clamped to [0, 1].
 *   Without history OEE_p is taken as 1 (no known loss) and `signalCoverage` is 0.
 * - **COMMITTED** = Σ allocation × (overlap with the period / allocation span).
 * - **AVAILABLE** = TOTAL − COMMITTED − UNATTAINABLE when that is ≥ 0.
 * - **Overcommitment** (COMMITTED > TOTAL − nominal UNATTAINABLE): promises are binding, so
 *   COMMITTED stays; AVAILABLE = 0 and UNATTAINABLE is reduced to TOTAL − COMMITTED (the
 *   plan needs the equipment to beat its P-OEE); `overcommitted` and `shortfall` say so.
 *   If COMMITTED even exceeds TOTAL, TOTAL is raised to COMMITTED and UNATTAINABLE is 0.
 *   Hence TOTAL = COMMITTED + AVAILABLE + UNATTAINABLE always, all ≥ 0 (AVAILABLE is
 *   recomputed as the remainder, exact up to one rounding step).
 *
 * Confidence: signalCoverage = min(1, history length / {@link FULL_OEE_HISTORY_PERIODS});
 * counterContinuity = 1 (no counters in a forecast); plausibility = attainable / COMMITTED
 * when overcommitted, else 1.
 *
 * @throws RangeError on a PRU ≤ 0 or non-finite, a percentile outside [0, 100], or bad period bounds.
 */
export function futurePeriodCapacity(input: FuturePeriodCapacityInput): FuturePeriodCapacity {
  const { period, calendar, idealUnitTimeMs: pru, commitments } = input;
  const unit = input.unit ?? '';
  if (!Number.isFinite(pru) || pru <= 0) throw new RangeError(`idealUnitTimeMs must be a finite number > 0, got ${pru}`);
  const p = input.oeePercentile ?? 50;
  const history = input.historicalOee.filter((v) => Number.isFinite(v)).map((v) => Math.min(1, Math.max(0, v)));
  const expectedOee = percentile(history, p);
  const oeeUsed = expectedOee ?? 1;

  const pbtMs = plannedBusyTime(calendar, period);
  const shiftMs = plannedBusyTime({ ...calendar, plannedOutages: [] }, period);
  const outageMs = shiftMs - pbtMs;
  const capacity = shiftMs / pru;
  const nominalUnattainable = outageMs / pru + ((1 - oeeUsed) * pbtMs) / pru;
  const attainable = Math.max(0, capacity - nominalUnattainable);

  let committed = 0;
  let ignoredCommitments = 0;
  for (const c of commitments) {
    if (c.quantity.unit !== unit) {
      ignoredCommitments += 1;
      continue;
    }
    const span = c.endTime - c.startTime;
    const inside = Math.min(c.endTime, period.to) - Math.max(c.startTime, period.from);
    if (!(span > 0) || !(inside > 0) || !Number.isFinite(c.quantity.value) || c.quantity.value < 0) continue;
    committed += c.quantity.value * Math.min(1, inside / span);
  }

  const overcommitted = committed > attainable;
  const shortfall = overcommitted ? committed - attainable : 0;
  const total = Math.max(capacity, committed);
  const unattainable = overcommitted ? Math.max(0, total - committed) : nominalUnattainable;
  const available = Math.max(0, total - committed - unattainable);

  const signalCoverage = Math.min(1, history.length / FULL_OEE_HISTORY_PERIODS);
  const plausibility = overcommitted ? (committed > 0 ? attainable / committed : 1) : 1;
  const confidence: Confidence = { value: signalCoverage * plausibility, signalCoverage, counterContinuity: 1, plausibility };

  const units = unit === '' ? 'units' : unit;
  const parts = [
    `TOTAL = ${n(shiftMs)} ms shift time / ${n(pru)} ms per unit = ${n(capacity)} ${units}`,
    expectedOee === undefined
      ? `no OEE history: OEE taken as 1`
      : `OEE P${n(p)} of ${history.length} periods = ${n(expectedOee)}`,
    `UNATTAINABLE = ${n(outageMs)} ms outages / PRU + (1 − ${n(oeeUsed)}) × ${n(pbtMs)} ms PBT / PRU = ${n(nominalUnattainable)} ${units}`,
    `COMMITTED = ${n(committed)} ${units} from ${commitments.length - ignoredCommitments} allocations`,
    overcommitted
      ? `overcommitted by ${n(shortfall)} ${units}: UNATTAINABLE reduced to ${n(unattainable)}${total > capacity ? `, TOTAL raised to ${n(total)}` : ''}, AVAILABLE = 0`
      : `AVAILABLE = ${n(capacity)} − ${n(committed)} − ${n(unattainable)} = ${n(available)} ${units}`,
  ];
  return {
    total: committed + available + unattainable,
    committed,
    available,
    unattainable,
    confidence,
    derivation: parts.join('; '),
    pbtMs,
    outageMs,
    expectedOee,
    overcommitted,
    shortfall,
    ignoredCommitments,
  };
}
