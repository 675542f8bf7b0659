import { enumToProto, type CapacityRecord as DomainCapacityRecord } from '@rongtong/core';
import { int64String, timestampFromMillis, type CapacityRecord } from '@rongtong/protocol';
import type { CapacityRecordRow } from '../../store/capacity-records.js';

/**
 * The `rongtong.v1.CapacityRecord` of a stored record (or of a domain record: its id,
 * when absent, is ''). Absent scope id and agent id become ''; an absent capability is
 * null (all production of the scope); evidence seqs are decimal uint64 strings and
 * digests Buffers.
 */
export function capacityRecordToProto(r: CapacityRecordRow | DomainCapacityRecord): CapacityRecord {
  return {
    id: r.id ?? '',
    scope: {
      level: enumToProto('HIERARCHY_LEVEL', r.scope.level),
      enterpriseId: r.scope.enterpriseId,
      id: r.scope.id ?? '',
      path: r.scope.path.map((n) => ({ level: enumToProto('HIERARCHY_LEVEL', n.level), id: n.id, name: n.name ?? '' })),
    },
    capability: r.capability ? { kind: enumToProto('CAPABILITY_KIND', r.capability.kind), id: r.capability.id, name: r.capability.name ?? '' } : null,
    startTime: timestampFromMillis(r.startTime),
    endTime: timestampFromMillis(r.endTime),
    granularity: enumToProto('PERIOD_GRANULARITY', r.granularity),
    type: enumToProto('CAPACITY_TYPE', r.type),
    quantity: { value: r.quantity.value, unit: r.quantity.unit },
    confidence: {
      value: r.confidence.value,
      signalCoverage: r.confidence.signalCoverage,
      counterContinuity: r.confidence.counterContinuity,
      plausibility: r.confidence.plausibility,
    },
    derivation: r.derivation,
    evidence: r.evidence.map((e) => ({
      agentId: e.agentId,
      firstSeq: int64String(e.firstSeq, true),
      lastSeq: int64String(e.lastSeq, true),
      firstDigest: Buffer.from(e.firstDigest),
      lastDigest: Buffer.from(e.lastDigest),
    })),
    computeTime: timestampFromMillis(r.computeTime),
    agentId: r.agentId ?? '',
  };
}
