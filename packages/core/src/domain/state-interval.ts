import { z } from 'zod';
import { WHEN_FIELDS_VALID, checkEndAfterStart } from './checks.js';
import { DataQualitySchema } from './data-quality-schema.js';
import { LocalIdSchema, NonBlankTextSchema } from './identifier.js';
import { TimeBucketSchema } from './time-bucket-schema.js';
import { TimestampSchema } from './timestamp.js';

/**
 * StateInterval: a stretch of time `[startTime, endTime)` during which one piece of
 * equipment stayed in one raw state, booked to one ISO 22400 time bucket. Mirrors
 * `rongtong.v1.StateInterval`. Agents split long intervals at hour boundaries.
 */
export const StateIntervalSchema = z
  .object({
    /** Id of the equipment (unique within the enterprise). */
    equipmentId: LocalIdSchema,
    /** Inclusive start, source time, ms since the epoch. */
    startTime: TimestampSchema,
    /** Exclusive end, source time, ms since the epoch; after `startTime`. */
    endTime: TimestampSchema,
    /** The state as the source named it ("Executing", "Execute", "3"); "" when unknown for lack of data. */
    rawState: z.string(),
    /** The ISO 22400 bucket the interval is booked to. */
    bucket: TimeBucketSchema,
    /** The worst quality of the samples the interval was derived from. */
    quality: DataQualitySchema,
    /** The job (production order) running during the interval. Absent: unknown. */
    jobId: NonBlankTextSchema.optional(),
    /** The product being made during the interval. Absent: unknown. */
    productId: NonBlankTextSchema.optional(),
  })
  .superRefine((interval, ctx) => checkEndAfterStart(interval, ctx), WHEN_FIELDS_VALID)
  .describe('time one piece of equipment spent in one raw state, booked to an ISO 22400 bucket');

/** Time one piece of equipment spent in one raw state (see {@link StateIntervalSchema}). */
export type StateInterval = z.infer<typeof StateIntervalSchema>;
