import { z } from 'zod';
import { fromZodError } from '../errors/from-zod-error.js';

/**
 * The scoring factors of supply–demand matching, in their documented order (ties in a
 * match's factor list keep this order). Stable codes, reported in `FactorContribution.factor`:
 *
 * - `measured_capacity`: share of the demanded quantity the supplier's **measured** available
 *   capacity covers over [now, due date] (declared capacity only as a discounted fallback);
 * - `spec`: how well the supply item's spec attributes fit the demand's (equal text, numeric ranges);
 * - `lead_time`: slack between the supplier's lead time and the due date;
 * - `capacity_confidence`: confidence of the capacity figure used (low for declared figures);
 * - `quality_history`: the supplier's measured quality ratio (GQ / PQ) from its KPIs;
 * - `region`: GB/T 2260 distance to the preferred regions (same district / city / province / neighbour / far);
 * - `intended_customer`: the supplier lists the buyer among its intended customers (意向客户).
 */
export const MATCH_FACTORS = [
  'measured_capacity',
  'spec',
  'lead_time',
  'capacity_confidence',
  'quality_history',
  'region',
  'intended_customer',
] as const;

/** A scoring factor code (see {@link MATCH_FACTORS}). */
export type MatchFactor = (typeof MATCH_FACTORS)[number];

/** Factor weights, one per factor; after {@link resolveMatchWeights} they are ≥ 0 and sum to 1. */
export type MatchWeights = Readonly<Record<MatchFactor, number>>;

/** The default weights (they sum to 1): measured capacity first, then spec fit and lead time. */
export const DEFAULT_MATCH_WEIGHTS: MatchWeights = {
  measured_capacity: 0.3,
  spec: 0.2,
  lead_time: 0.15,
  capacity_confidence: 0.1,
  quality_history: 0.1,
  region: 0.1,
  intended_customer: 0.05,
};

const weight = z
  .number({ error: 'must be a finite number' })
  .min(0, { error: 'must not be negative' });

/**
 * zod schema of configured weights: any subset of the factors, each a finite number ≥ 0;
 * unknown factor names are rejected. Factors left out keep their default weight.
 */
export const MatchWeightsSchema = z
  .strictObject(Object.fromEntries(MATCH_FACTORS.map((f) => [f, weight.optional()])) as Record<MatchFactor, z.ZodOptional<typeof weight>>)
  .describe('scoring factor weights; left-out factors keep their default; normalised to sum 1');

/** Configured weights: any subset of the factors (see {@link MatchWeightsSchema}). */
export type MatchWeightsInput = Partial<Record<MatchFactor, number>>;

/**
 * Validates configured weights and normalises them to sum 1. Left-out factors keep their
 * default weight (set one to 0 to switch it off). Throws a `RongtongError`
 * `INVALID_ARGUMENT` whose field violations name each bad weight as `weights.<factor>`
 * (or `weights` when all weights are 0).
 */
export function resolveMatchWeights(input: unknown = {}): MatchWeights {
  const parsed = z.object({ weights: MatchWeightsSchema }).safeParse({ weights: input ?? {} });
  if (!parsed.success) throw fromZodError(parsed.error, 'match weights');
  const merged = MATCH_FACTORS.map((f) => parsed.data.weights[f] ?? DEFAULT_MATCH_WEIGHTS[f]);
  const sum = merged.reduce((a, b) => a + b, 0);
  if (!(sum > 0) || !Number.isFinite(sum)) {
    const error = new z.ZodError([
      { code: 'custom', path: ['weights'], message: `weights must sum to a finite number > 0, got ${sum}`, input },
    ]);
    throw fromZodError(error, 'match weights');
  }
  return Object.fromEntries(MATCH_FACTORS.map((f, i) => [f, (merged[i] ?? 0) / sum])) as Record<MatchFactor, number>;
}
