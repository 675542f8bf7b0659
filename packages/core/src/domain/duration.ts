import { z } from 'zod';

/**
 * A length of time in milliseconds: finite and ≥ 0, fractions allowed (sub-millisecond
 * cycle times). Mirrors `google.protobuf.Duration`.
 */
export const DurationSchema = z
  .number({ error: 'must be a finite number of milliseconds' })
  .min(0, { error: 'must not be negative (milliseconds ≥ 0)' })
  .describe('duration in milliseconds');

/** A length of time in milliseconds (≥ 0). */
export type Duration = z.infer<typeof DurationSchema>;

/** A length of time in milliseconds that must be positive (> 0), e.g. an ideal unit time. */
export const PositiveDurationSchema = z
  .number({ error: 'must be a finite number of milliseconds' })
  .positive({ error: 'must be positive (milliseconds > 0)' })
  .describe('positive duration in milliseconds');
