import { z } from 'zod';
import { TIME_BUCKETS } from '../iso22400/time-bucket.js';

/**
 * zod schema of the ISO 22400 {@link import('../iso22400/time-bucket.js').TimeBucket}:
 * `apt`, `aust`, `adet`, `adot`, `pdot`, `idle`, `unknown` (the values of `TIME_BUCKETS`,
 * in the order of the proto enum `rongtong.v1.TimeBucket`, `TIME_BUCKET_` + upper case).
 */
export const TimeBucketSchema = z.enum(TIME_BUCKETS).describe('ISO 22400-2 time bucket');
