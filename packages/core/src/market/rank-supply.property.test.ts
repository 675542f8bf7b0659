import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateMarketFixtures } from '../test-support/market-fixtures.js';
import { MATCH_FACTORS, type MatchFactor, resolveMatchWeights } from './match-weights.js';
import { type SupplyCandidate, type SupplyMatch, rankSupplyForDemand } from './rank-supply.js';
import { specFit } from './spec-fit.js';

const { demands, candidates, now } = generateMarketFixtures();
const DAY = 86_400_000;

const demandIndex = fc.nat({ max: demands.length - 1 });
const candidateIndex = fc.nat({ max: candidates.length - 1 });
const weightsArb = fc
  .record(Object.fromEntries(MATCH_FACTORS.map((f) => [f, fc.double({ min: 0, max: 10, noNaN: true })])) as Record<MatchFactor, fc.Arbitrary<number>>)
  .filter((w) => Object.values(w).some((v) => v > 1e-6));

/** The one match of `candidate` for `demand`, ranked or excluded. */
function only(demandAt: number, candidate: SupplyCandidate, options: Parameters<typeof rankSupplyForDemand>[2] = { now }): SupplyMatch {
  const r = rankSupplyForDemand(demands[demandAt]!, [candidate], options);
  return (r.ranked[0] ?? r.excluded[0])!;
}

const factorValue = (m: SupplyMatch, factor: MatchFactor): number => m.factors.find((f) => f.factor === factor)!.value;

describe('rankSupplyForDemand: properties', () => {
  it('scores lie in [0, 1] and equal Σ weight × value for any weights', () => {
    fc.assert(
      fc.property(demandIndex, candidateIndex, weightsArb, (d, c, weights) => {
        const m = only(d, candidates[c]!, { now, weights });
        expect(m.score).toBeGreaterThanOrEqual(0);
        expect(m.score).toBeLessThanOrEqual(1);
        const sum = m.factors.reduce((s, f) => s + f.contribution, 0);
        expect(m.score).toBeCloseTo(m.failedConstraints.length > 0 ? 0 : Math.min(1, sum), 12);
        expect(m.factors.reduce((s, f) => s + f.weight, 0)).toBeCloseTo(1, 12);
        for (const f of m.factors) expect(f.value).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('normalised weights are proportional to the configured ones', () => {
    fc.assert(
      fc.property(weightsArb, (weights) => {
        const w = resolveMatchWeights(weights);
        const total = Object.values(weights).reduce((a, b) => a + b, 0);
        for (const f of MATCH_FACTORS) expect(w[f]).toBeCloseTo(weights[f] / total, 12);
      }),
      { numRuns: 200 },
    );
  });

  it('adding measured available capacity never lowers measured_capacity (nor the score, other things equal)', () => {
    fc.assert(
      fc.property(
        demandIndex,
        candidateIndex.filter((c) => (candidates[c]!.availableCapacity ?? []).length > 0),
        fc.array(fc.nat({ max: 5_000 }), { minLength: 10, maxLength: 10 }),
        (d, c, extra) => {
          const base = candidates[c]!;
          const more: SupplyCandidate = {
            ...base,
            availableCapacity: (base.availableCapacity ?? []).map((p, i) => ({ ...p, quantity: { ...p.quantity, value: p.quantity.value + (extra[i] ?? 0) } })),
          };
          const before = only(d, base);
          const after = only(d, more);
          expect(factorValue(after, 'measured_capacity')).toBeGreaterThanOrEqual(factorValue(before, 'measured_capacity'));
          expect(after.score).toBeGreaterThanOrEqual(before.score - 1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lead_time is monotonic in the slack: a longer lead time never scores higher', () => {
    fc.assert(
      fc.property(demandIndex, candidateIndex, fc.nat({ max: 60 * DAY }), fc.nat({ max: 60 * DAY }), (d, c, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        const withLead = (leadTime: number): SupplyCandidate => ({ ...candidates[c]!, item: { ...candidates[c]!.item, leadTime } });
        const quick = only(d, withLead(short));
        const slow = only(d, withLead(long));
        expect(factorValue(quick, 'lead_time')).toBeGreaterThanOrEqual(factorValue(slow, 'lead_time'));
        expect(quick.score).toBeGreaterThanOrEqual(slow.score - 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('ranking is a permutation-invariant order: shuffled candidates give the same ranking', () => {
    fc.assert(
      fc.property(demandIndex, fc.shuffledSubarray([...candidates.keys()], { minLength: 1 }), fc.nat(), (d, subset, seed) => {
        const picked = subset.map((i) => candidates[i]!);
        const shuffled = [...picked].sort((x, y) => ((x.item.id ?? '') + seed < (y.item.id ?? '') + seed ? 1 : -1));
        const a = rankSupplyForDemand(demands[d]!, picked, { now }).ranked.map((m) => m.supplyItemId);
        const b = rankSupplyForDemand(demands[d]!, shuffled, { now }).ranked.map((m) => m.supplyItemId);
        expect(b).toEqual(a);
      }),
      { numRuns: 50 },
    );
  });

  it('spec fit lies in [0, 1] and an item always fits its own spec fully', () => {
    const spec = fc.dictionary(fc.constantFrom('material', 'diameter_mm', 'thickness_mm', 'layers'), fc.oneof(fc.string(), fc.double({ noNaN: true }).map(String)));
    fc.assert(
      fc.property(spec, spec, (a, b) => {
        const v = specFit(a, b).value;
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        const nonBlank = Object.fromEntries(Object.entries(a).filter(([, x]) => x.trim() !== ''));
        expect(specFit(nonBlank, nonBlank).value).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});
