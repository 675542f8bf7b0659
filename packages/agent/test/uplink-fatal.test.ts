import { describe, expect, it } from 'vitest';
import { createUplink, type UplinkFatal } from '../src/uplink/uplink.js';
import { enqueuePayloads, eventually, storedSeqs, tempOutbox, testUplinkOptions, useTestPlatform } from './support/uplink-platform.js';

describe('uplink fatal errors', () => {
  const fixture = useTestPlatform();
  const { cleanups } = fixture;

  it('a revoked agent token is fatal with TOKEN_REVOKED and the uplink stops retrying', async () => {
    const agent = await fixture.p.enroll('revoked');
    const box = tempOutbox(agent);
    cleanups.push(box.remove);
    await enqueuePayloads(box.outbox, 3);
    await fixture.p.revoke(agent.tokenId);
    const uplink = createUplink(testUplinkOptions('revoked', fixture.p.address, agent, box.outbox, { backoff: { initialMs: 10, maxMs: 50, multiplier: 2, jitter: 0 } }));
    const fatals: UplinkFatal[] = [];
    uplink.on('fatal', (f) => fatals.push(f));
    uplink.start();
    await eventually('fatal', () => fatals.length > 0);
    expect(fatals[0]!.code).toBe('ERROR_CODE_TOKEN_REVOKED');
    await eventually('closed', () => uplink.state === 'closed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stats = await uplink.stats();
    expect(stats.reconnects).toBe(0);
    expect(fatals).toHaveLength(1);
    expect(await storedSeqs(fixture.p.store, agent)).toEqual([]);
    expect(stats.backlog.pendingRecords).toBe(3);
    await uplink.stop();
  }, 15_000);
});
