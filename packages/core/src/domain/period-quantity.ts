import { z } from 'zod';
import { WHEN_FIELDS_VALID, checkEndAfterStart } from './checks.js';
import { QuantitySchema } from './quantity.js';
import { TimestampSchema } from './timestamp.js';

/**
 * A quantity within one period `[startTime, endTime)`, e.g. 2000 pieces in the week
 * starting 2025-03-03. Mirrors `rongtong.v1.PeriodQuantity`.
 */
export const PeriodQuantitySchema = z
  .object({
    /** Inclusive start of the period, ms since the epoch. */
    startTime: TimestampSchema,
    /** Exclusive end of the period, ms since the epoch; after `startTime`. */
    endTime: TimestampSchema,
    /** The quantity within the period. */
    quantity: QuantitySchema,
  })
  .superRefine((period, ctx) => checkEndAfterStart(period, ctx), WHEN_FIELDS_VALID)
  .describe('a quantity within one period [startTime, endTime)');

/** A quantity within one period (see {@link PeriodQuantitySchema}). */
export type PeriodQuantity = z.infer<typeof PeriodQuantitySchema>;
