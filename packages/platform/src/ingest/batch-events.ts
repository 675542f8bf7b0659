import type { SharingLevel } from '@rongtong/core';
import type { BatchPayload__Output, CapacityRecord__Output, GapRecord__Output, Sample__Output } from '@rongtong/protocol';
import { buildFeedEvent, type FeedEventPayload } from '../feed/feed-event.js';
import type { FeedEventKind, NewFeedEvent } from '../store/records.js';
import { sharingLevelToProto } from './sharing-level.js';

/** A verified, decoded batch and what the platform knows about its sender. */
export interface BatchEventsInput {
  tenantId: string;
  /** The agent's enterprise (from its enrolment, never from the payload). */
  enterpriseId: string;
  agentId: string;
  seq: bigint;
  digest: Uint8Array;
  /** Size of `SignedBatch.payload` in bytes. */
  payloadBytes: number;
  level: SharingLevel;
  payload: BatchPayload__Output;
  /** Commit time (ms), the time of every event. */
  time: number;
  /** Equipment id of each signal in the payload's samples ('' when undeclared). */
  equipmentOfSignal: ReadonlyMap<string, string>;
}

/**
 * The feed events of a committed batch, in the order they are appended: one SAMPLES
 * event per piece of equipment (samples grouped by their signal's equipment, in order of
 * first appearance; undeclared signals under equipment ''), one event per state
 * interval, production count, KPI, capacity record and gap, then BATCH_COMMITTED last.
 *
 * Every event is about the agent's own enterprise. KPIs and capacity records carry the
 * agent's enterprise and agent id whatever the payload says, and a capacity record's
 * evidence is the batch that carried it (the platform's authoritative view; the batch
 * itself is stored byte for byte).
 */
export function batchEvents(input: BatchEventsInput): NewFeedEvent[] {
  const { payload } = input;
  const event = (kind: FeedEventKind, equipmentId: string, body: FeedEventPayload): NewFeedEvent =>
    buildFeedEvent({
      tenantId: input.tenantId,
      kind,
      enterpriseId: input.enterpriseId,
      equipmentId,
      agentId: input.agentId,
      batchSeq: input.seq,
      time: input.time,
      payload: body,
    });

  const events: NewFeedEvent[] = [];
  for (const [equipmentId, samples] of groupSamples(payload.samples, input.equipmentOfSignal)) {
    events.push(event('samples', equipmentId, { samples: { samples } }));
  }
  for (const interval of payload.stateIntervals) events.push(event('state_interval', interval.equipmentId, { stateInterval: interval }));
  for (const count of payload.productionCounts) events.push(event('production_count', count.equipmentId, { productionCount: count }));
  for (const kpi of payload.kpis) {
    events.push(event('kpi', kpi.equipmentId, { kpi: { ...kpi, enterpriseId: input.enterpriseId, agentId: input.agentId } }));
  }
  for (const record of payload.capacityRecords) {
    const capacityRecord = ownCapacityRecord(record, input);
    const equipmentId = capacityRecord.scope?.level === 'HIERARCHY_LEVEL_EQUIPMENT' ? capacityRecord.scope.id : '';
    events.push(event('capacity_record', equipmentId, { capacityRecord }));
  }
  for (const gap of payload.gaps) events.push(event('gap', gapEquipment(gap), { gap }));
  events.push(
    event('batch_committed', '', {
      batchCommitted: {
        agentId: input.agentId,
        seq: input.seq.toString(),
        digest: Buffer.from(input.digest),
        sharingLevel: sharingLevelToProto(input.level),
        historical: payload.historical,
        createTime: payload.createTime,
        payloadBytes: input.payloadBytes,
        samples: payload.samples.length,
        stateIntervals: payload.stateIntervals.length,
        productionCounts: payload.productionCounts.length,
        kpis: payload.kpis.length,
        capacityRecords: payload.capacityRecords.length,
        gaps: payload.gaps.length,
      },
    }),
  );
  return events;
}

/** Samples grouped by equipment, groups in order of first appearance, samples in payload order. */
export function groupSamples(samples: readonly Sample__Output[], equipmentOfSignal: ReadonlyMap<string, string>): Map<string, Sample__Output[]> {
  const groups = new Map<string, Sample__Output[]>();
  for (const sample of samples) {
    const equipmentId = equipmentOfSignal.get(sample.signalId) ?? '';
    const group = groups.get(equipmentId);
    if (group) group.push(sample);
    else groups.set(equipmentId, [sample]);
  }
  return groups;
}

function ownCapacityRecord(record: CapacityRecord__Output, input: BatchEventsInput): CapacityRecord__Output {
  const scope = record.scope
    ? { ...record.scope, enterpriseId: input.enterpriseId }
    : { level: 'HIERARCHY_LEVEL_ENTERPRISE' as const, enterpriseId: input.enterpriseId, id: '', path: [] };
  const digest = Buffer.from(input.digest);
  const seq = input.seq.toString();
  return {
    ...record,
    scope,
    agentId: input.agentId,
    evidence: [{ agentId: input.agentId, firstSeq: seq, lastSeq: seq, firstDigest: digest, lastDigest: digest }],
  };
}

/** A gap is about one piece of equipment only when it names exactly one. */
function gapEquipment(gap: GapRecord__Output): string {
  return gap.equipmentIds.length === 1 ? (gap.equipmentIds[0] ?? '') : '';
}
