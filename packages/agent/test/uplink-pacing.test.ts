import { batchPayloadCodec } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { createUplink } from '../src/uplink/uplink.js';
import { enqueuePayloads, eventually, range, tempOutbox, testUplinkOptions, useTestPlatform } from './support/uplink-platform.js';

describe('uplink historical pacing', () => {
  const fixture = useTestPlatform();
  const { cleanups } = fixture;

  it('caps historical batches per second and flags them historical', async () => {
    const agent = await fixture.p.enroll('pacing');
    // Enqueued a minute "ago": everything is backlog when the uplink seals it.
    const box = tempOutbox(agent, () => Date.now() - 60_000);
    cleanups.push(box.remove);
    await enqueuePayloads(box.outbox, 30);
    const uplink = createUplink(testUplinkOptions('pacing', fixture.p.address, agent, box.outbox, { window: 8, historicalPacing: { maxBatchesPerSecond: 20 } }));
    const started = Date.now();
    uplink.start();
    await eventually('backlog drained', async () => {
      const s = await box.outbox.stats();
      return s.pendingRecords === 0 && s.sealedBatches === 0;
    });
    // 20 batches of burst, then 10 more at 20/s: at least ~0.5 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    const stored = await fixture.p.store.getBatches(agent.tenantId, agent.id, 1n, 100n);
    expect(stored.map((b) => b.seq)).toEqual(range(30));
    expect(stored.every((b) => batchPayloadCodec.decode(b.payload).historical)).toBe(true);
    await uplink.stop();
  }, 15_000);
});
