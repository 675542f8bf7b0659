import { CAPABILITY_KINDS, ITEM_STATUSES, enumToProto } from '@rongtong/core';
import { timestampFromMillis, type Capability__Output, type DemandItem, type DemandItem__Output } from '@rongtong/protocol';
import type { DemandItemRecord } from '../../store/market-records.js';
import { capabilityToProto } from './commitment.js';
import { optionalString } from './optional.js';
import { enumIn } from './proto-enum.js';

/** The request fields demand and supply items share (same proto names and types). */
type CommonItemOutput = Pick<DemandItem__Output, 'externalId' | 'category' | 'description' | 'spec' | 'capability' | 'status'>;

/** The stored fields demand and supply items share. */
type CommonItemRecord = Pick<
  DemandItemRecord,
  'id' | 'externalId' | 'category' | 'description' | 'spec' | 'capability' | 'status' | 'createTime' | 'updateTime' | 'etag'
>;

/** A request's Capability as an unvalidated domain object (absent → undefined). */
export function capabilityInput(c: Capability__Output | null | undefined): unknown {
  if (!c) return undefined;
  return { kind: enumIn('CAPABILITY_KIND', CAPABILITY_KINDS, c.kind), id: c.id, name: optionalString(c.name) };
}

/** The client-settable fields demand and supply items share, as unvalidated domain values. */
export function commonItemInput(x: CommonItemOutput): Record<'externalId' | 'category' | 'description' | 'spec' | 'capability' | 'status', unknown> {
  return {
    externalId: optionalString(x.externalId),
    category: x.category,
    description: optionalString(x.description),
    spec: { ...x.spec },
    capability: capabilityInput(x.capability),
    status: enumIn('ITEM_STATUS', ITEM_STATUSES, x.status),
  };
}

/** The proto fields demand and supply items share, from a stored item. */
export function commonItemToProto(r: CommonItemRecord): Pick<DemandItem, keyof CommonItemRecord> {
  return {
    id: r.id,
    externalId: r.externalId ?? '',
    category: r.category,
    description: r.description ?? '',
    spec: { ...r.spec },
    capability: capabilityToProto(r.capability),
    status: enumToProto('ITEM_STATUS', r.status),
    createTime: timestampFromMillis(r.createTime),
    updateTime: timestampFromMillis(r.updateTime),
    etag: r.etag,
  };
}
