import { enumToProto, type Capability as DomainCapability, type PeriodQuantity as DomainPeriodQuantity } from '@rongtong/core';
import { timestampFromMillis, type Capability, type Commitment, type PeriodQuantity } from '@rongtong/protocol';
import type { CommitmentRecord } from '../../store/capacity-records.js';

/** The `rongtong.v1.Capability` of a domain capability; absent → null. */
export function capabilityToProto(c: DomainCapability | undefined): Capability | null {
  return c ? { kind: enumToProto('CAPABILITY_KIND', c.kind), id: c.id, name: c.name ?? '' } : null;
}

/** The `rongtong.v1.PeriodQuantity` of a domain period quantity. */
export function periodQuantityToProto(p: DomainPeriodQuantity): PeriodQuantity {
  return {
    startTime: timestampFromMillis(p.startTime),
    endTime: timestampFromMillis(p.endTime),
    quantity: { value: p.quantity.value, unit: p.quantity.unit },
  };
}

/** The `rongtong.v1.Commitment` of a stored commitment (its requestId is not part of the API). */
export function commitmentToProto(c: CommitmentRecord): Commitment {
  return {
    id: c.id,
    matchId: c.matchId,
    demandItemId: c.demandItemId,
    supplyItemId: c.supplyItemId,
    buyerEnterpriseId: c.buyerEnterpriseId,
    supplierEnterpriseId: c.supplierEnterpriseId,
    capability: capabilityToProto(c.capability),
    allocations: c.allocations.map(periodQuantityToProto),
    status: enumToProto('COMMITMENT_STATUS', c.status),
    createTime: timestampFromMillis(c.createTime),
    updateTime: timestampFromMillis(c.updateTime),
  };
}
