import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createClient, type FeedSubscription, type RongtongClient } from '@rongtong/client';
import { GENESIS_PREV_HASH, generateAgentKeyPair, sealBatch, type AgentKeyPair } from '@rongtong/core';
import {
  batchPayloadCodec,
  rongtongPackageDefinition,
  timestampFromMillis,
  type FeedEvent__Output,
  type ProtoGrpcType,
  type PublishRequest,
  type PublishResponse__Output,
  type Sample,
  type Sample__Output,
  type SignedBatch,
  type SubscribeResponse__Output,
  type Value__Output,
} from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  createPlatform,
  createSqliteStore,
  ensureOperatorToken,
  type AgentRecord,
  type BatchRecord,
  type EnterpriseRecord,
  type EquipmentRecord,
  type Platform,
  type Store,
} from '../src/index.js';
import { enterpriseOf, equipmentOf } from './support/admin-fixtures.js';
import { bearer } from './support/grpc-call.js';
import { queueOf, type MessageQueue } from './support/ingest-feed-streams.js';

/**
 * Embedding, end to end, through public exports only: a vendor's own grpc-js server
 * that already serves its own service gets the Rongtong services with `addTo`; an
 * integrator onboards an SME through `@rongtong/client`; an agent publishes signed
 * batches over raw grpc-js; the vendor's hooks and a feed subscriber see them; and
 * `close()` drains the Rongtong streams and leaves the vendor's server running.
 */

/** The platform's clock (fixed, so every time in the records is exact). */
const NOW = Date.UTC(2025, 5, 2, 8, 0, 0);
/** Source time of the first batch's samples. */
const T0 = Date.UTC(2025, 5, 2, 7, 59, 0);
const OPERATOR_SECRET = 'embed-test-operator-secret-0001';

const VENDOR_PROTO = `syntax = "proto3";
package vendor.v1;
service Greeter {
  rpc SayHello(HelloRequest) returns (HelloReply);
}
message HelloRequest { string name = 1; }
message HelloReply { string message = 1; }
`;

/** The standard gRPC health service (grpc.health.v1), as much of it as the test calls. */
const HEALTH_PROTO = `syntax = "proto3";
package grpc.health.v1;
message HealthCheckRequest { string service = 1; }
message HealthCheckResponse {
  enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
  ServingStatus status = 1;
}
service Health {
  rpc Check(HealthCheckRequest) returns (HealthCheckResponse);
  rpc Watch(HealthCheckRequest) returns (stream HealthCheckResponse);
}
`;

interface HelloReply {
  message: string;
}
interface GreeterClient extends grpc.Client {
  SayHello(request: { name: string }, options: grpc.CallOptions, callback: grpc.requestCallback<HelloReply>): grpc.ClientUnaryCall;
}
interface HealthCheckResponse {
  status: string;
}
interface HealthClient extends grpc.Client {
  Check(request: { service: string }, options: grpc.CallOptions, callback: grpc.requestCallback<HealthCheckResponse>): grpc.ClientUnaryCall;
  Watch(request: { service: string }): grpc.ClientReadableStream<HealthCheckResponse>;
}
type ServiceConstructor<C> = (new (address: string, credentials: grpc.ChannelCredentials) => C) & { service: grpc.ServiceDefinition };

/** Loads a `.proto` file written by the test and returns the constructor at `path` (e.g. `vendor.v1.Greeter`). */
function loadService<C>(file: string, path: string): ServiceConstructor<C> {
  const loaded = grpc.loadPackageDefinition(loadSync(file, { keepCase: false, enums: String, defaults: true }));
  return path.split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], loaded) as ServiceConstructor<C>;
}

/** A sample of `signalId` at `time` (ms). */
function sampleOf(signalId: string, value: Sample['value'], time: number): Sample {
  return { signalId, sourceTime: timestampFromMillis(time), serverTime: timestampFromMillis(time), value, quality: 'QUALITY_GOOD' };
}

/** A sample as a feed subscriber receives it (the decoded `Sample__Output`). */
function sampleOut(signalId: string, value: Value__Output, time: number): Sample__Output {
  return { signalId, sourceTime: timestampFromMillis(time), serverTime: timestampFromMillis(time), value, quality: 'QUALITY_GOOD' };
}

/** A sealed batch: as the agent sends it, and the parts the platform must store. */
interface Sealed {
  wire: SignedBatch;
  seq: bigint;
  prevHash: Uint8Array;
  digest: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
}

/** Seals a RAW batch of `samples` as `seq` after `prevHash` with the agent's key. */
function seal(keys: AgentKeyPair, agentId: string, seq: bigint, prevHash: Uint8Array, samples: Sample[]): Sealed {
  const payload = batchPayloadCodec.encode({ sharingLevel: 'SHARING_LEVEL_RAW', createTime: timestampFromMillis(T0), samples });
  const { batch, digest } = sealBatch({ agentId, seq, prevHash, payload }, keys.privateKeyPem);
  return {
    wire: {
      agentId,
      seq: seq.toString(),
      prevHash: Buffer.from(batch.prevHash),
      payload: Buffer.from(batch.payload),
      signature: Buffer.from(batch.signature),
    },
    seq,
    prevHash: batch.prevHash,
    digest,
    payload: batch.payload,
    signature: batch.signature,
  };
}

/**
 * The BatchRecord the platform should hand to `batchCommitted` for a sealed batch: the bytes
 * exactly as signed (as Buffers, the way they arrived over gRPC) and the digest it computed.
 */
function committedRecord(tenantId: string, agentId: string, sealed: Sealed): BatchRecord {
  return {
    tenantId,
    agentId,
    seq: sealed.seq,
    prevHash: Buffer.from(sealed.prevHash),
    digest: sealed.digest,
    payload: Buffer.from(sealed.payload),
    signature: Buffer.from(sealed.signature),
    sharingLevel: 'raw',
    historical: false,
    commitTime: NOW,
  };
}

/** Awaits a call-style callback as a promise. */
function promised<T>(start: (callback: grpc.requestCallback<T>) => unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    start((err, value) => (err ? reject(err) : value === undefined ? reject(new Error('empty response')) : resolve(value)));
  });
}

/** Takes `n` events from a client subscription (each within 5 s). */
async function take(subscription: FeedSubscription, n: number): Promise<FeedEvent__Output[]> {
  const events: FeedEvent__Output[] = [];
  while (events.length < n) {
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${events.length} of ${n} feed events within 5 s`)), 5000).unref());
    const result = await Promise.race([subscription.next(), timer]);
    if (result.done) throw new Error(`the subscription ended after ${events.length} of ${n} events`);
    events.push(result.value);
  }
  return events;
}

/** What a test compares of a feed event: kind, scope, batch and payload summary. */
function summary(event: FeedEvent__Output) {
  return {
    kind: event.kind,
    tenantId: event.tenantId,
    enterpriseId: event.enterpriseId,
    equipmentId: event.equipmentId,
    agentId: event.agentId,
    batchSeq: event.batchSeq,
    time: event.time,
    payload: event.payload,
  };
}

describe('@rongtong/platform embedded in a vendor’s own gRPC server', () => {
  let dir: string;
  let store: Store;
  let platform: Platform;
  let server: grpc.Server;
  let address: string;
  let operator: RongtongClient;
  let greeter: GreeterClient;
  let health: HealthClient;
  let ingest: InstanceType<ProtoGrpcType['rongtong']['v1']['IngestService']>;
  const v1 = (grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType).rongtong.v1;
  const insecure = grpc.credentials.createInsecure();

  // What the vendor's hook listeners saw, in order.
  const hooks = {
    enterpriseChanged: [] as EnterpriseRecord[],
    agentEnrolled: [] as AgentRecord[],
    equipmentDeclared: [] as EquipmentRecord[][],
    batchCommitted: [] as BatchRecord[],
    batchRejected: [] as unknown[],
  };

  // Shared by the tests, in order: onboarding → publishing → throwing listener → close.
  const tenantId = 'chain-cq-auto';
  let enterpriseId = '';
  let agentId = '';
  let agentSecret = '';
  let agentTokenId = '';
  let feedSecret = '';
  let keys: AgentKeyPair;
  let publish: MessageQueue<PublishResponse__Output> & { call: grpc.ClientDuplexStream<PublishRequest, PublishResponse__Output> };
  let dashboard: RongtongClient;
  let subscription: FeedSubscription;
  const sealed: Sealed[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rongtong-embed-test-'));
    writeFileSync(join(dir, 'vendor.proto'), VENDOR_PROTO);
    writeFileSync(join(dir, 'health.proto'), HEALTH_PROTO);
    const Greeter = loadService<GreeterClient>(join(dir, 'vendor.proto'), 'vendor.v1.Greeter');
    const Health = loadService<HealthClient>(join(dir, 'health.proto'), 'grpc.health.v1.Health');

    store = createSqliteStore({ path: ':memory:' });
    platform = createPlatform({ store, now: () => NOW });
    platform.events.on('enterpriseChanged', (e) => hooks.enterpriseChanged.push(e));
    platform.events.on('agentEnrolled', (a) => hooks.agentEnrolled.push(a));
    platform.events.on('equipmentDeclared', (list) => hooks.equipmentDeclared.push(list));
    platform.events.on('batchCommitted', (b) => hooks.batchCommitted.push(b));
    platform.events.on('batchRejected', (info) => hooks.batchRejected.push(info));

    // The vendor's server, serving its own service before Rongtong is added.
    server = new grpc.Server();
    server.addService(Greeter.service, {
      SayHello: (call: grpc.ServerUnaryCall<{ name: string }, HelloReply>, callback: grpc.sendUnaryData<HelloReply>) =>
        callback(null, { message: `你好, ${call.request.name}` }),
    });
    platform.addTo(server);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    address = `127.0.0.1:${port}`;

    await ensureOperatorToken({ store, secret: OPERATOR_SECRET, now: () => NOW });
    operator = createClient({ address, token: OPERATOR_SECRET, tls: false, defaultTimeoutMs: 5000 });
    greeter = new Greeter(address, insecure);
    health = new Health(address, insecure);
    ingest = new v1.IngestService(address, insecure);
  });

  afterAll(async () => {
    await subscription?.return();
    dashboard?.close();
    operator?.close();
    publish?.call.cancel();
    for (const client of [greeter, health, ingest]) client?.close();
    // Idempotent: a no-op when the close test ran; otherwise bounded by its grace period.
    await platform?.close(500);
    server?.forceShutdown();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 10_000);

  it('serves the vendor’s own RPC and the Rongtong RPCs on the one port', async () => {
    const reply = await promised<HelloReply>((cb) => greeter.SayHello({ name: '链主平台' }, { deadline: Date.now() + 5000 }, cb));
    expect(reply).toEqual({ message: '你好, 链主平台' });

    const created = await operator.admin.createTenant({ tenant: { id: tenantId, name: '重庆汽车产业链' } });
    expect(created.tenant).toEqual({ id: tenantId, name: '重庆汽车产业链', createTime: timestampFromMillis(NOW) });
    const listed = await operator.admin.listTenants({});
    expect(listed.tenants.map((t) => t.id)).toEqual([tenantId]);

    const check = await promised<HealthCheckResponse>((cb) => health.Check({ service: '' }, { deadline: Date.now() + 5000 }, cb));
    expect(check).toEqual({ status: 'SERVING' });
  });

  it('onboards an SME through the client: enterprise, enrollment token, enrolment, equipment — and fires the hooks', async () => {
    const enterprise = enterpriseOf(101, { name: '重庆精工零部件有限公司' });
    const created = await operator.admin.createEnterprise({ tenantId, enterprise });
    enterpriseId = created.enterprise?.id ?? '';
    expect(enterpriseId).toMatch(/^ent_[0-9a-f]{32}$/);
    expect(hooks.enterpriseChanged).toEqual([
      {
        id: enterpriseId,
        tenantId,
        unifiedSocialCreditCode: enterprise.unifiedSocialCreditCode,
        name: '重庆精工零部件有限公司',
        sizeClass: 'small',
        designation: 'specialized',
        chainLeader: false,
        regionCode: '500112',
        certifications: ['ISO9001'],
        createTime: NOW,
        updateTime: NOW,
        etag: created.enterprise?.etag,
      },
    ]);

    const issued = await operator.admin.issueEnrollmentToken({ enterpriseId, ttl: { seconds: '86400' }, description: '张工, 二号车间网关' });
    expect(issued.token?.kind).toBe('TOKEN_KIND_ENROLLMENT');
    expect(issued.token?.enterpriseId).toBe(enterpriseId);
    expect(issued.secret).toMatch(/^rte_[A-Za-z0-9_-]{43}$/);

    // The SME's agent: its own key pair, enrolled with the one-time token (no bearer needed).
    keys = generateAgentKeyPair();
    const agentSide = createClient({ address, tls: false, defaultTimeoutMs: 5000 });
    try {
      const enrolled = await agentSide.onboarding.enroll({
        enrollmentToken: issued.secret,
        publicKey: keys.publicKey,
        agentName: 'workshop-2-gateway',
        hostname: 'gw-2',
        agentVersion: '0.3.1',
      });
      ({ agentId, apiToken: agentSecret, tokenId: agentTokenId } = enrolled);
      expect(enrolled).toEqual({ agentId, apiToken: agentSecret, tenantId, enterpriseId, tokenId: agentTokenId });
      expect(agentId).toMatch(/^agt_[0-9a-f]{32}$/);
      expect(agentSecret).toMatch(/^rtg_[A-Za-z0-9_-]{43}$/);
    } finally {
      agentSide.close();
    }
    expect(hooks.agentEnrolled).toEqual([
      {
        id: agentId,
        tenantId,
        enterpriseId,
        name: 'workshop-2-gateway',
        hostname: 'gw-2',
        agentVersion: '0.3.1',
        publicKey: keys.publicKey,
        tokenId: agentTokenId,
        enrollTime: NOW,
        lastSeq: 0n,
        lastDigest: GENESIS_PREV_HASH,
        lastBatchTime: 0,
      },
    ]);

    // The agent declares its press with a state signal and a piece counter (agent credential).
    const agentClient = createClient({ address, token: agentSecret, tls: false, defaultTimeoutMs: 5000 });
    try {
      const declared = await agentClient.onboarding.declareEquipment({ equipment: [equipmentOf('press-1', { name: '1号冲压机' })] });
      expect(declared.equipment.map((e) => [e.id, e.enterpriseId, e.agentId, e.signals.map((s) => s.id)])).toEqual([
        ['press-1', enterpriseId, agentId, ['press-1/state', 'press-1/count']],
      ]);
    } finally {
      agentClient.close();
    }
    expect(hooks.equipmentDeclared).toEqual([
      [
        {
          id: 'press-1',
          tenantId,
          enterpriseId,
          agentId,
          name: '1号冲压机',
          path: [
            { level: 'site', id: 'cq-1' },
            { level: 'line', id: 'line-2' },
          ],
          idealUnitTimes: [{ idealUnitTime: 30_000 }],
          capabilities: [],
          signals: [
            {
              id: 'press-1/state',
              source: { kind: 'opcua', nodeId: 'nsu=http://example.com/;s=press-1/state' },
              semantic: 'machine_state',
              unit: '',
              stateMappings: [{ rawState: 'Execute', bucket: 'apt' }],
            },
            {
              id: 'press-1/count',
              source: { kind: 'opcua', nodeId: 'nsu=http://example.com/;s=press-1/count' },
              semantic: 'produced_count',
              unit: '',
              counter: { monotonic: true, resetsOnJob: false },
              stateMappings: [],
            },
          ],
          createTime: NOW,
          updateTime: NOW,
        },
      ],
    ]);
  });

  it('publishes two signed batches: batchCommitted fires for seq 1 and 2 (not for a replay), and the feed delivers them in order', async () => {
    // A dashboard with a tenant feed token subscribes from the beginning and keeps following.
    const feedToken = await operator.admin.issueApiToken({ tenantId, scopes: ['SCOPE_FEED_READ'], ttl: { seconds: '86400' }, description: 'dashboard' });
    feedSecret = feedToken.secret;
    dashboard = createClient({ address, token: feedSecret, tls: false });
    subscription = dashboard.subscribe();
    const onboardingEvents = await take(subscription, 3);
    expect(onboardingEvents.map((e) => [e.kind, e.enterpriseId, e.equipmentId, e.agentId, e.batchSeq])).toEqual([
      ['EVENT_KIND_ENTERPRISE_CHANGED', enterpriseId, '', '', '0'],
      ['EVENT_KIND_AGENT_ENROLLED', enterpriseId, '', agentId, '0'],
      ['EVENT_KIND_EQUIPMENT_DECLARED', enterpriseId, 'press-1', agentId, '0'],
    ]);

    // The agent: one Publish stream with its credential as the bearer token.
    const call = ingest.Publish(bearer(agentSecret));
    publish = Object.assign(queueOf(call), { call });
    call.write({ hello: { agentId, agentVersion: '0.3.1', sharingLevel: 'SHARING_LEVEL_RAW', highestLocalSeq: '2' } });
    const welcome = await publish.next();
    expect(welcome.welcome).toEqual({
      lastCommittedSeq: '0',
      lastCommittedDigest: Buffer.from(GENESIS_PREV_HASH),
      maxBatchBytes: DEFAULT_LIMITS.maxBatchBytes,
      maxInFlight: DEFAULT_LIMITS.maxInFlight,
      serverTime: timestampFromMillis(NOW),
    });

    const first = seal(keys, agentId, 1n, GENESIS_PREV_HASH, [
      sampleOf('press-1/state', { stringValue: 'Execute' }, T0),
      sampleOf('press-1/count', { intValue: '1200' }, T0),
    ]);
    const second = seal(keys, agentId, 2n, first.digest, [sampleOf('press-1/count', { intValue: '1230' }, T0 + 30_000)]);
    sealed.push(first, second);
    call.write({ batch: first.wire });
    call.write({ batch: second.wire });
    expect((await publish.next()).ack).toEqual({ seq: '1', duplicate: false });
    expect((await publish.next()).ack).toEqual({ seq: '2', duplicate: false });
    // A replay (the agent did not see the ack before it reconnected) is acknowledged as a duplicate, and no hook fires.
    call.write({ batch: first.wire });
    expect((await publish.next()).ack).toEqual({ seq: '1', duplicate: true });

    expect(hooks.batchCommitted).toEqual([committedRecord(tenantId, agentId, first), committedRecord(tenantId, agentId, second)]);
    expect(hooks.batchCommitted.map((b) => b.seq)).toEqual([1n, 2n]);
    expect(hooks.batchRejected).toEqual([]);

    const events = await take(subscription, 4);
    const time = timestampFromMillis(NOW);
    const scope = { tenantId, enterpriseId, agentId, time };
    expect(events.map(summary)).toEqual([
      { kind: 'EVENT_KIND_SAMPLES', ...scope, equipmentId: 'press-1', batchSeq: '1', payload: 'samples' },
      { kind: 'EVENT_KIND_BATCH_COMMITTED', ...scope, equipmentId: '', batchSeq: '1', payload: 'batchCommitted' },
      { kind: 'EVENT_KIND_SAMPLES', ...scope, equipmentId: 'press-1', batchSeq: '2', payload: 'samples' },
      { kind: 'EVENT_KIND_BATCH_COMMITTED', ...scope, equipmentId: '', batchSeq: '2', payload: 'batchCommitted' },
    ]);
    expect(events[0]?.samples?.samples).toEqual([
      sampleOut('press-1/state', { stringValue: 'Execute', kind: 'stringValue' }, T0),
      sampleOut('press-1/count', { intValue: '1200', kind: 'intValue' }, T0),
    ]);
    expect(events[2]?.samples?.samples).toEqual([sampleOut('press-1/count', { intValue: '1230', kind: 'intValue' }, T0 + 30_000)]);
    for (const [event, batch] of [
      [events[1], first],
      [events[3], second],
    ] as const) {
      expect(event?.batchCommitted).toMatchObject({
        agentId,
        seq: batch.seq.toString(),
        digest: Buffer.from(batch.digest),
        sharingLevel: 'SHARING_LEVEL_RAW',
        historical: false,
        payloadBytes: batch.payload.length,
        samples: batch === first ? 2 : 1,
        stateIntervals: 0,
        gaps: 0,
      });
    }
    // Cursors are distinct and follow each other (the subscription's resume position is the last one).
    const cursors = [...onboardingEvents, ...events].map((e) => e.cursor);
    expect(new Set(cursors).size).toBe(7);
    expect(subscription.cursor).toBe(cursors[6]);
  });

  it('a hook listener that throws does not break the call: the batch is still acknowledged and fed', async () => {
    let thrown = 0;
    const faulty = (): void => {
      thrown += 1;
      throw new Error('the vendor’s listener failed');
    };
    platform.events.on('batchCommitted', faulty);
    try {
      const third = seal(keys, agentId, 3n, sealed[1]?.digest ?? GENESIS_PREV_HASH, [
        sampleOf('press-1/state', { stringValue: 'Suspended' }, T0 + 60_000),
      ]);
      sealed.push(third);
      publish.call.write({ batch: third.wire });
      expect((await publish.next()).ack).toEqual({ seq: '3', duplicate: false });
      expect(thrown).toBe(1);
      expect(hooks.batchCommitted.map((b) => b.seq)).toEqual([1n, 2n, 3n]);
      expect(hooks.batchCommitted[2]).toEqual(committedRecord(tenantId, agentId, third));
      const events = await take(subscription, 2);
      expect(events.map((e) => [e.kind, e.equipmentId, e.batchSeq])).toEqual([
        ['EVENT_KIND_SAMPLES', 'press-1', '3'],
        ['EVENT_KIND_BATCH_COMMITTED', '', '3'],
      ]);
    } finally {
      platform.events.off('batchCommitted', faulty);
    }
    // The stream is still usable afterwards (a replay of seq 3 is a duplicate, not an error).
    publish.call.write({ batch: sealed[2]?.wire ?? {} });
    expect((await publish.next()).ack).toEqual({ seq: '3', duplicate: true });
  });

  it('close(2000): health turns NOT_SERVING, the feed stream ends UNAVAILABLE, the ingest stream ends, and it returns well within the grace', async () => {
    // The client subscription would reconnect after the shutdown: stop it first.
    await subscription.return();

    // A raw feed stream, live from now on, accepted by the server.
    const feed = new v1.FeedService(address, insecure);
    const feedCall = feed.Subscribe({ after: 'now' }, bearer(feedSecret));
    const feedQueue = queueOf<SubscribeResponse__Output>(feedCall);
    await new Promise<void>((resolve, reject) => {
      feedCall.once('metadata', () => resolve());
      void feedQueue.ended.then((end) => reject(new Error(`subscription ended: ${JSON.stringify(end)}`)));
    });

    // Health as a load balancer watches it. A Check during close() cannot be placed
    // deterministically between NOT_SERVING and the shutdown, so the Watch stream shows it.
    const watch = health.Watch({ service: '' });
    const statuses: string[] = [];
    const watchEnded = new Promise<grpc.StatusObject>((resolve) => watch.on('status', resolve));
    watch.on('error', () => undefined);
    const serving = new Promise<void>((resolve) =>
      watch.on('data', (response: HealthCheckResponse) => {
        statuses.push(response.status);
        if (response.status === 'SERVING') resolve();
        // Like a load balancer that has seen enough: stop watching, so the server can finish.
        if (response.status === 'NOT_SERVING') watch.cancel();
      }),
    );
    await serving;

    const started = performance.now();
    await platform.close(2000);
    const elapsedMs = performance.now() - started;

    // The vendor's server stays up, so the watcher sees NOT_SERVING and leaves on its own.
    expect((await watchEnded).code).toBe(grpc.status.CANCELLED);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
    expect(await feedQueue.ended).toEqual({
      status: grpc.status.UNAVAILABLE,
      code: 'UNAVAILABLE',
      details: 'the platform is shutting down; resume from your cursor',
    });
    expect(feedQueue.buffered).toBe(0);
    expect(await publish.ended).toEqual({
      status: grpc.status.UNAVAILABLE,
      code: 'UNAVAILABLE',
      details: 'the platform is shutting down; reconnect with backoff',
    });
    expect(elapsedMs).toBeLessThan(1000);

    // The vendor's server is the vendor's: it keeps serving its own RPC.
    const after = await promised<HelloReply>((cb) => greeter.SayHello({ name: 'late' }, { deadline: Date.now() + 3000 }, cb));
    expect(after).toEqual({ message: '你好, late' });
    feed.close();
    // A second close is a no-op.
    await platform.close(2000);
  });
});
