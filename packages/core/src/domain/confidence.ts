import { z } from 'zod';
import { WHEN_FIELDS_VALID, nearlyEqual } from './checks.js';

/** A confidence component: a number in [0, 1], 1 is best. */
export const UnitIntervalSchema = z
  .number({ error: 'must be a finite number' })
  .min(0, { error: 'must be in [0, 1]' })
  .max(1, { error: 'must be in [0, 1]' })
  .describe('a number in [0, 1]');

/**
 * Confidence: how far a figure can be trusted, in [0, 1], and what it is made of. Each
 * component is in [0, 1] (1 is best) and `value` is their product. Mirrors
 * `rongtong.v1.Confidence`.
 */
export const ConfidenceSchema = z
  .object({
    /** Overall confidence = signalCoverage × counterContinuity × plausibility. */
    value: UnitIntervalSchema,
    /** Share of the period's planned busy time covered by good or uncertain state data. */
    signalCoverage: UnitIntervalSchema,
    /** 1 minus the share of the period affected by unexpected resets, gaps or bad counter samples. */
    counterContinuity: UnitIntervalSchema,
    /** Consistency with independent bounds: rated capacity, ideal unit time, state vs. count agreement. */
    plausibility: UnitIntervalSchema,
  })
  .superRefine((confidence, ctx) => {
    const product = confidence.signalCoverage * confidence.counterContinuity * confidence.plausibility;
    if (!nearlyEqual(confidence.value, product)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `value (${confidence.value}) must equal signalCoverage × counterContinuity × plausibility (${product})`,
        input: confidence.value,
      });
    }
  }, WHEN_FIELDS_VALID)
  .describe('trustworthiness of a figure in [0, 1] and its components');

/** How far a figure can be trusted (see {@link ConfidenceSchema}). */
export type Confidence = z.infer<typeof ConfidenceSchema>;
