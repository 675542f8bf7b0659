import type { DemandItemRecord, MatchRecord, SupplyItemRecord } from '@rongtong/platform';
import { T0 } from './fixtures.js';

/** Valid, deterministic demand items, supply items and matches for the contract suites. */

/** An OPEN demand item of buyer `buyerEnterpriseId`, category component.casting.brake-disc, created at T0. */
export function demandItemRecord(
  tenantId: string,
  buyerEnterpriseId: string,
  id: string,
  overrides: Partial<DemandItemRecord> = {},
): DemandItemRecord {
  return {
    id,
    tenantId,
    buyerEnterpriseId,
    externalId: `MAT-${id}`,
    category: 'component.casting.brake-disc',
    name: '制动盘铸件毛坯',
    description: 'HT250, 年需求',
    spec: { material: 'HT250', diameter_mm: '320' },
    quantity: { value: 10_000, unit: '' },
    delivery: { kind: 'due_time', dueTime: T0 + 30 * 86_400_000 },
    regionCodes: ['50', '5101'],
    requiredCertifications: ['IATF16949'],
    minimumDesignation: 'specialized',
    capability: { kind: 'product_class', id: 'brake-disc' },
    status: 'open',
    createTime: T0,
    updateTime: T0,
    etag: `${id}-v1`,
    ...overrides,
  };
}

/** An OPEN supply item of supplier `supplierEnterpriseId` in region 500112, created at T0. */
export function supplyItemRecord(
  tenantId: string,
  supplierEnterpriseId: string,
  id: string,
  overrides: Partial<SupplyItemRecord> = {},
): SupplyItemRecord {
  return {
    id,
    tenantId,
    supplierEnterpriseId,
    externalId: `SKU-${id}`,
    category: 'component.casting.brake-disc',
    mainProduct: '汽车制动盘',
    spec: { material: 'HT250' },
    capability: { kind: 'product_class', id: 'brake-disc', name: '制动盘' },
    declaredCapacity: { quantity: { value: 20_000, unit: '' }, granularity: 'week' },
    leadTime: 7 * 86_400_000,
    intendedCustomers: ['长安汽车'],
    regionCode: '500112',
    certifications: ['IATF16949'],
    status: 'open',
    createTime: T0,
    updateTime: T0,
    etag: `${id}-v1`,
    ...overrides,
  };
}

/** A PROPOSED match of a demand item and a supply item (score 0.8 from two factors), created at T0. */
export function matchRecord(
  tenantId: string,
  id: string,
  pair: { demandItemId: string; supplyItemId: string; buyerEnterpriseId: string; supplierEnterpriseId: string },
  overrides: Partial<MatchRecord> = {},
): MatchRecord {
  return {
    id,
    tenantId,
    ...pair,
    score: 0.8,
    rank: 1,
    factors: [
      { factor: 'category', weight: 0.5, value: 1, contribution: 0.5 },
      { factor: 'measured_capacity', weight: 0.5, value: 0.6, contribution: 0.3, detail: '12000/20000 per week' },
    ],
    failedConstraints: [],
    explanation: '类别一致，实测产能满足 60%',
    status: 'proposed',
    createTime: T0,
    updateTime: T0,
    expireTime: T0 + 7 * 86_400_000,
    ...overrides,
  };
}
