import { PERIOD_GRANULARITIES, enumToProto, type MeasuredCapacity as DomainMeasured, type PeriodicQuantity as DomainPeriodic, type SupplyItem as DomainSupplyItem } from '@rongtong/core';
import {
  durationFromMillis,
  timestampFromMillis,
  toMillis,
  type MeasuredCapacity,
  type PeriodicQuantity,
  type SupplyItem,
  type SupplyItem__Output,
} from '@rongtong/protocol';
import type { SupplyItemRecord } from '../../store/market-records.js';
import { commonItemInput, commonItemToProto } from './market-item.js';
import { optionalString } from './optional.js';
import { enumIn } from './proto-enum.js';

/** The fields of `rongtong.v1.SupplyItem` a client may set, by proto name, with their domain names. */
export const SUPPLY_MUTABLE_FIELDS = {
  external_id: 'externalId',
  category: 'category',
  main_product: 'mainProduct',
  description: 'description',
  spec: 'spec',
  capability: 'capability',
  declared_capacity: 'declaredCapacity',
  lead_time: 'leadTime',
  intended_customers: 'intendedCustomers',
  region_code: 'regionCode',
  certifications: 'certifications',
  status: 'status',
} as const satisfies Readonly<Record<string, keyof DomainSupplyItem>>;

/** A domain field of a supply item a client may set. */
export type SupplyMutableField = (typeof SUPPLY_MUTABLE_FIELDS)[keyof typeof SUPPLY_MUTABLE_FIELDS];

/** Fields whose change alters matching: a change expires the item's PROPOSED matches. */
export const SUPPLY_MATCHING_FIELDS: readonly SupplyMutableField[] = [
  'category',
  'spec',
  'capability',
  'declaredCapacity',
  'leadTime',
  'intendedCustomers',
  'regionCode',
  'certifications',
  'status',
];

/** The client-settable fields of a request's SupplyItem, as an unvalidated domain object for `SupplyItemSchema`. */
export function supplyItemInput(s: SupplyItem__Output): Record<SupplyMutableField | 'supplierEnterpriseId', unknown> {
  return {
    ...commonItemInput(s),
    supplierEnterpriseId: optionalString(s.supplierEnterpriseId),
    mainProduct: s.mainProduct,
    declaredCapacity: s.declaredCapacity
      ? {
          quantity: s.declaredCapacity.quantity ? { value: s.declaredCapacity.quantity.value, unit: s.declaredCapacity.quantity.unit } : undefined,
          granularity: enumIn('PERIOD_GRANULARITY', PERIOD_GRANULARITIES, s.declaredCapacity.granularity),
        }
      : undefined,
    leadTime: s.leadTime ? toMillis(s.leadTime) : undefined,
    intendedCustomers: [...s.intendedCustomers],
    regionCode: optionalString(s.regionCode),
    certifications: [...s.certifications],
  };
}

function periodicToProto(p: DomainPeriodic | undefined): PeriodicQuantity | null {
  return p ? { quantity: { value: p.quantity.value, unit: p.quantity.unit }, granularity: enumToProto('PERIOD_GRANULARITY', p.granularity) } : null;
}

/** The `rongtong.v1.MeasuredCapacity` of a domain summary; absent → null. */
export function measuredCapacityToProto(m: DomainMeasured | undefined): MeasuredCapacity | null {
  if (!m) return null;
  return {
    total: periodicToProto(m.total),
    available: periodicToProto(m.available),
    confidence: m.confidence,
    basis: {
      startTime: m.basis.startTime === undefined ? null : timestampFromMillis(m.basis.startTime),
      endTime: m.basis.endTime === undefined ? null : timestampFromMillis(m.basis.endTime),
    },
    capacityRecordIds: [...m.capacityRecordIds],
    updateTime: timestampFromMillis(m.updateTime),
  };
}

/** The `rongtong.v1.SupplyItem` of a stored supply item (with its measured capacity when computed). */
export function supplyItemToProto(r: SupplyItemRecord): SupplyItem {
  return {
    ...commonItemToProto(r),
    supplierEnterpriseId: r.supplierEnterpriseId,
    mainProduct: r.mainProduct,
    declaredCapacity: periodicToProto(r.declaredCapacity),
    measuredCapacity: measuredCapacityToProto(r.measuredCapacity),
    leadTime: r.leadTime === undefined ? null : durationFromMillis(r.leadTime),
    intendedCustomers: [...r.intendedCustomers],
    regionCode: r.regionCode ?? '',
    certifications: [...r.certifications],
  };
}
