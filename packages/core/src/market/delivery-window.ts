import type { DemandItem } from '../domain/demand-item.js';

/** One day in milliseconds. */
export const MS_PER_DAY = 86_400_000;

/** A point by which a cumulative quantity is due. */
export interface DeliveryCheckpoint {
  /** Due time, ms since the epoch. */
  readonly dueTime: number;
  /** Quantity due by then, cumulative from now, in the demand's unit. */
  readonly quantity: number;
}

/**
 * The checkpoints a demand's still-open quantity (quantity − committed quantity) is due
 * by: one for a due time; one per period end for a schedule (cumulative, scaled to the
 * open quantity); for a demand without delivery ("as soon as possible"), one at
 * `now + asapHorizonMs`. In time order.
 */
export function deliveryCheckpoints(demand: DemandItem, now: number, asapHorizonMs: number): DeliveryCheckpoint[] {
  const total = demand.quantity.value;
  const open = Math.max(0, total - (demand.committedQuantity?.value ?? 0));
  const delivery = demand.delivery;
  if (delivery === undefined) return [{ dueTime: now + asapHorizonMs, quantity: open }];
  if (delivery.kind === 'due_time') return [{ dueTime: delivery.dueTime, quantity: open }];
  const scale = total > 0 ? open / total : 0;
  let cumulative = 0;
  return delivery.periods.map((period) => {
    cumulative += period.quantity.value;
    return { dueTime: period.endTime, quantity: cumulative * scale };
  });
}

/** Result of {@link leadTimeSlack}. */
export interface LeadTimeSlack {
  /** Factor value in [0, 1], non-decreasing in the slack. */
  readonly value: number;
  /** Slack = (first due time − now) − lead time, ms; absent when the lead time is unknown. */
  readonly slackMs?: number;
  /** Time from now to the first due time, ms. */
  readonly windowMs: number;
  /** For the explanation, in Chinese with the numbers. */
  readonly detail: string;
}

/** Days with one decimal, for explanations. */
export function days(ms: number): string {
  return (ms / MS_PER_DAY).toFixed(1);
}

/**
 * The `lead_time` factor: the supplier's lead time against the time until the first
 * delivery is due. Late (lead time beyond the due time): 0. On time: 0.5 + 0.5 × min(1,
 * slack / fullSlackMs), so a week of slack (the default) scores 1. Unknown lead time:
 * `unknownValue`.
 */
export function leadTimeSlack(
  firstDueTime: number,
  now: number,
  leadTimeMs: number | undefined,
  fullSlackMs: number,
  unknownValue: number,
): LeadTimeSlack {
  const windowMs = firstDueTime - now;
  if (leadTimeMs === undefined) {
    return { value: unknownValue, windowMs, detail: `交付周期未知，距首个交期 ${days(windowMs)} 天` };
  }
  const slackMs = windowMs - leadTimeMs;
  const value = slackMs < 0 ? 0 : 0.5 + 0.5 * Math.min(1, fullSlackMs > 0 ? slackMs / fullSlackMs : 1);
  const verdict = slackMs < 0 ? `晚于交期 ${days(-slackMs)} 天` : `余量 ${days(slackMs)} 天`;
  return { value, slackMs, windowMs, detail: `交付周期 ${days(leadTimeMs)} 天，距首个交期 ${days(windowMs)} 天，${verdict}` };
}
