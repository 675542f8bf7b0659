import { z } from 'zod';
import { WHEN_FIELDS_VALID, checkEndAfterStart } from './checks.js';
import { DataQualitySchema } from './data-quality-schema.js';
import { LocalIdSchema, NonBlankTextSchema } from './identifier.js';
import { UnitSchema } from './quantity.js';
import { TimestampSchema } from './timestamp.js';

/** A produced amount: finite and ≥ 0. */
const amount = z.number({ error: 'must be a finite number' }).min(0, { error: 'must not be negative' });

/** A count of events in a period: an integer in [0, 2^32 − 1]. */
const eventCount = z
  .int({ error: 'must be a non-negative integer' })
  .min(0, { error: 'must be a non-negative integer' })
  .max(4_294_967_295, { error: 'must fit in 32 bits' });

/**
 * ProductionCount: the production of one piece of equipment in one period, derived from
 * its counters as deltas with reset and wrap handling. Mirrors
 * `rongtong.v1.ProductionCount`. Quantities follow ISO 22400-2 (PQ = GQ + SQ + RQ; the
 * derivation fills missing counters). The identity is not enforced here: counters read
 * from separate signals can disagree at period edges.
 */
export const ProductionCountSchema = z
  .object({
    /** Id of the equipment (unique within the enterprise). */
    equipmentId: LocalIdSchema,
    /** Inclusive start of the counting period, source time, ms since the epoch. */
    startTime: TimestampSchema,
    /** Exclusive end of the counting period, ms since the epoch; after `startTime`. */
    endTime: TimestampSchema,
    /** Produced quantity (PQ), ≥ 0. */
    producedQuantity: amount,
    /** Good quantity (GQ), ≥ 0. */
    goodQuantity: amount,
    /** Scrap quantity (SQ), ≥ 0. */
    scrapQuantity: amount,
    /** Rework quantity (RQ), ≥ 0. */
    reworkQuantity: amount,
    /** Unit of the four quantities (UCUM; "" = pieces). */
    unit: UnitSchema,
    /** Counter resets seen in the period (back to 0 at a job start or controller restart). */
    resetsDetected: eventCount,
    /** Counter wrap-arounds seen in the period (see `CounterBehavior.wrapsAt`). */
    wrapsDetected: eventCount,
    /** The worst quality of the counter samples used. */
    quality: DataQualitySchema,
    /** The job the counts belong to. Absent: unknown or mixed. */
    jobId: NonBlankTextSchema.optional(),
    /** The product the counts belong to. Absent: unknown or mixed. */
    productId: NonBlankTextSchema.optional(),
  })
  .superRefine((count, ctx) => checkEndAfterStart(count, ctx), WHEN_FIELDS_VALID)
  .describe('production of one piece of equipment in one period (ISO 22400 PQ, GQ, SQ, RQ)');

/** Production of one piece of equipment in one period (see {@link ProductionCountSchema}). */
export type ProductionCount = z.infer<typeof ProductionCountSchema>;
