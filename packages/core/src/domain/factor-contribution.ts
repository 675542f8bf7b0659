import { z } from 'zod';
import { WHEN_FIELDS_VALID, nearlyEqual } from './checks.js';
import { UnitIntervalSchema } from './confidence.js';
import { SnakeCaseNameSchema } from './identifier.js';

/**
 * FactorContribution: one scoring factor of a match — its weight, how well the pair meets
 * it, and its share of the score (`contribution = weight × value`). Mirrors
 * `rongtong.v1.FactorContribution`.
 */
export const FactorContributionSchema = z
  .object({
    /** Stable factor name in snake_case: "category", "spec", "measured_capacity", "region", … */
    factor: SnakeCaseNameSchema,
    /** Weight of the factor in [0, 1]; the weights of one match sum to 1. */
    weight: UnitIntervalSchema,
    /** How well the pair meets the factor, in [0, 1]. */
    value: UnitIntervalSchema,
    /** weight × value: the factor's share of the score. */
    contribution: UnitIntervalSchema,
    /** Short note for people on how the value was reached, e.g. "5200/4000 per week". */
    detail: z.string().optional(),
  })
  .superRefine((factor, ctx) => {
    const expected = factor.weight * factor.value;
    if (!nearlyEqual(factor.contribution, expected)) {
      ctx.addIssue({
        code: 'custom',
        path: ['contribution'],
        message: `contribution (${factor.contribution}) must equal weight × value (${expected})`,
        input: factor.contribution,
      });
    }
  }, WHEN_FIELDS_VALID)
  .describe('one scoring factor of a match');

/** One scoring factor of a match (see {@link FactorContributionSchema}). */
export type FactorContribution = z.infer<typeof FactorContributionSchema>;
