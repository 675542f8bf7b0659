import { isCategoryWithin } from '../domain/category.js';
import type { ConstraintFailure } from '../domain/constraint-failure.js';
import type { DemandItem } from '../domain/demand-item.js';
import { DESIGNATIONS, type Designation } from '../domain/designation.js';
import type { Enterprise } from '../domain/enterprise.js';
import type { SupplyItem } from '../domain/supply-item.js';
import { regionRelation } from './region-distance.js';

/**
 * The hard constraints of matching, in the order they are checked and listed:
 * `status` (the supply item is open), `category` (the supply item's category equals the
 * demand's or lies below it), `required_certifications` (the supplier, with the item's own
 * certifications, holds every one), `minimum_designation`, `region` (only when the caller
 * makes the demand's preferred regions a requirement) and `capacity` (only when the caller
 * sets a minimum coverage).
 */
export const MATCH_CONSTRAINTS = [
  'status',
  'category',
  'required_certifications',
  'minimum_designation',
  'region',
  'capacity',
] as const;

/** A hard-constraint code (see {@link MATCH_CONSTRAINTS}). */
export type MatchConstraint = (typeof MATCH_CONSTRAINTS)[number];

/**
 * A failed hard constraint (a `ConstraintFailure`) with the demand or supply field it is
 * about, e.g. `requiredCertifications`, so a form can point at it.
 */
export interface MatchConstraintFailure extends ConstraintFailure {
  /** The constraint code. */
  readonly constraint: MatchConstraint;
  /** The field checked, prefixed by its item: `demand.category`, `supply.status`, … */
  readonly field: string;
}

/** What matching needs to know of the supplying enterprise. */
export type SupplierProfile = Pick<Enterprise, 'id' | 'name' | 'designation' | 'certifications' | 'regionCode'>;

/** The Chinese names of the designations, for explanations. */
export const DESIGNATION_TEXT: Readonly<Record<Designation, string>> = {
  none: '无',
  innovative_sme: '创新型中小企业',
  specialized: '专精特新中小企业',
  little_giant: '专精特新“小巨人”',
};

/** The region a supply item is produced in: its own, else its supplier's; absent when neither is stated. */
export function supplyRegion(item: Pick<SupplyItem, 'regionCode'>, supplier: Pick<SupplierProfile, 'regionCode'>): string | undefined {
  return item.regionCode ?? supplier.regionCode;
}

/** Settings of {@link checkHardConstraints} beyond the items. */
export interface HardConstraintSettings {
  /** Treat the demand's `regionCodes` as a requirement (the supplier must lie within one). */
  readonly regionRequired: boolean;
}

/**
 * Every hard constraint the pair fails, in {@link MATCH_CONSTRAINTS} order, each with its
 * field and a Chinese reason naming the values. Empty: the pair may be matched. (The
 * `capacity` constraint depends on the coverage and is added by the ranking.)
 */
export function checkHardConstraints(
  demand: DemandItem,
  item: SupplyItem,
  supplier: SupplierProfile,
  settings: HardConstraintSettings,
): MatchConstraintFailure[] {
  const failures: MatchConstraintFailure[] = [];
  if (item.status !== 'open') {
    failures.push({ constraint: 'status', field: 'supply.status', reason: `供给条目状态为 ${item.status}，仅 open 参与撮合` });
  }
  if (!isCategoryWithin(item.category, demand.category)) {
    failures.push({
      constraint: 'category',
      field: 'supply.category',
      reason: `品类 ${item.category} 不等于也不属于需求品类 ${demand.category}`,
    });
  }
  const held = new Set([...supplier.certifications, ...item.certifications]);
  const missing = demand.requiredCertifications.filter((c) => !held.has(c));
  if (missing.length > 0) {
    failures.push({
      constraint: 'required_certifications',
      field: 'demand.requiredCertifications',
      reason: `缺少认证 ${missing.join('、')}`,
    });
  }
  const minimum = demand.minimumDesignation ?? 'none';
  const actual = supplier.designation ?? 'none';
  if (DESIGNATIONS.indexOf(actual) < DESIGNATIONS.indexOf(minimum)) {
    failures.push({
      constraint: 'minimum_designation',
      field: 'demand.minimumDesignation',
      reason: `企业资质为 ${DESIGNATION_TEXT[actual]}（${actual}），低于要求的 ${DESIGNATION_TEXT[minimum]}（${minimum}）`,
    });
  }
  if (settings.regionRequired && demand.regionCodes.length > 0) {
    const region = supplyRegion(item, supplier);
    if (!demand.regionCodes.some((prefix) => regionRelation(region, prefix) === 'within')) {
      failures.push({
        constraint: 'region',
        field: 'demand.regionCodes',
        reason: `生产地 ${region ?? '未知'} 不在要求的地区 ${demand.regionCodes.join('、')} 内`,
      });
    }
  }
  return failures;
}
