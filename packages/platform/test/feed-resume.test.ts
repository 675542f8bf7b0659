import * as grpc from '@grpc/grpc-js';
import { seededRandom } from '@rongtong/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../src/feed/cursor.js';
import type { SubscriptionStats } from '../src/feed/subscription.js';
import { createIngestService, type IngestService } from '../src/ingest/ingest-service.js';
import { publishGapBatches, readSession, startSplicedFeedServer, type SplicedFeedServer } from './support/feed-producer.js';
import { createEnterprise, createTenant, enrollSigningAgent, issueApiToken, type SigningAgent } from './support/ingest-feed-fixtures.js';
import { subscribeFeed, until } from './support/ingest-feed-streams.js';
import { startTestServer, type TestServer } from './support/start-test-server.js';

const BUFFER = 64;
const BATCHES = 250;
const GAPS_PER_BATCH = 39; // 40 events per batch: 10,000 events from ingest

describe('FeedService.Subscribe: resume and flow control over 10,000 events', () => {
  let server: TestServer;
  let ingest: IngestService;
  let spliced: SplicedFeedServer;
  let agent: SigningAgent;
  let reader: string;
  const ended: SubscriptionStats[] = [];
  /** Generous bounds for a loaded CI machine; a run takes about 2 s. */
  const TIMEOUT_MS = 60_000;

  /** Cursors of every event of the tenant, in order, straight from the store. */
  const storedCursors = async (): Promise<string[]> => {
    const cursors: string[] = [];
    let after = 0n;
    for (;;) {
      const page = await server.store.readEvents({ tenantId: 't-resume', after, limit: 5000 });
      if (page.length === 0) return cursors;
      for (const record of page) cursors.push(encodeCursor(record.seq));
      after = page[page.length - 1]!.seq;
    }
  };

  beforeAll(async () => {
    server = await startTestServer({
      services: [{ service: 'ingest', create: (ctx) => (ingest = createIngestService(ctx)).handlers }],
      limits: { feedBufferEvents: BUFFER, feedSlowConsumerMs: 250, feedHeartbeatMs: 60_000, maxInFlight: 32 },
    });
    await createTenant(server, 't-resume');
    const enterpriseId = await createEnterprise(server, 't-resume');
    agent = await enrollSigningAgent(server, 't-resume', enterpriseId);
    reader = (await issueApiToken(server, 't-resume', ['feed:read'])).secret;
    // The feed on its own server with the spliced-bytes definition (feed-access.test.ts covers the stock one).
    spliced = await startSplicedFeedServer(server.ctx, { onSubscriptionEnd: (s) => ended.push(s) });
  });

  afterAll(async () => {
    await spliced.close();
    ingest.closeAll();
    await server.close();
  });

  it('delivers each event exactly once, in order, to a subscriber that disconnects at random points and resumes', async () => {
    const setupEvents = (await storedCursors()).length;
    const total = setupEvents + BATCHES * (GAPS_PER_BATCH + 1);
    const producing = publishGapBatches(server, agent, BATCHES, GAPS_PER_BATCH, 32);
    const random = seededRandom(0x5eed);
    const received: string[] = [];
    let after = '';
    let sessions = 0;
    while (received.length < total) {
      const budget = Math.min(total - received.length, 1 + Math.floor(random() * 1200));
      const session = await readSession(spliced.client, reader, { after }, budget);
      expect(session.end.status).toBe(grpc.status.CANCELLED);
      received.push(...session.events);
      after = received[received.length - 1] ?? after;
      sessions += 1;
    }
    await producing;
    const stored = await storedCursors();
    expect(stored).toHaveLength(total);
    expect(total).toBeGreaterThanOrEqual(10_000);
    expect(received).toEqual(stored);
    expect(sessions).toBeGreaterThan(10);
    await until(() => spliced.feed.subscriptionCount === 0, 2000, 'subscriptions to end');
    expect(ended.filter((s) => s.endCode === 'CANCELLED')).toHaveLength(sessions);
    expect(Math.max(...ended.map((s) => s.maxQueued))).toBe(BUFFER);
  }, TIMEOUT_MS);

  it('cuts a subscriber that stops reading with RESOURCE_EXHAUSTED / SLOW_CONSUMER; it resumes from its cursor and loses nothing', async () => {
    const stored = await storedCursors();
    ended.length = 0;
    const slow = subscribeFeed(spliced.client, reader, { after: '' });
    await slow.started;
    const first = await slow.next();
    slow.call.pause();
    const samples: number[] = [];
    const sampling = setInterval(() => samples.push(...spliced.feed.stats().map((s) => s.queued)), 5);
    const end = await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (ended.length > 0) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    }).then(() => {
      clearInterval(sampling);
      slow.call.resume();
      return slow.ended;
    });
    expect(end).toMatchObject({ status: grpc.status.RESOURCE_EXHAUSTED, code: 'SLOW_CONSUMER' });
    const [cut] = ended;
    expect(cut?.endCode).toBe('SLOW_CONSUMER');
    expect(cut?.bound).toBe(BUFFER);
    // The first page fills the bound exactly (64 events read, none written yet); it is never exceeded.
    expect(cut?.maxQueued).toBe(BUFFER);
    expect(cut?.delivered).toBeLessThan(stored.length);
    expect(samples.length).toBeGreaterThan(0);
    expect(Math.max(...samples)).toBeLessThanOrEqual(BUFFER);

    const received = [first.event?.cursor ?? ''];
    for (;;) {
      const message = slow.buffered > 0 ? await slow.next() : undefined;
      if (!message) break;
      if (message.event) received.push(message.event.cursor);
    }
    expect(received).toEqual(stored.slice(0, received.length));
    const rest = await readSession(spliced.client, reader, { after: received[received.length - 1] ?? '' }, stored.length - received.length);
    expect([...received, ...rest.events]).toEqual(stored);
    await until(() => spliced.feed.subscriptionCount === 0, 2000, 'subscriptions to end');
  }, TIMEOUT_MS);
});
