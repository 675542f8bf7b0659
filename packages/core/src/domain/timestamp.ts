import { z } from 'zod';

/**
 * A point in time as milliseconds since the Unix epoch (1970-01-01T00:00:00Z): a safe
 * integer ≥ 0. Mirrors `google.protobuf.Timestamp` (sub-millisecond precision is dropped).
 */
export const TimestampSchema = z
  .int({ error: 'must be an integer number of milliseconds since the Unix epoch' })
  .min(0, { error: 'must not be before the Unix epoch (≥ 0 ms)' })
  .describe('milliseconds since the Unix epoch');

/** A point in time in milliseconds since the Unix epoch. */
export type Timestamp = z.infer<typeof TimestampSchema>;
