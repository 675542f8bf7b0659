import { z } from 'zod';
import { TimeBucketSchema } from './time-bucket-schema.js';

/**
 * Maps one raw state or mode value of a signal to an ISO 22400 time bucket. Mirrors
 * `rongtong.v1.StateMapping` (named apart from the iso22400 `StateMapping` table type).
 */
export const SignalStateMappingSchema = z
  .object({
    /** The raw value as text, compared exactly after trimming whitespace: "Execute", "3", "true". */
    rawState: z.string(),
    /**
     * The bucket the value is booked to. Absent (proto `TIME_BUCKET_UNSPECIFIED`): for an
     * operation mode, no override; for a machine state, the value is ignored and the
     * previous bucket continues.
     */
    bucket: TimeBucketSchema.optional(),
  })
  .describe('raw state or mode value → ISO 22400 time bucket');

/** One raw state → time bucket entry of a signal (see {@link SignalStateMappingSchema}). */
export type SignalStateMapping = z.infer<typeof SignalStateMappingSchema>;
