import { describe, expect, it } from 'vitest';
import { createUplink, type UplinkState } from '../src/uplink/uplink.js';
import type { UplinkOptions } from '../src/uplink/uplink-options.js';
import { enqueuePayloads, eventually, range, storedSeqs, tempOutbox, testUplinkOptions, type TestAgent, useTestPlatform } from './support/uplink-platform.js';

const FAST = { initialMs: 50, maxMs: 300, multiplier: 2, jitter: 0.2 };

describe('uplink over real gRPC against a platform', () => {
  const fixture = useTestPlatform();
  const { cleanups } = fixture;

  const setup = async (name: string): Promise<{ agent: TestAgent; box: ReturnType<typeof tempOutbox>; options: UplinkOptions }> => {
    const agent = await fixture.p.enroll(name);
    const box = tempOutbox(agent);
    cleanups.push(box.remove);
    const options = testUplinkOptions(name, fixture.p.address, agent, box.outbox, { window: 4, backoff: FAST, drainMs: 500 });
    return { agent, box, options };
  };

  const drained = (box: ReturnType<typeof tempOutbox>) => async () => {
    const s = await box.outbox.stats();
    return s.pendingRecords === 0 && s.sealedBatches === 0;
  };

  it('delivers every enqueued payload exactly once and empties the outbox', async () => {
    const { agent, box, options } = await setup('deliver');
    await enqueuePayloads(box.outbox, 30);
    const uplink = createUplink(options);
    const states: UplinkState[] = [];
    uplink.on('state', (s) => states.push(s));
    uplink.start();
    await eventually('outbox drained', drained(box));
    expect(await storedSeqs(fixture.p.store, agent)).toEqual(range(30));
    const stats = await uplink.stats();
    expect(stats.lastAckSeq).toBe(30n);
    expect(stats.inFlight).toBe(0);
    expect(stats.state).toBe('connected');
    await uplink.stop();
    expect(uplink.state).toBe('closed');
    expect(states).toEqual(['connecting', 'connected', 'closed']);
  }, 15_000);

  it('backs off while the platform is down, then resumes with nothing lost or duplicated', async () => {
    const { agent, box, options } = await setup('outage');
    await enqueuePayloads(box.outbox, 20);
    const uplink = createUplink(options);
    uplink.start();
    await eventually('first acks', async () => (await storedSeqs(fixture.p.store, agent)).length >= 5);
    await fixture.p.stopPlatform();
    await enqueuePayloads(box.outbox, 20);
    await eventually('backoff', () => uplink.state === 'backoff');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fixture.p.restartPlatform();
    await eventually('outbox drained after restart', drained(box));
    expect(await storedSeqs(fixture.p.store, agent)).toEqual(range(40));
    expect((await uplink.stats()).reconnects).toBeGreaterThanOrEqual(1);
    await uplink.stop();
    expect(uplink.state).toBe('closed');
  }, 15_000);

  it('stop() leaves unacknowledged data in the outbox and a new uplink delivers it', async () => {
    const { agent, box, options } = await setup('handover');
    await enqueuePayloads(box.outbox, 60);
    const first = createUplink({ ...options, window: 8 });
    first.start();
    await eventually('first ack', async () => (await first.stats()).lastAckSeq > 0n);
    await first.stop();
    expect(first.state).toBe('closed');
    const left = await box.outbox.stats();
    const stored = await storedSeqs(fixture.p.store, agent);
    expect(left.pendingRecords + left.sealedBatches).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(60);
    expect(stored).toEqual(range(stored.length));

    const second = createUplink(options);
    second.start();
    await eventually('outbox drained by the second uplink', drained(box));
    expect(await storedSeqs(fixture.p.store, agent)).toEqual(range(60));
    await second.stop();
  }, 15_000);
});
