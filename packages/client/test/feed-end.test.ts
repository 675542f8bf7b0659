import * as grpc from '@grpc/grpc-js';
import type { FeedEvent__Output } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { type FeedSubscription, RongtongError } from '../src/index.js';
import { FAST_BACKOFF, cursors, take } from './support/feed-client.js';
import type { StreamScript } from './support/feed-test-server.js';
import { useFeedFixture } from './support/feed-fixture.js';
import { waitFor } from './support/wait-for.js';

/** Reads until the iteration throws; returns what was delivered and the error. */
async function drainToError(subscription: FeedSubscription): Promise<{ events: FeedEvent__Output[]; error: RongtongError }> {
  const events: FeedEvent__Output[] = [];
  try {
    for await (const event of subscription) events.push(event);
  } catch (error) {
    expect(error).toBeInstanceOf(RongtongError);
    return { events, error: error as RongtongError };
  }
  throw new Error('expected the subscription to fail');
}

describe('feed subscription: how it ends', () => {
  const feed = useFeedFixture();

  it('throws TOKEN_REVOKED after the events before it when the server ends with UNAUTHENTICATED and that trailer', async () => {
    const revoked: StreamScript = {
      endAfter: 3,
      status: grpc.status.UNAUTHENTICATED,
      detail: { code: 'ERROR_CODE_TOKEN_REVOKED', message: 'token tok-1 was revoked' },
    };
    const { server, client } = await feed.start({ events: 10, script: () => revoked });
    const subscription = client.subscribe({ backoff: FAST_BACKOFF });
    const { events, error } = await drainToError(subscription);
    expect(events.map((e) => e.cursor)).toEqual(cursors(1, 3));
    expect(error.code).toBe('TOKEN_REVOKED');
    expect(error.message).toBe('token tok-1 was revoked');
    expect(subscription.state).toBe('closed');
    expect(subscription.cursor).toBe('c000003');
    expect(server.calls).toHaveLength(1);
    expect(await subscription.next()).toEqual({ done: true, value: undefined });
  });

  it.each([
    [grpc.status.UNAUTHENTICATED, 'UNAUTHENTICATED'],
    [grpc.status.PERMISSION_DENIED, 'PERMISSION_DENIED'],
    [grpc.status.INVALID_ARGUMENT, 'INVALID_ARGUMENT'],
  ] as const)('does not retry a bare status %i and throws %s', async (status, code) => {
    const { server, client } = await feed.start({ events: 5, script: () => ({ endAfter: 0, status }) });
    const { events, error } = await drainToError(client.subscribe({ backoff: FAST_BACKOFF }));
    expect(events).toEqual([]);
    expect(error.code).toBe(code);
    expect(server.calls).toHaveLength(1);
  });

  it('throws CURSOR_OUT_OF_RANGE for a cursor the server does not know', async () => {
    const { server, client } = await feed.start({ events: 5 });
    const { error } = await drainToError(client.subscribe({ after: 'c999999', backoff: FAST_BACKOFF }));
    expect(error.code).toBe('CURSOR_OUT_OF_RANGE');
    expect(server.calls.map((c) => c.request.after)).toEqual(['c999999']);
  });

  it('sends the bearer token and the filters; break cancels the server-side call', async () => {
    const { server, client } = await feed.start({ events: 10 });
    const subscription = client.subscribe({
      after: 'c000002',
      kinds: ['EVENT_KIND_KPI', 'EVENT_KIND_GAP'],
      enterpriseIds: ['ent-1'],
      equipmentIds: ['eq-3', 'eq-4'],
    });
    const events = await take(subscription, 5);
    expect(events.map((e) => e.cursor)).toEqual(cursors(3, 7));
    await waitFor(() => server.calls[0]?.cancelled === true, 5_000, 'server-side cancel');
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]!.authorization).toBe('Bearer feed-t0ken');
    expect(server.calls[0]!.request).toEqual({
      after: 'c000002',
      kinds: ['EVENT_KIND_KPI', 'EVENT_KIND_GAP'],
      enterpriseIds: ['ent-1'],
      equipmentIds: ['eq-3', 'eq-4'],
    });
    expect(subscription.state).toBe('closed');
    expect(subscription.cursor).toBe('c000007');
  });

  it('the AbortSignal cancels a waiting subscription: the iteration rejects with CANCELLED', async () => {
    const { server, client } = await feed.start({ events: 3 });
    const controller = new AbortController();
    const subscription = client.subscribe({ signal: controller.signal });
    const first = await subscription.next();
    expect(first.value?.cursor).toBe('c000001');
    expect(subscription.state).toBe('connected');
    await subscription.next();
    await subscription.next();
    const waiting = subscription.next(); // the server follows "live": nothing more comes
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'RongtongError', code: 'CANCELLED' });
    await waitFor(() => server.calls[0]?.cancelled === true, 5_000, 'server-side cancel');
    expect(subscription.state).toBe('closed');
    expect(await subscription.next()).toEqual({ done: true, value: undefined });
  });

  it('an already aborted signal opens nothing', async () => {
    const { server, client } = await feed.start({ events: 3 });
    const subscription = client.subscribe({ signal: AbortSignal.abort() });
    await expect(subscription.next()).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(server.calls).toHaveLength(0);
  });

  it('client.close() ends open subscriptions, cancels their calls, and refuses new ones', async () => {
    const { server, client } = await feed.start({ events: 2 });
    const subscription = client.subscribe();
    expect((await take(subscription, 0)).length).toBe(0);
    await subscription.next();
    await subscription.next();
    const waiting = subscription.next();
    client.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    await waitFor(() => server.calls[0]?.cancelled === true, 5_000, 'server-side cancel');
    await expect(client.subscribe().next()).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(server.calls).toHaveLength(1);
  });

  it('a clean end the caller did not ask for is resumed', async () => {
    const { server, client } = await feed.start({ events: 6, script: (index) => (index < 2 ? { endAfter: 2 } : {}) });
    const events = await take(client.subscribe({ backoff: FAST_BACKOFF }), 6);
    expect(events.map((e) => e.cursor)).toEqual(cursors(1, 6));
    expect(server.calls.map((c) => c.request.after)).toEqual(['', 'c000002', 'c000004']);
  });

  it('rejects bad options up front', () => {
    const client = feed.client('127.0.0.1:1');
    expect(() => client.subscribe({ queueSize: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error);
    expect(() => client.subscribe({ backoff: { jitter: 2 } })).toThrow(
      expect.objectContaining({ fieldViolations: [{ path: 'backoff.jitter', reason: 'must be between 0 and 1' }] }) as Error,
    );
  });
});
