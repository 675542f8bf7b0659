import { z } from 'zod';
import { WHEN_FIELDS_VALID, checkOrderedPeriods } from './checks.js';
import { PeriodQuantitySchema } from './period-quantity.js';
import { TimestampSchema } from './timestamp.js';

/** Everything is due by one time. The `due_time` case of `rongtong.v1.DemandItem.delivery`. */
export const DueTimeDeliverySchema = z.object({
  /** Delivery kind. */
  kind: z.literal('due_time'),
  /** Everything is due by this time, ms since the epoch. */
  dueTime: TimestampSchema,
});

/**
 * Quantities due per period. The `schedule` case of `rongtong.v1.DemandItem.delivery`, with
 * the fields of `rongtong.v1.DeliverySchedule` inlined.
 */
export const ScheduleDeliverySchema = z.object({
  /** Delivery kind. */
  kind: z.literal('schedule'),
  /** The periods with their quantities: at least one, in time order, not overlapping. */
  periods: z
    .array(PeriodQuantitySchema)
    .min(1, { error: 'a delivery schedule needs at least one period' })
    .superRefine((periods, ctx) => checkOrderedPeriods(periods, ctx, []), WHEN_FIELDS_VALID),
});

/**
 * When a demanded quantity is needed: the proto `delivery` oneof as a union on `kind`
 * (`due_time` or `schedule`). An absent delivery means "as soon as possible".
 */
export const DeliverySchema = z
  .discriminatedUnion('kind', [DueTimeDeliverySchema, ScheduleDeliverySchema])
  .describe('when a demanded quantity is needed: a due time or a schedule of period quantities');

/** When a demanded quantity is needed (see {@link DeliverySchema}). */
export type Delivery = z.infer<typeof DeliverySchema>;
