import { DESIGNATIONS, enumToProto, type DemandItem as DomainDemandItem } from '@rongtong/core';
import { timestampFromMillis, toMillis, type DemandItem, type DemandItem__Output } from '@rongtong/protocol';
import type { DemandItemRecord } from '../../store/market-records.js';
import { periodQuantityToProto } from './commitment.js';
import { commonItemInput, commonItemToProto } from './market-item.js';
import { optionalString } from './optional.js';
import { enumIn } from './proto-enum.js';

/**
 * The fields of `rongtong.v1.DemandItem` a client may change, by proto name (as update masks
 * name them; the buyer is fixed at creation), with their domain names. `due_time` and `schedule` are the two cases of the
 * `delivery` oneof; either name (or `delivery`) updates the delivery.
 */
export const DEMAND_MUTABLE_FIELDS = {
  external_id: 'externalId',
  category: 'category',
  name: 'name',
  description: 'description',
  spec: 'spec',
  quantity: 'quantity',
  delivery: 'delivery',
  due_time: 'delivery',
  schedule: 'delivery',
  region_codes: 'regionCodes',
  required_certifications: 'requiredCertifications',
  minimum_designation: 'minimumDesignation',
  capability: 'capability',
  status: 'status',
} as const satisfies Readonly<Record<string, keyof DomainDemandItem>>;

/** A domain field of a demand item a client may set. */
export type DemandMutableField = (typeof DEMAND_MUTABLE_FIELDS)[keyof typeof DEMAND_MUTABLE_FIELDS];

/** Fields whose change alters matching: a change expires the item's PROPOSED matches. */
export const DEMAND_MATCHING_FIELDS: readonly DemandMutableField[] = [
  'category',
  'spec',
  'quantity',
  'delivery',
  'regionCodes',
  'requiredCertifications',
  'minimumDesignation',
  'capability',
  'status',
];

function deliveryInput(d: DemandItem__Output): unknown {
  if (d.delivery === 'dueTime' && d.dueTime) return { kind: 'due_time', dueTime: toMillis(d.dueTime) };
  if (d.delivery === 'schedule' && d.schedule) {
    return {
      kind: 'schedule',
      periods: d.schedule.periods.map((p) => ({
        startTime: p.startTime ? toMillis(p.startTime) : undefined,
        endTime: p.endTime ? toMillis(p.endTime) : undefined,
        quantity: p.quantity ? { value: p.quantity.value, unit: p.quantity.unit } : undefined,
      })),
    };
  }
  return undefined;
}

/**
 * The client-settable fields of a request's DemandItem, as an unvalidated domain object for
 * `DemandItemSchema` (platform-set fields dropped; unknown enum values kept so the schema
 * names them).
 */
export function demandItemInput(d: DemandItem__Output): Record<DemandMutableField | 'buyerEnterpriseId', unknown> {
  return {
    ...commonItemInput(d),
    buyerEnterpriseId: optionalString(d.buyerEnterpriseId),
    name: d.name,
    quantity: d.quantity ? { value: d.quantity.value, unit: d.quantity.unit } : undefined,
    delivery: deliveryInput(d),
    regionCodes: [...d.regionCodes],
    requiredCertifications: [...d.requiredCertifications],
    minimumDesignation: enumIn('DESIGNATION', DESIGNATIONS, d.minimumDesignation),
  };
}

/** The `rongtong.v1.DemandItem` of a stored demand item. */
export function demandItemToProto(r: DemandItemRecord): DemandItem {
  const delivery =
    r.delivery?.kind === 'due_time'
      ? { dueTime: timestampFromMillis(r.delivery.dueTime) }
      : r.delivery?.kind === 'schedule'
        ? { schedule: { periods: r.delivery.periods.map(periodQuantityToProto) } }
        : {};
  return {
    ...commonItemToProto(r),
    buyerEnterpriseId: r.buyerEnterpriseId,
    name: r.name,
    quantity: { value: r.quantity.value, unit: r.quantity.unit },
    ...delivery,
    regionCodes: [...r.regionCodes],
    requiredCertifications: [...r.requiredCertifications],
    minimumDesignation: r.minimumDesignation ? enumToProto('DESIGNATION', r.minimumDesignation) : 'DESIGNATION_UNSPECIFIED',
    committedQuantity: { value: r.committedQuantity?.value ?? 0, unit: r.committedQuantity?.unit ?? r.quantity.unit },
  };
}
