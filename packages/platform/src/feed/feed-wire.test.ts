import type { MethodDefinition } from '@grpc/grpc-js';
import { SERVICE_NAMES, rongtongPackageDefinition, timestampFromMillis, type SubscribeResponse } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { buildFeedEvent } from './feed-event.js';
import { eventResponse, feedServiceDefinition, spliceEventResponse } from './feed-wire.js';

const stock = (rongtongPackageDefinition()[SERVICE_NAMES.feed] as unknown as Record<string, MethodDefinition<unknown, SubscribeResponse>>).Subscribe!;
const spliced = feedServiceDefinition().Subscribe as MethodDefinition<unknown, unknown>;

const sample = (i: number) => ({
  signalId: `s-${i % 7}`,
  sourceTime: timestampFromMillis(1_700_000_000_000 + i),
  serverTime: timestampFromMillis(1_700_000_000_000 + i),
  value: { doubleValue: i / 3 },
  quality: 'QUALITY_GOOD' as const,
});

const EVENTS = [
  buildFeedEvent({ tenantId: 't', kind: 'gap', enterpriseId: 'ent_1', equipmentId: 'm-1', agentId: 'agt_1', batchSeq: 5n, time: 1_700_000_000_000, payload: { gap: { detail: 'x' } } }),
  buildFeedEvent({
    tenantId: 't',
    kind: 'batch_committed',
    time: 1_700_000_000_000,
    payload: { batchCommitted: { agentId: 'agt_1', seq: '9', digest: Buffer.alloc(32, 7), sharingLevel: 'SHARING_LEVEL_RAW', samples: 3 } },
  }),
  // Body lengths past one- and two-byte varints.
  buildFeedEvent({ tenantId: 't', kind: 'samples', equipmentId: 'm-2', time: 1, payload: { samples: { samples: Array.from({ length: 3 }, (_, i) => sample(i)) } } }),
  buildFeedEvent({ tenantId: 't', kind: 'samples', equipmentId: 'm-2', time: 1, payload: { samples: { samples: Array.from({ length: 400 }, (_, i) => sample(i)) } } }),
];

describe('feed wire encoding', () => {
  it('splices the cursor into the stored body: clients decode what the stock serializer would have sent', () => {
    for (const [i, event] of EVENTS.entries()) {
      const record = { ...event, seq: BigInt(1000 + i) };
      const response = eventResponse(record);
      const viaStock = stock.responseDeserialize(stock.responseSerialize(response));
      const bytes = spliced.responseSerialize(response);
      expect(bytes.equals(spliceEventResponse(record.body, `v1.${1000 + i}`))).toBe(true);
      expect(stock.responseDeserialize(bytes), event.kind).toEqual(viaStock);
      expect(viaStock.event?.cursor).toBe(`v1.${1000 + i}`);
      expect(viaStock.event?.kind).toBe(`EVENT_KIND_${event.kind.toUpperCase()}`);
    }
    expect(EVENTS[3]!.body.length).toBeGreaterThan(16_384);
  });

  it('serializes other responses (heartbeats) like the stock definition', () => {
    const heartbeat: SubscribeResponse = { heartbeat: { cursor: 'v1.77', serverTime: timestampFromMillis(1_700_000_000_000) } };
    expect(spliced.responseSerialize(heartbeat).equals(stock.responseSerialize(heartbeat))).toBe(true);
  });
});
