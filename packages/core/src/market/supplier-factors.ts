import type { DemandItem } from '../domain/demand-item.js';
import type { SupplyItem } from '../domain/supply-item.js';
import { type SupplierProfile, supplyRegion } from './hard-constraints.js';
import { PROVINCE_NAMES, REGION_RELATION_TEXT, type RegionRelation, nearerRelation, regionRelation } from './region-distance.js';

/** A factor's value in [0, 1] and its detail for the explanation. */
export interface FactorValue {
  /** The value in [0, 1]. */
  readonly value: number;
  /** For people, in Chinese with the numbers. */
  readonly detail: string;
}

/** `region` value per relation: inside a preferred region 1, same city 0.8, same province 0.6, neighbour 0.4, far 0.1, unknown 0. */
export const REGION_RELATION_VALUE: Readonly<Record<RegionRelation, number>> = {
  within: 1,
  same_city: 0.8,
  same_province: 0.6,
  neighbour: 0.4,
  far: 0.1,
  unknown: 0,
};

/**
 * The `region` factor: the nearest relation between the supply region (the item's, else
 * the supplier's) and the demand's preferred region prefixes — or, when the demand names
 * none, the buyer's region code; with neither, 1 (no preference).
 */
export function scoreRegion(
  demand: Pick<DemandItem, 'regionCodes'>,
  item: Pick<SupplyItem, 'regionCode'>,
  supplier: Pick<SupplierProfile, 'regionCode'>,
  buyerRegionCode: string | undefined,
): FactorValue {
  const references = demand.regionCodes.length > 0 ? demand.regionCodes : buyerRegionCode === undefined ? [] : [buyerRegionCode];
  if (references.length === 0) return { value: 1, detail: '需求未限定地区' };
  const code = supplyRegion(item, supplier);
  let best: RegionRelation = 'unknown';
  let bestReference = references[0] ?? '';
  for (const reference of references) {
    const relation = regionRelation(code, reference);
    if (nearerRelation(relation, best) === relation && relation !== best) {
      best = relation;
      bestReference = reference;
    }
  }
  const place = code === undefined ? '生产地未知' : `生产地 ${code}（${PROVINCE_NAMES[code.slice(0, 2)] ?? '未知省份'}）`;
  const basis = demand.regionCodes.length > 0 ? '偏好地区' : '买方所在地';
  return { value: REGION_RELATION_VALUE[best], detail: `${place}，相对${basis} ${bestReference}：${REGION_RELATION_TEXT[best]}` };
}

/**
 * The `quality_history` factor: the supplier's measured quality ratio GQ / PQ mapped
 * linearly so that `floor` scores 0 and 1 scores 1 (most suppliers lie between 0.9 and
 * 1, so the raw ratio would barely separate them); without history `unknownValue`.
 */
export function scoreQuality(qualityRatio: number | undefined, floor: number, unknownValue: number): FactorValue {
  if (qualityRatio === undefined || !Number.isFinite(qualityRatio)) {
    return { value: unknownValue, detail: `无实测质量历史，按 ${unknownValue.toFixed(2)} 计` };
  }
  const ratio = Math.min(1, Math.max(0, qualityRatio));
  const value = Math.min(1, Math.max(0, (ratio - floor) / (1 - floor)));
  return { value, detail: `实测合格率 ${(ratio * 100).toFixed(1)}%（GQ/PQ），${(floor * 100).toFixed(1)}% 计为 0` };
}

/** Identifiers of the buyer: enterprise id, credit code, name. */
export interface BuyerIdentity {
  readonly id?: string | undefined;
  readonly unifiedSocialCreditCode?: string | undefined;
  readonly name?: string | undefined;
}

/**
 * The `intended_customer` factor: 1 when the supply item lists the buyer among its
 * intended customers (意向客户) by enterprise id, unified social credit code or name
 * (trimmed, exact), else 0.
 */
export function scoreIntendedCustomer(
  item: Pick<SupplyItem, 'intendedCustomers'>,
  demand: Pick<DemandItem, 'buyerEnterpriseId'>,
  buyer: BuyerIdentity | undefined,
): FactorValue {
  const ids = [demand.buyerEnterpriseId, buyer?.id, buyer?.unifiedSocialCreditCode, buyer?.name]
    .filter((v): v is string => v !== undefined && v.trim() !== '')
    .map((v) => v.trim());
  const listed = item.intendedCustomers.some((c) => ids.includes(c.trim()));
  if (ids.length === 0) return { value: 0, detail: '买方身份未知' };
  return listed ? { value: 1, detail: '意向客户包含本买方' } : { value: 0, detail: `意向客户未列本买方（共 ${item.intendedCustomers.length} 家）` };
}
