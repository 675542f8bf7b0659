import { describe, expect, it } from 'vitest';
import { isCategoryWithin } from '../domain/category.js';
import { DemandItemSchema, type DemandItem } from '../domain/demand-item.js';
import { DESIGNATIONS } from '../domain/designation.js';
import { MatchSchema } from '../domain/match.js';
import { isRegionCode } from '../domain/region-code.js';
import { SupplyItemSchema } from '../domain/supply-item.js';
import { CATEGORY_NAMES, generateMarketFixtures } from '../test-support/market-fixtures.js';
import { MONDAY, WEEK } from '../test-support/weeks.js';
import { type SupplierProfile, supplyRegion } from './hard-constraints.js';
import { MATCH_FACTORS } from './match-weights.js';
import { type SupplyCandidate, type SupplyMatch, rankSupplyForDemand } from './rank-supply.js';
import { regionRelation } from './region-distance.js';

const fixtures = generateMarketFixtures();
const { demands, candidates, now } = fixtures;
const HAN = /[\u4e00-\u9fff]/;

/** The constraint codes the test expects, computed independently of the ranking code. */
function expectedFailures(demand: DemandItem, c: SupplyCandidate): string[] {
  const out: string[] = [];
  if (c.item.status !== 'open') out.push('status');
  if (!isCategoryWithin(c.item.category, demand.category)) out.push('category');
  const held = [...c.supplier.certifications, ...c.item.certifications];
  if (demand.requiredCertifications.some((r) => !held.includes(r))) out.push('required_certifications');
  if (DESIGNATIONS.indexOf(c.supplier.designation ?? 'none') < DESIGNATIONS.indexOf(demand.minimumDesignation ?? 'none')) {
    out.push('minimum_designation');
  }
  return out;
}

/** A Match as the platform would store it, to check the result against the domain schema. */
function asMatch(demand: DemandItem, m: SupplyMatch): unknown {
  return {
    id: `mat_${demand.id}_${m.supplyItemId}`,
    demandItemId: demand.id,
    supplyItemId: m.supplyItemId,
    buyerEnterpriseId: demand.buyerEnterpriseId,
    supplierEnterpriseId: m.supplierEnterpriseId,
    score: m.score,
    rank: m.rank ?? 1,
    factors: m.factors,
    failedConstraints: m.failedConstraints.map(({ constraint, reason }) => ({ constraint, reason })),
    explanation: m.explanation,
    status: 'proposed',
    createTime: now,
    updateTime: now,
  };
}

describe('market fixtures', () => {
  it('hold ≥ 50 demand and ≥ 200 supply items with Chinese names, real region codes, reproducibly', () => {
    expect(demands.length).toBeGreaterThanOrEqual(50);
    expect(candidates.length).toBeGreaterThanOrEqual(200);
    for (const d of demands) {
      expect(DemandItemSchema.parse(d)).toEqual(d);
      expect(d.name).toMatch(HAN);
      expect(CATEGORY_NAMES[d.category], d.category).toMatch(HAN);
    }
    for (const c of candidates) {
      expect(SupplyItemSchema.parse(c.item)).toEqual(c.item);
      expect(c.item.mainProduct).toMatch(HAN);
      expect(c.supplier.name).toMatch(HAN);
      expect(isRegionCode(supplyRegion(c.item, c.supplier) ?? ''), c.item.id).toBe(true);
    }
    expect(generateMarketFixtures()).toEqual(fixtures);
    expect(generateMarketFixtures(7).demands).not.toEqual(demands);
  });
});

describe('rankSupplyForDemand over the fixtures', () => {
  const rankings = demands.map((d) => ({ demand: d, ranking: rankSupplyForDemand(d, candidates, { now }) }));

  it('ranks every candidate that passes the hard filters and explains every one it excludes', () => {
    let ranked = 0;
    let excluded = 0;
    for (const { demand, ranking } of rankings) {
      expect(ranking.ranked.length + ranking.excluded.length).toBe(candidates.length);
      const indexes = [...ranking.ranked, ...ranking.excluded].map((m) => m.index).sort((a, b) => a - b);
      expect(indexes).toEqual(candidates.map((_, i) => i));
      for (const m of ranking.ranked) {
        expect(expectedFailures(demand, candidates[m.index]!), `${demand.id} ${m.supplyItemId}`).toEqual([]);
        expect(m.failedConstraints).toEqual([]);
      }
      for (const m of ranking.excluded) {
        const codes = m.failedConstraints.map((f) => f.constraint);
        expect(codes, `${demand.id} ${m.supplyItemId}`).toEqual(expectedFailures(demand, candidates[m.index]!));
        expect(m.score).toBe(0);
        expect(m.rank).toBeUndefined();
        for (const f of m.failedConstraints) {
          expect(f.field).toMatch(/^(demand|supply)\.[a-zA-Z]+$/);
          expect(f.reason).toMatch(HAN);
          expect(m.explanation).toContain(f.constraint);
        }
      }
      ranked += ranking.ranked.length;
      excluded += ranking.excluded.length;
    }
    // The fixtures exercise both sides, and most demands have a real choice.
    expect(ranked).toBeGreaterThan(500);
    expect(excluded).toBeGreaterThan(5000);
    expect(rankings.filter((r) => r.ranking.ranked.length >= 3).length).toBeGreaterThanOrEqual(45);
  });

  it('orders by score with ranks 1..n; score = Σ weight × value; every factor explained; valid Match', () => {
    for (const { demand, ranking } of rankings) {
      ranking.ranked.forEach((m, i) => {
        expect(m.rank).toBe(i + 1);
        if (i > 0) expect(m.score).toBeLessThanOrEqual(ranking.ranked[i - 1]!.score);
      });
      for (const m of [...ranking.ranked, ...ranking.excluded]) {
        expect(m.factors.map((f) => f.factor).sort()).toEqual([...MATCH_FACTORS].sort());
        expect(m.factors.reduce((s, f) => s + f.weight, 0)).toBeCloseTo(1, 12);
        for (const f of m.factors) {
          expect(f.contribution).toBeCloseTo(f.weight * f.value, 12);
          expect(m.explanation).toContain(`${f.factor} 权重 ${f.weight.toFixed(3)} × 值 ${f.value.toFixed(3)} = ${f.contribution.toFixed(3)}`);
        }
        if (m.rank !== undefined) {
          expect(m.score).toBeCloseTo(m.factors.reduce((s, f) => s + f.contribution, 0), 12);
          expect(m.explanation).toContain(`第 ${m.rank} 名，得分 ${m.score.toFixed(3)}`);
        }
        const parsed = MatchSchema.safeParse(asMatch(demand, m));
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }
    }
  });

  it('is deterministic: the same ranking for the candidates in reverse order', () => {
    for (const { demand, ranking } of rankings.slice(0, 20)) {
      const reversed = rankSupplyForDemand(demand, [...candidates].reverse(), { now });
      expect(reversed.ranked.map((m) => [m.supplyItemId, m.score])).toEqual(ranking.ranked.map((m) => [m.supplyItemId, m.score]));
    }
  });

  it('ranks an inflated twin (high declared, low measured) below the original whose measured capacity covers the demand', () => {
    let checked = 0;
    for (const { demand, ranking } of rankings) {
      const top = ranking.ranked.find((m) => m.capacity.source === 'measured_periods' && m.capacity.value === 1);
      if (top === undefined) continue;
      const original = candidates[top.index]!;
      const declared = original.item.declaredCapacity!;
      const twin: SupplyCandidate = {
        ...original,
        item: {
          ...original.item,
          id: `${original.item.id}_twin`,
          declaredCapacity: { ...declared, quantity: { ...declared.quantity, value: declared.quantity.value * 50 } },
        },
        availableCapacity: (original.availableCapacity ?? []).map((p) => ({ ...p, quantity: { ...p.quantity, value: 1 } })),
      };
      const again = rankSupplyForDemand(demand, [...candidates, twin], { now });
      const rankOf = (id: string | undefined): number => again.ranked.find((m) => m.supplyItemId === id)!.rank!;
      expect(rankOf(twin.item.id), demand.id).toBeGreaterThan(rankOf(original.item.id));
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });
});

// A hand-made pair: everything equal but the capacity figures.
const T = MONDAY;
const demand = DemandItemSchema.parse({
  id: 'dem_brake',
  buyerEnterpriseId: 'ent_buyer',
  category: 'component.casting.brake-disc',
  name: '制动盘铸件毛坯',
  spec: { material: 'HT250', diameter_mm: '320' },
  quantity: { value: 4000, unit: '' },
  delivery: { kind: 'due_time', dueTime: T + 4 * WEEK },
  regionCodes: ['50'],
  requiredCertifications: ['IATF16949'],
  minimumDesignation: 'specialized',
  status: 'open',
});
const supplier: SupplierProfile = {
  id: 'ent_a',
  name: '重庆某某铸造有限公司',
  designation: 'specialized',
  certifications: ['ISO9001', 'IATF16949'],
  regionCode: '500112',
};
const weekly = (value: number, confidence = 0.9): SupplyCandidate['availableCapacity'] =>
  [0, 1, 2, 3, 4, 5].map((w) => ({ id: `cap_${w}`, startTime: T + w * WEEK, endTime: T + (w + 1) * WEEK, quantity: { value, unit: '' }, confidence: { value: confidence } }));
const candidate = (id: string, declared: number, available: number | undefined, extra: Partial<SupplyCandidate> = {}): SupplyCandidate => ({
  item: SupplyItemSchema.parse({
    id,
    category: 'component.casting.brake-disc',
    mainProduct: '汽车制动盘',
    spec: { material: 'HT250', diameter_mm: '300-350' },
    declaredCapacity: { quantity: { value: declared, unit: '' }, granularity: 'week' },
    leadTime: 7 * 86_400_000,
    intendedCustomers: [],
    certifications: [],
    status: 'open',
  }),
  supplier,
  ...(available === undefined ? {} : { availableCapacity: weekly(available) }),
  qualityRatio: 0.98,
  ...extra,
});

describe('measured capacity beats declared capacity', () => {
  it('a supplier declaring 100000/week but measured at 200/week ranks below one measured at 1500/week', () => {
    const inflated = candidate('sup_inflated', 100_000, 200);
    const honest = candidate('sup_honest', 2_000, 1_500);
    const r = rankSupplyForDemand(demand, [inflated, honest], { now: T });
    expect(r.ranked.map((m) => m.supplyItemId)).toEqual(['sup_honest', 'sup_inflated']);
    const [first, second] = r.ranked;
    const coverage = (m: SupplyMatch | undefined): number => m!.factors.find((f) => f.factor === 'measured_capacity')!.value;
    expect(coverage(first)).toBe(1);
    expect(coverage(second)).toBeCloseTo(800 / 4000, 12);
    expect(second!.explanation).toContain('实测可用产能 800 件 < 需求 4000 件（28.0 天内）');
    expect(first!.capacity.capacityRecordIds).toEqual(['cap_0', 'cap_1', 'cap_2', 'cap_3']);
  });

  it('a declared-only supplier ranks below a measured one, with the declared figure discounted and low confidence', () => {
    const declaredOnly = candidate('sup_declared', 100_000, undefined);
    const honest = candidate('sup_honest', 2_000, 1_000);
    const r = rankSupplyForDemand(demand, [declaredOnly, honest], { now: T });
    expect(r.ranked.map((m) => m.supplyItemId)).toEqual(['sup_honest', 'sup_declared']);
    const d = r.ranked[1]!;
    expect(d.capacity.source).toBe('declared');
    expect(d.factors.find((f) => f.factor === 'measured_capacity')!.value).toBe(0.5);
    expect(d.factors.find((f) => f.factor === 'capacity_confidence')!.value).toBe(0.2);
    expect(d.explanation).toContain('申报产能（未经实测，打折计）');
  });
});

describe('hard filters', () => {
  const codes = (c: SupplyCandidate, options: Parameters<typeof rankSupplyForDemand>[2] = { now: T }, d: DemandItem = demand): string[] =>
    rankSupplyForDemand(d, [c], options).excluded[0]?.failedConstraints.map((f) => f.constraint) ?? [];
  const base = candidate('sup_base', 2_000, 1_500);

  it('passes the base candidate', () => {
    expect(codes(base)).toEqual([]);
  });

  it('status: only open supply items match', () => {
    expect(codes({ ...base, item: { ...base.item, status: 'draft' } })).toEqual(['status']);
  });

  it('category: equal or below the demand category; a sibling or a parent fails', () => {
    expect(codes({ ...base, item: { ...base.item, category: 'component.casting.brake-disc.vented' } })).toEqual([]);
    expect(codes({ ...base, item: { ...base.item, category: 'component.casting.housing' } })).toEqual(['category']);
    expect(codes({ ...base, item: { ...base.item, category: 'component.casting' } })).toEqual(['category']);
  });

  it('required_certifications: the enterprise and the item certifications together', () => {
    const noCert = { ...base, supplier: { ...supplier, certifications: ['ISO9001'] } };
    const r = rankSupplyForDemand(demand, [noCert], { now: T });
    expect(r.excluded[0]!.failedConstraints).toEqual([
      { constraint: 'required_certifications', field: 'demand.requiredCertifications', reason: '缺少认证 IATF16949' },
    ]);
    expect(codes({ ...noCert, item: { ...noCert.item, certifications: ['IATF16949'] } })).toEqual([]);
  });

  it('minimum_designation: lower designations fail, higher pass', () => {
    expect(codes({ ...base, supplier: { ...supplier, designation: 'innovative_sme' } })).toEqual(['minimum_designation']);
    expect(codes({ ...base, supplier: { ...supplier, designation: undefined } })).toEqual(['minimum_designation']);
    expect(codes({ ...base, supplier: { ...supplier, designation: 'little_giant' } })).toEqual([]);
  });

  it('region: a preference by default, a constraint when required', () => {
    const chengdu = { ...base, item: { ...base.item, regionCode: '510104' } };
    expect(codes(chengdu)).toEqual([]);
    expect(codes(chengdu, { now: T, regionRequired: true })).toEqual(['region']);
    expect(codes(base, { now: T, regionRequired: true })).toEqual([]);
  });

  it('capacity: only with a minimum coverage', () => {
    const thin = candidate('sup_thin', 2_000, 500);
    expect(codes(thin)).toEqual([]);
    expect(codes(thin, { now: T, minimumCoverage: 0.8 })).toEqual(['capacity']);
  });

  it('lists every failed constraint, not only the first', () => {
    const bad: SupplyCandidate = {
      ...base,
      item: { ...base.item, status: 'closed', category: 'component.stamping', regionCode: '440305' },
      supplier: { ...supplier, designation: 'none', certifications: [] },
    };
    const r = rankSupplyForDemand(demand, [bad], { now: T, regionRequired: true, minimumCoverage: 1 });
    expect(r.ranked).toEqual([]);
    expect(r.excluded[0]!.failedConstraints.map((f) => f.constraint)).toEqual([
      'status',
      'category',
      'required_certifications',
      'minimum_designation',
      'region',
    ]);
    expect(r.excluded[0]!.explanation).toMatch(/^未通过硬性条件/);
  });
});

describe('factors', () => {
  it('region: within > same province > neighbour > far', () => {
    const at = (code: string): number =>
      rankSupplyForDemand({ ...demand, regionCodes: ['5001'] }, [candidate(code, 2_000, 1_500, { supplier: { ...supplier, regionCode: code } })], { now: T })
        .ranked[0]!.factors.find((f) => f.factor === 'region')!.value;
    expect(regionRelation('500112', '5001')).toBe('within');
    expect([at('500112'), at('500230'), at('510104'), at('440305')]).toEqual([1, 0.6, 0.4, 0.1]);
  });

  it('weights change the ranking: region only puts the nearest supplier first', () => {
    const near = candidate('sup_near', 2_000, 500, { supplier: { ...supplier, id: 'ent_near', regionCode: '500112' } });
    const far = candidate('sup_far', 2_000, 1_500, { supplier: { ...supplier, id: 'ent_far', regionCode: '440305' } });
    expect(rankSupplyForDemand(demand, [near, far], { now: T }).ranked[0]!.supplyItemId).toBe('sup_far');
    const regionOnly = { measured_capacity: 0, spec: 0, lead_time: 0, capacity_confidence: 0, quality_history: 0, intended_customer: 0, region: 2 };
    const r = rankSupplyForDemand(demand, [near, far], { now: T, weights: regionOnly });
    expect(r.ranked.map((m) => m.supplyItemId)).toEqual(['sup_near', 'sup_far']);
    expect(r.weights.region).toBe(1);
    expect(r.ranked[0]!.score).toBe(1);
  });

  it('intended_customer: the buyer listed by id scores 1', () => {
    const listed = candidate('sup_listed', 2_000, 1_500);
    const withBuyer = { ...listed, item: { ...listed.item, intendedCustomers: ['ent_buyer'] } };
    const value = (c: SupplyCandidate): number =>
      rankSupplyForDemand(demand, [c], { now: T }).ranked[0]!.factors.find((f) => f.factor === 'intended_customer')!.value;
    expect([value(listed), value(withBuyer)]).toEqual([0, 1]);
  });

  it('ties are broken by supply item id, whatever the input order', () => {
    const a = candidate('sup_b', 2_000, 1_500);
    const b = candidate('sup_a', 2_000, 1_500);
    expect(rankSupplyForDemand(demand, [a, b], { now: T }).ranked.map((m) => m.supplyItemId)).toEqual(['sup_a', 'sup_b']);
    expect(rankSupplyForDemand(demand, [b, a], { now: T }).ranked.map((m) => m.supplyItemId)).toEqual(['sup_a', 'sup_b']);
  });
});

describe('options validation', () => {
  const reject = (options: Record<string, unknown>): { code: string; paths: string[] } => {
    try {
      rankSupplyForDemand(demand, [], options as unknown as Parameters<typeof rankSupplyForDemand>[2]);
    } catch (error) {
      const e = error as { code: string; fieldViolations: { path: string }[] };
      return { code: e.code, paths: e.fieldViolations.map((v) => v.path) };
    }
    throw new Error('expected a RongtongError');
  };

  it('names each bad weight and option by field', () => {
    expect(reject({ now: T, weights: { spec: -0.1 } })).toEqual({ code: 'INVALID_ARGUMENT', paths: ['weights.spec'] });
    expect(reject({ now: T, weights: { region: Number.NaN, lead_time: 'x' } })).toEqual({
      code: 'INVALID_ARGUMENT',
      paths: ['weights.lead_time', 'weights.region'],
    });
    expect(reject({ now: T, weights: { colour: 0.5 } }).paths).toEqual(['weights']);
    const zero = Object.fromEntries(MATCH_FACTORS.map((f) => [f, 0]));
    expect(reject({ now: T, weights: zero }).paths).toEqual(['weights']);
    expect(reject({}).paths).toEqual(['now']);
    expect(reject({ now: T, minimumCoverage: 1.5, asapHorizonMs: 0 }).paths.sort()).toEqual(['asapHorizonMs', 'minimumCoverage']);
  });
});
