import { z } from 'zod';
import { SnakeCaseNameSchema } from './identifier.js';

/**
 * ConstraintFailure: a hard constraint a demand–supply pair fails, which rules the match
 * out. Mirrors `rongtong.v1.ConstraintFailure`.
 */
export const ConstraintFailureSchema = z
  .object({
    /** Stable constraint name in snake_case: "category", "required_certifications", "minimum_designation", … */
    constraint: SnakeCaseNameSchema,
    /** Why the pair fails it, for people, e.g. "missing IATF16949". */
    reason: z.string().regex(/\S/, { error: 'must not be empty or blank' }),
  })
  .describe('a hard constraint a demand–supply pair fails');

/** A hard constraint a pair fails (see {@link ConstraintFailureSchema}). */
export type ConstraintFailure = z.infer<typeof ConstraintFailureSchema>;
