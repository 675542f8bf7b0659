import { z } from 'zod';
import { UnitIntervalSchema } from './confidence.js';
import { ResourceIdSchema } from './identifier.js';
import { PeriodicQuantitySchema } from './periodic-quantity.js';
import { TimeRangeSchema } from './time-range.js';
import { TimestampSchema } from './timestamp.js';

/**
 * MeasuredCapacity: a summary of the capacity records behind a supply item, in the
 * granularity of its declared capacity. Set by the platform. Mirrors
 * `rongtong.v1.MeasuredCapacity`.
 */
export const MeasuredCapacitySchema = z
  .object({
    /** Typical total capacity per period (`total` records) over the basis window. Absent: no such records. */
    total: PeriodicQuantitySchema.optional(),
    /** Capacity still available per period (`available` records), minimum over the window. Absent: no such records. */
    available: PeriodicQuantitySchema.optional(),
    /** Confidence of the summary in [0, 1]: the lowest confidence among the records used. */
    confidence: UnitIntervalSchema,
    /** The time window of the records used. */
    basis: TimeRangeSchema,
    /** Ids of the capacity records used, for evidence look-ups. */
    capacityRecordIds: z.array(ResourceIdSchema),
    /** When the summary was last computed, ms since the epoch. */
    updateTime: TimestampSchema,
  })
  .describe('capacity measured from the supplier machines, summarised for a supply item');

/** Capacity measured from a supplier's machines (see {@link MeasuredCapacitySchema}). */
export type MeasuredCapacity = z.infer<typeof MeasuredCapacitySchema>;
