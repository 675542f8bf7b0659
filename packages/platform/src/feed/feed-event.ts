import { feedEventCodec, timestampFromMillis, type FeedEvent } from '@rongtong/protocol';
import type { FeedEventKind, NewFeedEvent } from '../store/records.js';

/** The payload member of a `rongtong.v1.FeedEvent` (exactly one is set). */
export type FeedEventPayload = Pick<
  FeedEvent,
  | 'batchCommitted'
  | 'samples'
  | 'stateInterval'
  | 'productionCount'
  | 'kpi'
  | 'capacityRecord'
  | 'gap'
  | 'equipment'
  | 'agent'
  | 'enterprise'
  | 'demandItem'
  | 'supplyItem'
  | 'match'
  | 'commitment'
  | 'token'
>;

/** What an event is about. */
export interface FeedEventInput {
  tenantId: string;
  kind: FeedEventKind;
  enterpriseId?: string;
  equipmentId?: string;
  agentId?: string;
  batchSeq?: bigint;
  time: number;
  payload: FeedEventPayload;
}

/**
 * A feed event ready for the store: the indexed columns plus the encoded
 * `rongtong.v1.FeedEvent` without its cursor (the cursor is the store's seq, added when
 * the event is read).
 */
export function buildFeedEvent(input: FeedEventInput): NewFeedEvent {
  const body = feedEventCodec.encode({
    kind: `EVENT_KIND_${input.kind.toUpperCase()}` as FeedEvent['kind'],
    tenantId: input.tenantId,
    enterpriseId: input.enterpriseId ?? '',
    equipmentId: input.equipmentId ?? '',
    agentId: input.agentId ?? '',
    batchSeq: (input.batchSeq ?? 0n).toString(),
    time: timestampFromMillis(input.time),
    ...input.payload,
  });
  return {
    tenantId: input.tenantId,
    kind: input.kind,
    enterpriseId: input.enterpriseId ?? '',
    equipmentId: input.equipmentId ?? '',
    time: input.time,
    body,
  };
}
