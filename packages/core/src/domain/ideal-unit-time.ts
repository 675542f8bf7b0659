import { z } from 'zod';
import { PositiveDurationSchema } from './duration.js';
import { NonBlankTextSchema } from './identifier.js';

/**
 * The ideal (planned) time to produce one unit of a product on one piece of equipment
 * (ISO 22400 PRU). Mirrors `rongtong.v1.IdealUnitTime`.
 */
export const IdealUnitTimeSchema = z
  .object({
    /** Product id as reported by the equipment's product signal. Absent: the default for products not listed. */
    productId: NonBlankTextSchema.optional(),
    /** Ideal time per unit in ms, positive; for several parts per cycle, the cycle time divided by parts per cycle. */
    idealUnitTime: PositiveDurationSchema,
  })
  .describe('ideal time per unit of a product (ISO 22400 PRU), ms');

/** The ideal time per unit of one product (see {@link IdealUnitTimeSchema}). */
export type IdealUnitTime = z.infer<typeof IdealUnitTimeSchema>;
