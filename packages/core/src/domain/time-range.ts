import { z } from 'zod';
import { WHEN_FIELDS_VALID, checkEndAfterStart } from './checks.js';
import { TimestampSchema } from './timestamp.js';

/**
 * A half-open time interval `[startTime, endTime)` whose ends may be open (unbounded), as
 * used in filters. Mirrors `rongtong.v1.TimeRange`.
 */
export const TimeRangeSchema = z
  .object({
    /** Inclusive start, ms since the epoch. Absent: unbounded (from the oldest data). */
    startTime: TimestampSchema.optional(),
    /** Exclusive end, ms since the epoch; after `startTime` when both are set. Absent: unbounded. */
    endTime: TimestampSchema.optional(),
  })
  .superRefine((range, ctx) => checkEndAfterStart(range, ctx), WHEN_FIELDS_VALID)
  .describe('half-open time interval [startTime, endTime), ends optional');

/** A half-open time interval with optional ends (see {@link TimeRangeSchema}). */
export type TimeRange = z.infer<typeof TimeRangeSchema>;
