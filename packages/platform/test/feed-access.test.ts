import * as grpc from '@grpc/grpc-js';
import { feedEventCodec, type EventKind, type FeedEvent__Output, type SubscribeRequest } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../src/bus/bus.js';
import { encodeCursor } from '../src/feed/cursor.js';
import { createFeedService, type FeedService } from '../src/feed/feed-service.js';
import { createIngestService, type IngestService } from '../src/ingest/ingest-service.js';
import { createAdminService } from '../src/services/admin-service.js';
import { publishGapBatches } from './support/feed-producer.js';
import { unary } from './support/grpc-call.js';
import { createEnterprise, createTenant, enrollSigningAgent, issueApiToken, type SigningAgent } from './support/ingest-feed-fixtures.js';
import { subscribeFeed, until, type StreamEnd } from './support/ingest-feed-streams.js';
import { startTestServer, type TestServer } from './support/start-test-server.js';

/**
 * An event with every bytes field as hex: the client's decoder gives Buffers, the
 * codec used on the store's bodies Uint8Arrays, and the test compares content.
 */
function plain(event: FeedEvent__Output): unknown {
  return JSON.parse(
    JSON.stringify(event, (_key, value: unknown) => {
      if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
      const json = value as { type?: unknown; data?: unknown } | null;
      if (json && json.type === 'Buffer' && Array.isArray(json.data)) return Buffer.from(json.data as number[]).toString('hex');
      return value;
    }),
  );
}

/** A Bus that counts its active subscriptions, to show the feed leaves none behind. */
function countingBus(bus: Bus): Bus & { readonly active: number } {
  let active = 0;
  return {
    publish: (topic, message) => bus.publish(topic, message),
    subscribe(topic, handler) {
      const unsubscribe = bus.subscribe(topic, handler);
      active += 1;
      let done = false;
      return () => {
        if (!done) active -= 1;
        done = true;
        unsubscribe();
      };
    },
    close: () => bus.close(),
    get active() {
      return active;
    },
  };
}

describe('FeedService.Subscribe: tenancy, filters, cursors, heartbeats and revocation', () => {
  let server: TestServer;
  let ingest: IngestService;
  let feed: FeedService;
  let bus: ReturnType<typeof countingBus>;
  let e1: string;
  let e2: string;
  let f1: string;
  let a1: SigningAgent;
  let a2: SigningAgent;
  let b1: SigningAgent;
  let readerA: string;
  let readerB: string;

  /** Reads a subscription until its first heartbeat (it has caught up), then cancels it. */
  const readUntilIdle = async (secret: string, request: SubscribeRequest) => {
    const stream = subscribeFeed(server.clients.feed, secret, request);
    const events: FeedEvent__Output[] = [];
    for (;;) {
      const message = await stream.next();
      if (message.event) events.push(plain(message.event) as FeedEvent__Output);
      if (message.heartbeat) {
        stream.call.cancel();
        await stream.ended;
        return { events, heartbeat: message.heartbeat.cursor };
      }
    }
  };
  const failure = (secret: string, request: SubscribeRequest): Promise<StreamEnd> => subscribeFeed(server.clients.feed, secret, request).ended;
  /** Every event of a tenant, decoded, with its cursor, straight from the store. */
  const tenantEvents = async (tenantId: string): Promise<FeedEvent__Output[]> => {
    const records = await server.store.readEvents({ tenantId, after: 0n, limit: 10_000 });
    return records.map((r) => plain({ ...feedEventCodec.decode(r.body), cursor: encodeCursor(r.seq) }) as FeedEvent__Output);
  };

  beforeAll(async () => {
    server = await startTestServer({
      services: [
        { service: 'ingest', create: (ctx) => (ingest = createIngestService(ctx)).handlers },
        {
          service: 'feed',
          create: (ctx) => {
            bus = countingBus(ctx.bus);
            return (feed = createFeedService({ ...ctx, bus })).handlers;
          },
        },
        { service: 'admin', create: (ctx) => createAdminService(ctx) },
      ],
      limits: { feedHeartbeatMs: 150 },
    });
    await createTenant(server, 't-a');
    await createTenant(server, 't-b');
    e1 = await createEnterprise(server, 't-a');
    e2 = await createEnterprise(server, 't-a');
    f1 = await createEnterprise(server, 't-b');
    a1 = await enrollSigningAgent(server, 't-a', e1);
    a2 = await enrollSigningAgent(server, 't-a', e2);
    b1 = await enrollSigningAgent(server, 't-b', f1);
    await publishGapBatches(server, a1, 3, 3);
    await publishGapBatches(server, b1, 2, 3);
    await publishGapBatches(server, a2, 3, 3);
    readerA = (await issueApiToken(server, 't-a', ['feed:read'])).secret;
    readerB = (await issueApiToken(server, 't-b', ['feed:read'])).secret;
  });

  afterAll(async () => {
    feed.closeAll();
    ingest.closeAll();
    await server.close();
  });

  it("delivers a tenant's events in order with their cursors, and nothing of another tenant", async () => {
    const expected = await tenantEvents('t-a');
    expect(expected).toHaveLength(2 + 2 + 3 * 4 + 3 * 4);
    const { events, heartbeat } = await readUntilIdle(readerA, { after: '' });
    expect(events).toEqual(expected);
    expect(new Set(events.map((e) => e.tenantId))).toEqual(new Set(['t-a']));
    expect(heartbeat).toBe(encodeCursor(await server.store.lastEventSeq()));
    const ofB = await readUntilIdle(readerB, { after: '' });
    expect(ofB.events).toEqual(await tenantEvents('t-b'));
    expect(ofB.events.map((e) => e.enterpriseId)).toEqual(Array(2 + 2 * 4).fill(f1));
  });

  it('filters by kind, enterprise and equipment, alone and combined', async () => {
    const all = await tenantEvents('t-a');
    const read = async (request: SubscribeRequest) => (await readUntilIdle(readerA, request)).events;
    const kinds: EventKind[] = ['EVENT_KIND_BATCH_COMMITTED', 'EVENT_KIND_AGENT_ENROLLED'];
    expect(await read({ kinds })).toEqual(all.filter((e) => kinds.includes(e.kind)));
    expect((await read({ kinds })).map((e) => e.kind)).toEqual([
      'EVENT_KIND_AGENT_ENROLLED',
      'EVENT_KIND_AGENT_ENROLLED',
      ...Array<string>(6).fill('EVENT_KIND_BATCH_COMMITTED'),
    ]);
    expect(await read({ enterpriseIds: [e2] })).toEqual(all.filter((e) => e.enterpriseId === e2));
    expect(await read({ equipmentIds: ['m-1'] })).toEqual(all.filter((e) => e.equipmentId === 'm-1'));
    expect((await read({ equipmentIds: ['m-1'] })).length).toBe(6);
    const combined = await read({ kinds: ['EVENT_KIND_GAP'], enterpriseIds: [e1], equipmentIds: ['m-1', 'm-2'] });
    expect(combined).toEqual(all.filter((e) => e.kind === 'EVENT_KIND_GAP' && e.enterpriseId === e1 && ['m-1', 'm-2'].includes(e.equipmentId)));
    expect(combined).toHaveLength(6);
  });

  it('keeps a token restricted to an enterprise to that enterprise', async () => {
    const restricted = (await issueApiToken(server, 't-a', ['feed:read'], e1)).secret;
    const { events } = await readUntilIdle(restricted, { after: '' });
    expect(events).toEqual((await tenantEvents('t-a')).filter((e) => e.enterpriseId === e1));
    expect(await failure(restricted, { enterpriseIds: [e2] })).toMatchObject({ status: grpc.status.PERMISSION_DENIED, code: 'PERMISSION_DENIED' });
  });

  it("refuses another tenant's enterprise, a token without feed:read, an unknown token and unknown kinds", async () => {
    expect(await failure(readerA, { enterpriseIds: [f1] })).toMatchObject({ status: grpc.status.PERMISSION_DENIED, code: 'PERMISSION_DENIED' });
    const ingestOnly = (await issueApiToken(server, 't-a', ['ingest'])).secret;
    expect(await failure(ingestOnly, {})).toMatchObject({ status: grpc.status.PERMISSION_DENIED, code: 'PERMISSION_DENIED' });
    expect(await failure(server.operatorSecret, {})).toMatchObject({ status: grpc.status.PERMISSION_DENIED, code: 'PERMISSION_DENIED' });
    expect(await failure('rta_nope', {})).toMatchObject({ status: grpc.status.UNAUTHENTICATED, code: 'UNAUTHENTICATED' });
    expect(await failure(readerA, { kinds: ['EVENT_KIND_GAP', 'EVENT_KIND_UNSPECIFIED'] })).toMatchObject({
      status: grpc.status.INVALID_ARGUMENT,
      code: 'INVALID_ARGUMENT',
    });
  });

  it('refuses malformed cursors and cursors beyond the newest event with OUT_OF_RANGE', async () => {
    const last = await server.store.lastEventSeq();
    for (const after of ['v1.abc', 'v2.5', '17', 'v1.007', 'v1.-1', encodeCursor(last + 1n), 'v1.99999999999999999999999']) {
      expect(await failure(readerA, { after }), after).toMatchObject({ status: grpc.status.OUT_OF_RANGE, code: 'CURSOR_OUT_OF_RANGE' });
    }
  });

  it('"now" delivers only new events; a filtered subscriber resumes after its heartbeat cursor without rescanning', async () => {
    const live = subscribeFeed(server.clients.feed, readerA, { after: 'now', kinds: ['EVENT_KIND_BATCH_COMMITTED'], enterpriseIds: [e2] });
    await live.started;
    await publishGapBatches(server, a1, 1, 1);
    await publishGapBatches(server, a2, 1, 1);
    const event = (await live.next()).event;
    expect([event?.kind, event?.enterpriseId, event?.batchSeq]).toEqual(['EVENT_KIND_BATCH_COMMITTED', e2, '4']);
    expect((await live.next()).heartbeat?.cursor).toBe(encodeCursor(await server.store.lastEventSeq()));
    live.call.cancel();
    await live.ended;

    const { events, heartbeat } = await readUntilIdle(readerA, { after: event?.cursor ?? '', kinds: ['EVENT_KIND_BATCH_COMMITTED'], enterpriseIds: [e2] });
    expect(events).toEqual([]);
    const resumed = await readUntilIdle(readerA, { after: heartbeat, kinds: ['EVENT_KIND_BATCH_COMMITTED'], enterpriseIds: [e2] });
    expect(resumed).toEqual({ events: [], heartbeat });
  });

  it("ends a revoked token's open subscription with TOKEN_REVOKED and leaves no listener behind", async () => {
    const { secret, tokenId } = await issueApiToken(server, 't-a', ['feed:read']);
    const doomed = subscribeFeed(server.clients.feed, secret, { after: 'now' });
    const other = subscribeFeed(server.clients.feed, readerA, { after: 'now' });
    await Promise.all([doomed.started, other.started]);
    expect(feed.subscriptionCount).toBe(2);
    expect(bus.active).toBe(2);
    await unary(server.clients.admin, 'RevokeToken', { tokenId, reason: 'left the company' }, server.operatorSecret);
    expect(await doomed.ended).toMatchObject({ status: grpc.status.UNAUTHENTICATED, code: 'TOKEN_REVOKED' });
    expect(feed.subscriptionCount).toBe(1);
    expect(await failure(secret, { after: 'now' })).toMatchObject({ status: grpc.status.UNAUTHENTICATED, code: 'TOKEN_REVOKED' });
    other.call.cancel();
    expect((await other.ended).status).toBe(grpc.status.CANCELLED);
    await until(() => feed.subscriptionCount === 0, 2000, 'the cancelled subscription to end');
    expect(bus.active).toBe(0);
  });

  it('re-reads its token once per heartbeat interval, ending the subscription even when the revocation message was lost', async () => {
    const { secret, tokenId } = await issueApiToken(server, 't-a', ['feed:read']);
    const quiet = subscribeFeed(server.clients.feed, secret, { after: 'now' });
    await quiet.started;
    await server.store.revokeToken('t-a', tokenId, 'quietly', server.clock.now(), {
      tenantId: 't-a',
      kind: 'token_revoked',
      enterpriseId: '',
      equipmentId: '',
      time: server.clock.now(),
      body: new Uint8Array(),
    });
    const started = Date.now();
    expect(await quiet.ended).toMatchObject({ status: grpc.status.UNAUTHENTICATED, code: 'TOKEN_REVOKED' });
    expect(Date.now() - started).toBeLessThan(1000);
    await until(() => feed.subscriptionCount === 0, 2000, 'the subscription to end');
  });

  it('refuses a cursor older than the retained history, and ends subscriptions with UNAVAILABLE on shutdown', async () => {
    const last = await server.store.lastEventSeq();
    await server.store.pruneEvents(server.clock.now() + 1);
    expect(await server.store.firstEventSeq()).toBe(0n);
    expect(await failure(readerA, { after: encodeCursor(last - 1n) })).toMatchObject({ status: grpc.status.OUT_OF_RANGE, code: 'CURSOR_OUT_OF_RANGE' });
    const resumed = subscribeFeed(server.clients.feed, readerA, { after: encodeCursor(last) });
    await resumed.started;
    await publishGapBatches(server, a1, 1, 0);
    expect((await resumed.next()).event?.cursor).toBe(encodeCursor(last + 1n));
    expect(await failure(readerA, { after: encodeCursor(last - 1n) })).toMatchObject({ code: 'CURSOR_OUT_OF_RANGE' });

    feed.closeAll();
    expect(await resumed.ended).toMatchObject({ status: grpc.status.UNAVAILABLE, code: 'UNAVAILABLE' });
    expect(await failure(readerA, {})).toMatchObject({ status: grpc.status.UNAVAILABLE, code: 'UNAVAILABLE' });
    expect(feed.subscriptionCount).toBe(0);
    expect(bus.active).toBe(0);
  });
});
