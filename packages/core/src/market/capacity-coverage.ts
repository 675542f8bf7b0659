import type { PeriodGranularity } from '../domain/period-granularity.js';
import type { PeriodicQuantity } from '../domain/periodic-quantity.js';
import type { Quantity } from '../domain/quantity.js';
import type { SupplyItem } from '../domain/supply-item.js';
import { type DeliveryCheckpoint, days } from './delivery-window.js';

/**
 * Available capacity of one future period, as an `available` CapacityRecord carries it
 * (a record fits): the quantity still free in `[startTime, endTime)` and how far it can
 * be trusted.
 */
export interface AvailableCapacityPeriod {
  /** Id of the capacity record, for evidence look-ups. Absent: not from a stored record. */
  readonly id?: string;
  /** Inclusive start, ms since the epoch. */
  readonly startTime: number;
  /** Exclusive end, ms since the epoch; after `startTime`. */
  readonly endTime: number;
  /** Quantity available in the period; only periods in the demand's unit are used. */
  readonly quantity: Quantity;
  /** Confidence of the figure; `value` in [0, 1]. */
  readonly confidence: { readonly value: number };
}

/**
 * Where the capacity figure behind `measured_capacity` came from: per-period `available`
 * records over the window (`measured_periods`), the item's measured summary rate
 * (`measured_summary`), the supplier's own declaration (`declared`, a weak fallback), or
 * nothing usable (`none`).
 */
export type CapacitySource = 'measured_periods' | 'measured_summary' | 'declared' | 'none';

/** Settings of {@link capacityCoverage}. */
export interface CapacityCoverageSettings {
  /** Start of the window, ms since the epoch. */
  readonly now: number;
  /** Length of a `shift` period, ms, to turn per-shift rates into window quantities. */
  readonly shiftMs: number;
  /** Factor applied to the coverage from declared capacity, in [0, 1]. */
  readonly declaredCoverageFactor: number;
  /** Confidence given to declared capacity, in [0, 1]. */
  readonly declaredConfidence: number;
}

/** Result of {@link capacityCoverage}. */
export interface CapacityCoverage {
  /** The `measured_capacity` factor value in [0, 1]: the worst checkpoint's min(1, available / due). */
  readonly value: number;
  /** Where the figure came from. */
  readonly source: CapacitySource;
  /** Confidence of the figure in [0, 1] (0 for `none`): the `capacity_confidence` factor value. */
  readonly confidence: number;
  /** Available quantity from now to the binding checkpoint (declared: before the factor). */
  readonly available: number;
  /** Quantity due by the binding checkpoint. */
  readonly needed: number;
  /** The binding checkpoint's due time, ms since the epoch. */
  readonly dueTime: number;
  /** Unit of `available` and `needed` (the demand's). */
  readonly unit: string;
  /** Ids of the capacity records used (`measured_periods` only). */
  readonly capacityRecordIds: readonly string[];
  /** For the explanation, in Chinese with the numbers. */
  readonly detail: string;
}

const GRANULARITY_MS: Readonly<Record<Exclude<PeriodGranularity, 'shift'>, number>> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** Display form of a unit: pieces ("") as 件. */
export function unitText(unit: string): string {
  return unit === '' ? '件' : unit;
}

/** A quantity for explanations: at most 1 decimal, no grouping. */
export function amount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

const SOURCE_TEXT: Readonly<Record<CapacitySource, string>> = {
  measured_periods: '实测可用产能',
  measured_summary: '实测可用产能（按周期速率）',
  declared: '申报产能（未经实测，打折计）',
  none: '无产能数据',
};

/** Quantity of `periods` inside [from, to), each prorated by its overlap. */
function periodsWithin(periods: readonly AvailableCapacityPeriod[], from: number, to: number): number {
  let sum = 0;
  for (const p of periods) {
    const overlap = Math.min(p.endTime, to) - Math.max(p.startTime, from);
    if (overlap > 0 && p.endTime > p.startTime) sum += (p.quantity.value * overlap) / (p.endTime - p.startTime);
  }
  return sum;
}

/** A rate's quantity over `windowMs`, or undefined when the unit differs. */
function rateWithin(rate: PeriodicQuantity | undefined, unit: string, windowMs: number, shiftMs: number): number | undefined {
  if (rate === undefined || rate.quantity.unit !== unit) return undefined;
  const periodMs = rate.granularity === 'shift' ? shiftMs : GRANULARITY_MS[rate.granularity];
  return (rate.quantity.value * Math.max(0, windowMs)) / periodMs;
}

/**
 * The `measured_capacity` factor: how much of the quantity due at each checkpoint the
 * supplier can make from `now`, from the first source that has data in the demand's unit:
 *
 * 1. `measured_periods`: the `available` records overlapping [now, last due time], each
 *    prorated by its overlap with [now, due time] (time the records leave uncovered counts
 *    as nothing available); confidence = the lowest confidence among them;
 * 2. `measured_summary`: the item's measured available rate × window; its confidence;
 * 3. `declared`: the declared rate × window, the coverage multiplied by
 *    `declaredCoverageFactor` and the confidence set to `declaredConfidence`;
 * 4. `none`: value 0, confidence 0.
 *
 * The value is the worst checkpoint's min(1, available / due); a checkpoint with nothing
 * due counts as covered. More measured capacity never lowers it.
 */
export function capacityCoverage(
  checkpoints: readonly DeliveryCheckpoint[],
  unit: string,
  item: Pick<SupplyItem, 'measuredCapacity' | 'declaredCapacity'>,
  periods: readonly AvailableCapacityPeriod[],
  settings: CapacityCoverageSettings,
): CapacityCoverage {
  const { now } = settings;
  const lastDue = Math.max(now, ...checkpoints.map((c) => c.dueTime));
  const usable = periods.filter((p) => p.quantity.unit === unit && p.endTime > now && p.startTime < lastDue);
  const summary = item.measuredCapacity?.available;
  let source: CapacitySource;
  let within: (due: number) => number;
  let confidence: number;
  let factor = 1;
  if (usable.length > 0) {
    source = 'measured_periods';
    within = (due) => periodsWithin(usable, now, due);
    confidence = Math.min(...usable.map((p) => p.confidence.value));
  } else if (rateWithin(summary, unit, 0, settings.shiftMs) !== undefined && item.measuredCapacity !== undefined) {
    source = 'measured_summary';
    within = (due) => rateWithin(summary, unit, due - now, settings.shiftMs) ?? 0;
    confidence = item.measuredCapacity.confidence;
  } else if (rateWithin(item.declaredCapacity, unit, 0, settings.shiftMs) !== undefined) {
    source = 'declared';
    within = (due) => rateWithin(item.declaredCapacity, unit, due - now, settings.shiftMs) ?? 0;
    confidence = settings.declaredConfidence;
    factor = settings.declaredCoverageFactor;
  } else {
    source = 'none';
    within = () => 0;
    confidence = 0;
  }
  let binding = { ratio: Infinity, available: 0, needed: 0, dueTime: lastDue };
  for (const c of checkpoints) {
    const available = within(c.dueTime);
    const ratio = c.quantity <= 0 ? Infinity : available / c.quantity;
    if (ratio < binding.ratio || binding.ratio === Infinity) binding = { ratio, available, needed: c.quantity, dueTime: c.dueTime };
  }
  const value = source === 'none' ? 0 : Math.min(1, binding.ratio) * factor;
  const u = unitText(unit);
  const late = binding.dueTime <= now ? '（交期已过）' : '';
  const relation = binding.available >= binding.needed ? '≥' : '<';
  const detail =
    source === 'none'
      ? `无 ${u} 单位的实测或申报产能，需求 ${amount(binding.needed)} ${u}`
      : `${SOURCE_TEXT[source]} ${amount(binding.available)} ${u} ${relation} 需求 ${amount(binding.needed)} ${u}` +
        `（${days(binding.dueTime - now)} 天内${late}）`;
  const capacityRecordIds = source === 'measured_periods' ? usable.flatMap((p) => (p.id === undefined ? [] : [p.id])) : [];
  return {
    value,
    source,
    confidence,
    available: binding.available,
    needed: binding.needed,
    dueTime: binding.dueTime,
    unit,
    capacityRecordIds,
    detail,
  };
}
