import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { ConstraintFailureSchema } from './constraint-failure.js';
import { FactorContributionSchema } from './factor-contribution.js';
import { MatchSchema, type Match } from './match.js';

const T0 = 1_740_931_200_000;

// Weights 0.5 + 0.3 + 0.2 = 1; contributions 0.5·1 = 0.5, 0.3·0.8 = 0.24, 0.2·0.5 = 0.1; score 0.84.
const factors = [
  { factor: 'measured_capacity', weight: 0.5, value: 1, contribution: 0.5, detail: '5200/4000 per week' },
  { factor: 'category', weight: 0.3, value: 0.8, contribution: 0.3 * 0.8 },
  { factor: 'region', weight: 0.2, value: 0.5, contribution: 0.1 },
];

const match: Match = {
  id: 'mat_1',
  demandItemId: 'dem_1',
  supplyItemId: 'sup_1',
  buyerEnterpriseId: 'ent_leader',
  supplierEnterpriseId: 'ent_sme',
  score: 0.5 + 0.3 * 0.8 + 0.1,
  rank: 1,
  factors,
  failedConstraints: [],
  explanation: '实测可用产能 5200 件/周 ≥ 需求 4000 件/周；同在重庆市',
  status: 'proposed',
  createTime: T0,
  updateTime: T0,
  expireTime: T0 + 7 * 86_400_000,
};

describe('FactorContribution and ConstraintFailure', () => {
  it('parses a factor and checks contribution = weight × value', () => {
    expect(FactorContributionSchema.parse(factors[0])).toEqual(factors[0]);
    expect(issuePaths(FactorContributionSchema, { factor: 'region', weight: 0.2, value: 0.5, contribution: 0.2 })).toEqual([
      ['contribution'],
    ]);
    expect(issuePaths(FactorContributionSchema, { factor: 'region', weight: 0.2, value: 1.5, contribution: 0.3 })).toEqual([
      ['value'],
    ]);
    expect(issuePaths(FactorContributionSchema, { factor: 'Region', weight: 0.2, value: 0.5, contribution: 0.1 })).toEqual([
      ['factor'],
    ]);
  });

  it('parses a constraint failure', () => {
    const failure = { constraint: 'required_certifications', reason: 'missing IATF16949' };
    expect(ConstraintFailureSchema.parse(failure)).toEqual(failure);
    expect(issuePaths(ConstraintFailureSchema, { ...failure, reason: '' })).toEqual([['reason']]);
  });
});

describe('Match', () => {
  it('parses a valid match', () => {
    expect(MatchSchema.parse(match)).toEqual(match);
  });

  it('keeps the score in [0, 1]', () => {
    expect(issuePaths(MatchSchema, { ...match, score: 1.2 })).toEqual([['score']]);
    expect(issuePaths(MatchSchema, { ...match, score: -0.1 })).toEqual([['score']]);
  });

  it('requires score = Σ contributions, or 0 when a hard constraint failed', () => {
    const result = MatchSchema.safeParse({ ...match, score: 0.9 });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['score']]);
    expect(result.error?.issues[0]?.message).toMatch(/^score \(0\.9\) must equal the sum of the factor contributions \(0\.84/);
    const failed = [{ constraint: 'minimum_designation', reason: 'supplier has no designation' }];
    expect(issuePaths(MatchSchema, { ...match, failedConstraints: failed })).toEqual([['score']]);
    expect(MatchSchema.safeParse({ ...match, failedConstraints: failed, score: 0, status: 'expired' }).success).toBe(true);
  });

  it('reports a bad factor by index, and checks weights, order and uniqueness', () => {
    const badValue = [factors[0], { ...factors[1], value: 2 }, factors[2]];
    expect(issuePaths(MatchSchema, { ...match, factors: badValue })).toEqual([['factors', 1, 'value']]);
    const reordered = [factors[1], factors[0], factors[2]];
    expect(issuePaths(MatchSchema, { ...match, factors: reordered })).toEqual([['factors', 1, 'contribution']]);
    const dup = [factors[0], factors[1], { ...factors[2], factor: 'category' }];
    expect(issuePaths(MatchSchema, { ...match, factors: dup })).toEqual([['factors', 2, 'factor']]);
    const light = [factors[0], factors[1]];
    expect(issuePaths(MatchSchema, { ...match, factors: light, score: 0.74 })).toEqual([['factors']]);
  });

  it('names other invalid fields', () => {
    expect(issuePaths(MatchSchema, { ...match, rank: 0 })).toEqual([['rank']]);
    expect(issuePaths(MatchSchema, { ...match, status: 'pending' })).toEqual([['status']]);
    expect(issuePaths(MatchSchema, { ...match, failedConstraints: [{ constraint: 'capacity' }] })).toEqual([
      ['failedConstraints', 0, 'reason'],
    ]);
    expect(issuePaths(MatchSchema, { ...match, demandItemId: '' })).toEqual([['demandItemId']]);
  });
});
