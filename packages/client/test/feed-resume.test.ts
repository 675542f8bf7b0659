import * as grpc from '@grpc/grpc-js';
import { randomInt, seededRandom } from '@rongtong/testkit';
import { describe, expect, it } from 'vitest';
import { FAST_BACKOFF, cursors, take } from './support/feed-client.js';
import type { StreamScript } from './support/feed-test-server.js';
import { useFeedFixture } from './support/feed-fixture.js';
import { sleep, waitFor } from './support/wait-for.js';

const SLOW_CONSUMER: StreamScript = {
  status: grpc.status.RESOURCE_EXHAUSTED,
  detail: { code: 'ERROR_CODE_SLOW_CONSUMER', message: 'subscriber too slow' },
};

/** The ways the random test's server ends a stream. */
const ENDINGS: StreamScript[] = [
  { status: grpc.status.OK },
  { status: grpc.status.UNAVAILABLE, detail: { code: 'ERROR_CODE_UNAVAILABLE', message: 'shutting down' } },
  SLOW_CONSUMER,
  { status: grpc.status.INTERNAL },
  { status: grpc.status.UNKNOWN },
  { status: grpc.status.DEADLINE_EXCEEDED },
];

describe('feed subscription: resume after disconnects', () => {
  const feed = useFeedFixture();

  it('delivers 5,000 events exactly once, in order, through 40 random disconnects', async () => {
    const random = seededRandom(20_250_601);
    const disconnects = 40;
    const { server, client } = await feed.start({
      events: 5_000,
      heartbeatEvery: 97,
      script: (index) =>
        index < disconnects ? { endAfter: randomInt(random, 1, 120), ...ENDINGS[randomInt(random, 0, ENDINGS.length - 1)]! } : {},
    });
    const subscription = client.subscribe({ backoff: FAST_BACKOFF, queueSize: 32 });
    expect(subscription.state).toBe('idle');
    const consumerRandom = seededRandom(7);
    const events = await take(subscription, 5_000, async () => {
      // A consumer of uneven speed, so the queue fills and the stream pauses at times.
      if (consumerRandom() < 0.02) await sleep(randomInt(consumerRandom, 1, 5));
    });
    expect(events.map((e) => e.cursor)).toEqual(cursors(1, 5_000));
    expect(events.map((e) => e.batchSeq)).toEqual(Array.from({ length: 5_000 }, (_, i) => String(i + 1)));
    expect(subscription.cursor).toBe('c005000');
    expect(subscription.state).toBe('closed');
    expect(server.calls).toHaveLength(disconnects + 1);
    // Each call resumed after an event already delivered, never going back.
    const afters = server.calls.map((c) => c.request.after);
    expect(afters[0]).toBe('');
    for (let i = 1; i < afters.length; i += 1) expect(afters[i]! > afters[i - 1]!, `call ${i}`).toBe(true);
    expect(server.calls.every((c) => c.authorization === 'Bearer feed-t0ken')).toBe(true);
  });

  it('resumes after SLOW_CONSUMER from the last delivered cursor', async () => {
    const { server, client } = await feed.start({ events: 50, script: (index) => (index === 0 ? { endAfter: 20, ...SLOW_CONSUMER } : {}) });
    const subscription = client.subscribe({ backoff: FAST_BACKOFF });
    const events = await take(subscription, 50);
    expect(events.map((e) => e.cursor)).toEqual(cursors(1, 50));
    expect(server.calls.map((c) => c.request.after)).toEqual(['', 'c000020']);
    expect(server.calls.map((c) => c.sent)).toEqual([20, 30]);
  });

  it('reconnects when the server restarts on the same port and resumes where it was', async () => {
    const { server, client } = await feed.start({ events: 2_000, paddingBytes: 1_000 });
    const subscription = client.subscribe({ backoff: { initialMs: 10, maxMs: 50, multiplier: 2, jitter: 0.2 }, queueSize: 16 });
    const states = new Set<string>();
    const consumer = take(subscription, 2_000, () => {
      states.add(subscription.state);
    });
    await waitFor(() => subscription.cursor >= 'c000080', 5_000, '80 events');
    await server.stop();
    await waitFor(() => subscription.state === 'backoff', 5_000, 'backoff after the server stopped');
    const stalledAt = subscription.cursor;
    await sleep(150);
    expect(subscription.cursor).toBe(stalledAt);
    expect(subscription.cursor < 'c002000').toBe(true);
    await server.start();
    const events = await consumer;
    expect(events.map((e) => e.cursor)).toEqual(cursors(1, 2_000));
    const resumed = server.calls.filter((c) => c.request.after !== '');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.request.after).toBe(stalledAt);
    expect(states.has('connected')).toBe(true);
  });

  it('resumes a filtered subscription from the newer heartbeat cursor once everything before it was delivered', async () => {
    const { server, client } = await feed.start({ events: 40, heartbeatEvery: 10 });
    const subscription = client.subscribe({ kinds: ['EVENT_KIND_KPI'], backoff: FAST_BACKOFF });
    const delivered: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const result = await subscription.next();
      if (!result.done) delivered.push(result.value.cursor);
    }
    // Only KPI events (odd cursors) come out; heartbeats are not yielded.
    expect(delivered).toEqual(cursors(1, 39, 2));
    expect(subscription.cursor).toBe('c000039');
    // Waiting for more takes the tail heartbeat (c000040, a filtered-out GAP) as the resume position.
    const more = subscription.next();
    await waitFor(() => subscription.resumeCursor === 'c000040', 5_000, 'tail heartbeat');
    expect(subscription.cursor).toBe('c000039');
    await server.stop();
    await server.start();
    await waitFor(() => server.calls.length === 2, 5_000, 'resubscribe');
    expect(server.calls[1]!.request).toEqual({ after: 'c000040', kinds: ['EVENT_KIND_KPI'], enterpriseIds: [], equipmentIds: [] });
    await subscription.return();
    expect(await more).toEqual({ done: true, value: undefined });
    expect(subscription.state).toBe('closed');
  });
});
