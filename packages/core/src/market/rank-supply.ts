import { z } from 'zod';
import type { DemandItem } from '../domain/demand-item.js';
import type { FactorContribution } from '../domain/factor-contribution.js';
import type { SupplyItem } from '../domain/supply-item.js';
import { fromZodError } from '../errors/from-zod-error.js';
import { type AvailableCapacityPeriod, type CapacityCoverage, amount, capacityCoverage, unitText } from './capacity-coverage.js';
import { MS_PER_DAY, deliveryCheckpoints, leadTimeSlack } from './delivery-window.js';
import { type MatchConstraintFailure, type SupplierProfile, checkHardConstraints } from './hard-constraints.js';
import { explainMatch } from './match-explanation.js';
import { MATCH_FACTORS, type MatchFactor, type MatchWeights, MatchWeightsSchema, resolveMatchWeights } from './match-weights.js';
import { scoreQuality, scoreIntendedCustomer, scoreRegion } from './supplier-factors.js';
import { specFit } from './spec-fit.js';

const unit = z.number({ error: 'must be a finite number' }).min(0, { error: 'must be in [0, 1]' }).max(1, { error: 'must be in [0, 1]' });
const positiveMs = z.number({ error: 'must be a finite number of milliseconds' }).positive({ error: 'must be positive (ms > 0)' });

/**
 * zod schema of the ranking options. Only `now` is required (the function reads no
 * clock); the rest have defaults documented per field.
 */
export const RankSupplyOptionsSchema = z
  .object({
    /** Start of the capacity window, ms since the epoch. */
    now: z.number({ error: 'must be a finite number (ms since the epoch)' }),
    /** Factor weights; left-out factors keep their default (see `DEFAULT_MATCH_WEIGHTS`); normalised to sum 1. */
    weights: MatchWeightsSchema.optional(),
    /** Make the demand's preferred regions a hard constraint. Default false (a scoring preference). */
    regionRequired: z.boolean().default(false),
    /** Minimum `measured_capacity` value a candidate needs (hard constraint `capacity`). Absent: no minimum. */
    minimumCoverage: unit.optional(),
    /** Window for demands without delivery ("as soon as possible"), ms. Default 28 days. */
    asapHorizonMs: positiveMs.default(28 * MS_PER_DAY),
    /** Slack after the lead time at which `lead_time` reaches 1, ms. Default 7 days. */
    fullSlackMs: positiveMs.default(7 * MS_PER_DAY),
    /** `lead_time` value when the supplier states no lead time. Default 0.3. */
    unknownLeadTimeValue: unit.default(0.3),
    /** Length of a shift, ms, for per-shift rates. Default 8 h. */
    shiftMs: positiveMs.default(8 * 3_600_000),
    /** Factor on the coverage from declared (unmeasured) capacity. Default 0.5. */
    declaredCoverageFactor: unit.default(0.5),
    /** Confidence given to declared capacity. Default 0.2. */
    declaredConfidence: unit.default(0.2),
    /** `spec` value of an attribute the supply item does not state. Default 0.5. */
    missingSpecValue: unit.default(0.5),
    /** Quality ratio that scores 0 in `quality_history` (1 scores 1, linear between). Default 0.9. */
    qualityFloor: unit.max(0.999, { error: 'must be below 1' }).default(0.9),
    /** `quality_history` value when the supplier has no quality history. Default 0.5. */
    unknownQualityValue: unit.default(0.5),
    /** The buyer, for `intended_customer` and as the region reference when the demand names no regions. */
    buyer: z
      .object({
        id: z.string().optional(),
        unifiedSocialCreditCode: z.string().optional(),
        name: z.string().optional(),
        regionCode: z.string().optional(),
      })
      .optional(),
  })
  .describe('options of rankSupplyForDemand');

/** Options as given (see {@link RankSupplyOptionsSchema}). */
export type RankSupplyOptions = z.input<typeof RankSupplyOptionsSchema>;

/** Options with defaults applied and weights resolved. */
export type ResolvedRankSupplyOptions = Omit<z.output<typeof RankSupplyOptionsSchema>, 'weights'> & { readonly weights: MatchWeights };

/** One supply item offered to a demand, with what matching needs about it. */
export interface SupplyCandidate {
  /** The supply item. */
  readonly item: SupplyItem;
  /** Its supplying enterprise: designation, certifications, region. */
  readonly supplier: SupplierProfile;
  /**
   * The supplier's `available` capacity records for the item's capability over the coming
   * periods (non-overlapping). Absent or none overlapping [now, due]: the item's measured
   * summary, else its declared capacity (discounted, low confidence).
   */
  readonly availableCapacity?: readonly AvailableCapacityPeriod[];
  /** Measured quality ratio GQ / PQ of recent periods, in [0, 1]. Absent: no history. */
  readonly qualityRatio?: number;
}

/** The ranking of one candidate: a `Match` without the platform's ids, status and times. */
export interface SupplyMatch {
  /** Position of the candidate in the input list. */
  readonly index: number;
  /** The supply item's id, when it has one. */
  readonly supplyItemId?: string;
  /** The supplier's id, when known. */
  readonly supplierEnterpriseId?: string;
  /** 1 = best; absent for an excluded candidate. */
  readonly rank?: number;
  /** Σ contributions in [0, 1]; 0 when a hard constraint failed. */
  readonly score: number;
  /** Every factor (weights sum to 1), largest contribution first, ties in `MATCH_FACTORS` order. */
  readonly factors: readonly FactorContribution[];
  /** The hard constraints failed; empty for a ranked candidate. */
  readonly failedConstraints: readonly MatchConstraintFailure[];
  /** For people, in Chinese with the numbers (factor codes in English). */
  readonly explanation: string;
  /** The capacity figure behind `measured_capacity` and `capacity_confidence`. */
  readonly capacity: CapacityCoverage;
}

/** Result of {@link rankSupplyForDemand}. */
export interface SupplyRanking {
  /** The weights used, normalised. */
  readonly weights: MatchWeights;
  /** Candidates that pass every hard constraint, best first, ranks 1, 2, … */
  readonly ranked: readonly SupplyMatch[];
  /** Candidates that fail a hard constraint, in input order, each with its failures. */
  readonly excluded: readonly SupplyMatch[];
}

/** Validates the options and applies defaults; throws a `RongtongError` naming each bad field. */
export function resolveRankSupplyOptions(options: RankSupplyOptions): ResolvedRankSupplyOptions {
  const parsed = RankSupplyOptionsSchema.safeParse(options);
  if (!parsed.success) throw fromZodError(parsed.error, 'ranking options');
  return { ...parsed.data, weights: resolveMatchWeights(parsed.data.weights) };
}

interface Scored {
  readonly index: number;
  readonly candidate: SupplyCandidate;
  readonly score: number;
  readonly factors: FactorContribution[];
  readonly values: Readonly<Record<MatchFactor, number>>;
  readonly failures: MatchConstraintFailure[];
  readonly capacity: CapacityCoverage;
}

function scoreCandidate(demand: DemandItem, candidate: SupplyCandidate, index: number, o: ResolvedRankSupplyOptions): Scored {
  const { item, supplier } = candidate;
  const checkpoints = deliveryCheckpoints(demand, o.now, o.asapHorizonMs);
  const capacity = capacityCoverage(checkpoints, demand.quantity.unit, item, candidate.availableCapacity ?? [], o);
  const firstDue = checkpoints[0]?.dueTime ?? o.now;
  const slack = leadTimeSlack(firstDue, o.now, item.leadTime, o.fullSlackMs, o.unknownLeadTimeValue);
  const spec = specFit(demand.spec, item.spec, o.missingSpecValue);
  const specDetail =
    spec.attributes.length === 0
      ? '需求未列规格'
      : spec.attributes.map((a) => `${a.name}: ${a.outcome}`).join('，') + `，均值 ${spec.value.toFixed(2)}`;
  const region = scoreRegion(demand, item, supplier, o.buyer?.regionCode);
  const quality = scoreQuality(candidate.qualityRatio, o.qualityFloor, o.unknownQualityValue);
  const intended = scoreIntendedCustomer(item, demand, o.buyer);
  const sourceNote = capacity.source === 'declared' ? '申报产能，置信度低' : capacity.source === 'none' ? '无产能数据' : '实测';
  const inputs: Record<MatchFactor, { value: number; detail: string }> = {
    measured_capacity: { value: capacity.value, detail: capacity.detail },
    spec: { value: spec.value, detail: specDetail },
    lead_time: { value: slack.value, detail: slack.detail },
    capacity_confidence: { value: capacity.confidence, detail: `产能数据置信度 ${capacity.confidence.toFixed(2)}（${sourceNote}）` },
    quality_history: quality,
    region,
    intended_customer: intended,
  };
  const factors = MATCH_FACTORS.map((factor): FactorContribution => {
    const weight = o.weights[factor];
    const value = Math.min(1, Math.max(0, inputs[factor].value));
    return { factor, weight, value, contribution: weight * value, detail: inputs[factor].detail };
  });
  const order = (f: FactorContribution): number => MATCH_FACTORS.indexOf(f.factor as MatchFactor);
  factors.sort((a, b) => b.contribution - a.contribution || order(a) - order(b));
  const failures = checkHardConstraints(demand, item, supplier, o);
  if (o.minimumCoverage !== undefined && capacity.value < o.minimumCoverage) {
    failures.push({
      constraint: 'capacity',
      field: 'demand.quantity',
      reason: `产能覆盖率 ${capacity.value.toFixed(2)} 低于要求的 ${o.minimumCoverage.toFixed(2)}（${amount(capacity.available)}/${amount(capacity.needed)} ${unitText(capacity.unit)}）`,
    });
  }
  const sum = factors.reduce((s, f) => s + f.contribution, 0);
  const values = Object.fromEntries(factors.map((f) => [f.factor, f.value])) as Record<MatchFactor, number>;
  return { index, candidate, score: failures.length > 0 ? 0 : Math.min(1, sum), factors, values, failures, capacity };
}

/** Deterministic tie-break key of a candidate: its item id, external id, supplier id. */
function tieKey(s: Scored): string {
  const { item, supplier } = s.candidate;
  return `${item.id ?? ''}\u0000${item.externalId ?? ''}\u0000${supplier.id ?? ''}`;
}

function compareScored(a: Scored, b: Scored): number {
  return (
    b.score - a.score ||
    b.values.measured_capacity - a.values.measured_capacity ||
    b.values.capacity_confidence - a.values.capacity_confidence ||
    (tieKey(a) < tieKey(b) ? -1 : tieKey(a) > tieKey(b) ? 1 : 0) ||
    a.index - b.index
  );
}

function toMatch(s: Scored, rank: number | undefined): SupplyMatch {
  const { item, supplier } = s.candidate;
  const supplierEnterpriseId = item.supplierEnterpriseId ?? supplier.id;
  return {
    index: s.index,
    ...(item.id === undefined ? {} : { supplyItemId: item.id }),
    ...(supplierEnterpriseId === undefined ? {} : { supplierEnterpriseId }),
    ...(rank === undefined ? {} : { rank }),
    score: s.score,
    factors: s.factors,
    failedConstraints: s.failures,
    explanation: explainMatch(rank, s.score, s.factors, s.failures),
    capacity: s.capacity,
  };
}

/**
 * Ranks supply items for one demand item. Pure and deterministic (reads no clock: `now`
 * is an option). For each candidate: the hard constraints (see `MATCH_CONSTRAINTS`), then
 * the weighted factors (see `MATCH_FACTORS`): score = Σ weight × value in [0, 1], or 0
 * when a hard constraint failed. Candidates passing every constraint are ranked by score,
 * ties broken by measured capacity, then capacity confidence, then item id / external id /
 * supplier id, then input order; failing candidates are returned too, with every failed
 * constraint and their factors, so the platform can show why. Throws a `RongtongError`
 * `INVALID_ARGUMENT` naming each bad option (weights as `weights.<factor>`).
 */
export function rankSupplyForDemand(
  demand: DemandItem,
  candidates: readonly SupplyCandidate[],
  options: RankSupplyOptions,
): SupplyRanking {
  const o = resolveRankSupplyOptions(options);
  const scored = candidates.map((c, i) => scoreCandidate(demand, c, i, o));
  const passing = scored.filter((s) => s.failures.length === 0).sort(compareScored);
  return {
    weights: o.weights,
    ranked: passing.map((s, i) => toMatch(s, i + 1)),
    excluded: scored.filter((s) => s.failures.length > 0).map((s) => toMatch(s, undefined)),
  };
}
