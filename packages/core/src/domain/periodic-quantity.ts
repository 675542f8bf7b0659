import { z } from 'zod';
import { PeriodGranularitySchema } from './period-granularity.js';
import { QuantitySchema } from './quantity.js';

/**
 * A rate as a quantity per period of a given length, e.g. 5000 pieces per `day`.
 * Mirrors `rongtong.v1.PeriodicQuantity`.
 */
export const PeriodicQuantitySchema = z
  .object({
    /** The quantity per period. */
    quantity: QuantitySchema,
    /** The period length the quantity refers to. */
    granularity: PeriodGranularitySchema,
  })
  .describe('a quantity per period of a given length');

/** A quantity per period of a given length (see {@link PeriodicQuantitySchema}). */
export type PeriodicQuantity = z.infer<typeof PeriodicQuantitySchema>;
