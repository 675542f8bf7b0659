import * as grpc from '@grpc/grpc-js';
import type { EvidenceRef } from '@rongtong/core';
import { SERVICE_NAMES, rongtongPackageDefinition, type EvidenceBundle__Output, type ProtoGrpcType } from '@rongtong/protocol';
import { pino } from 'pino';
import { join } from 'node:path';
import { createAuthenticator } from '../../src/auth/authenticator.js';
import { newTokenRecord } from '../../src/auth/token-record.js';
import { generateSecret, newId } from '../../src/auth/token-secret.js';
import { createInProcessBus } from '../../src/bus/in-process-bus.js';
import { DEFAULT_LIMITS, type PlatformContext } from '../../src/context.js';
import { shutdownServer } from '../../src/grpc/shutdown-server.js';
import { createIngestService, type IngestService } from '../../src/ingest/ingest-service.js';
import { createPlatformEvents } from '../../src/platform-events.js';
import { createCapacityService } from '../../src/services/capacity-service.js';
import type { CapacityRecordRow, CommitmentRecord, KpiRecord } from '../../src/store/capacity-records.js';
import type { DemandItemRecord, MatchRecord, SupplyItemRecord } from '../../src/store/market-records.js';
import type { NewFeedEvent } from '../../src/store/records.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { unary } from './grpc-call.js';
import type { TestClients, TestServer, TestTokenFields } from './start-test-server.js';

/** A test server over a SQLite file (so a test can change stored rows behind the platform's back). */
export interface FileTestServer extends TestServer {
  /** The SQLite database file of the store. */
  readonly dbPath: string;
}

/**
 * Starts a gRPC server on 127.0.0.1 (a free port) with the IngestService and the
 * CapacityService over a SQLite store in `dir`, like `startTestServer` (silent logger,
 * operator token in the store). Close it in `afterAll`.
 */
export async function startFileTestServer(dir: string): Promise<FileTestServer> {
  const dbPath = join(dir, 'platform.db');
  const store: Store = createSqliteStore({ path: dbPath });
  const bus = createInProcessBus();
  let offset = 0;
  const clock = { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
  const ctx: PlatformContext = {
    store,
    bus,
    auth: createAuthenticator({ store, now: clock.now }),
    logger: pino({ level: 'silent' }),
    limits: { ...DEFAULT_LIMITS },
    events: createPlatformEvents(),
    now: clock.now,
  };
  const definition = rongtongPackageDefinition();
  const server = new grpc.Server();
  const ingest: IngestService = createIngestService(ctx);
  server.addService(definition[SERVICE_NAMES.ingest] as grpc.ServiceDefinition, ingest.handlers);
  server.addService(definition[SERVICE_NAMES.capacity] as grpc.ServiceDefinition, createCapacityService(ctx));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  const address = `127.0.0.1:${port}`;
  const createToken = async (fields: TestTokenFields) => {
    const secret = generateSecret(fields.kind);
    const token = await store.createToken(newTokenRecord({ description: 'test token', createTime: clock.now(), ...fields, secret }));
    return { token, secret };
  };
  const operator = await createToken({ tenantId: '', kind: 'api', scopes: ['admin'], description: 'operator' });
  const v1 = (grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType).rongtong.v1;
  const insecure = grpc.credentials.createInsecure();
  const clients: TestClients = {
    admin: new v1.AdminService(address, insecure),
    onboarding: new v1.OnboardingService(address, insecure),
    ingest: new v1.IngestService(address, insecure),
    feed: new v1.FeedService(address, insecure),
    capacity: new v1.CapacityService(address, insecure),
    market: new v1.MarketService(address, insecure),
  };
  return {
    ctx,
    store,
    bus,
    clock,
    address,
    dbPath,
    operatorSecret: operator.secret,
    clients,
    createToken,
    async close() {
      for (const client of Object.values(clients) as grpc.Client[]) client.close();
      ingest.closeAll();
      await shutdownServer(server, 2000);
      await bus.close();
      await store.close();
    },
  };
}

/** The evidence ref of stored batches `first…last` of an agent (digests as stored). */
export async function evidenceRefOf(store: Store, tenantId: string, agentId: string, first: bigint, last: bigint): Promise<EvidenceRef> {
  const [a] = await store.getBatches(tenantId, agentId, first, first);
  const [b] = await store.getBatches(tenantId, agentId, last, last);
  if (!a || !b) throw new Error(`batches ${first}…${last} of ${agentId} are not stored`);
  return { agentId, firstSeq: first, lastSeq: last, firstDigest: new Uint8Array(a.digest), lastDigest: new Uint8Array(b.digest) };
}

/** Day 0 of the fixtures: 2026-03-02 (a Monday) 00:00 UTC. */
export const DAY0 = Date.UTC(2026, 2, 2);
/** One day in ms. */
export const DAY_MS = 86_400_000;

/** A daily capacity record of equipment `equipmentId` (capability machining.turning), ready for `putCapacityRecords`. */
export function capacityRow(
  tenantId: string,
  enterpriseId: string,
  equipmentId: string,
  day: number,
  evidence: EvidenceRef[],
  overrides: Partial<CapacityRecordRow> = {},
): CapacityRecordRow {
  const startTime = DAY0 + day * DAY_MS;
  return {
    id: newId('cap'),
    tenantId,
    enterpriseId,
    supersededBy: '',
    scope: { level: 'equipment', enterpriseId, id: equipmentId, path: [] },
    capability: { kind: 'process_segment', id: 'machining.turning', name: '数控车削' },
    startTime,
    endTime: startTime + DAY_MS,
    granularity: 'day',
    type: 'total',
    quantity: { value: 4800, unit: '' },
    confidence: { value: 0.9, signalCoverage: 0.9, counterContinuity: 1, plausibility: 1 },
    derivation: 'TOTAL = 200 /h rated × 24 h PBT',
    evidence,
    computeTime: startTime + DAY_MS + 60_000,
    ...overrides,
  };
}

/** Calls GetEvidence page after page and joins the pages into one bundle; also returns the pages. */
export async function collectEvidence(
  server: TestServer,
  secret: string,
  recordId: string,
  pageSize: number,
): Promise<{ bundle: EvidenceBundle__Output; pages: EvidenceBundle__Output[] }> {
  const pages: EvidenceBundle__Output[] = [];
  let pageToken = '';
  do {
    const response = await unary(server.clients.capacity, 'GetEvidence', { recordId, pageSize, pageToken }, secret);
    if (!response.bundle) throw new Error('GetEvidence returned no bundle');
    pages.push(response.bundle);
    pageToken = response.nextPageToken;
    if (pages.length > 10_000) throw new Error('GetEvidence does not end');
  } while (pageToken !== '');
  const [first, ...rest] = pages;
  const bundle: EvidenceBundle__Output = {
    record: first!.record,
    chains: first!.chains.map((chain, i) => ({ ...chain, batches: [...chain.batches, ...rest.flatMap((p) => p.chains[i]!.batches)] })),
  };
  return { bundle, pages };
}

/** An hourly KPI of equipment `equipmentId` (or of the enterprise when undefined) starting `hour` hours after DAY0. */
export function kpiRow(tenantId: string, enterpriseId: string, equipmentId: string | undefined, hour: number, overrides: Partial<KpiRecord> = {}): KpiRecord {
  const minute = 60_000;
  const startTime = DAY0 + hour * 3_600_000;
  return {
    tenantId,
    enterpriseId,
    level: equipmentId === undefined ? 'enterprise' : 'equipment',
    ...(equipmentId === undefined ? {} : { equipmentId }),
    startTime,
    endTime: startTime + 60 * minute,
    granularity: 'hour',
    plannedOperationTime: 60 * minute,
    plannedBusyTime: 60 * minute,
    actualProductionTime: 45 * minute,
    actualUnitSetupTime: 5 * minute,
    actualUnitDelayTime: 0,
    actualUnitDownTime: 10 * minute,
    plannedDownTime: 0,
    idleTime: 0,
    unknownTime: 0,
    actualUnitBusyTime: 50 * minute,
    producedQuantity: 90,
    goodQuantity: 88,
    scrapQuantity: 2,
    reworkQuantity: 0,
    unit: '',
    availability: 0.75,
    qualityRatio: 88 / 90,
    computeTime: startTime + 61 * minute,
    ...overrides,
  };
}

/** What `seedCommitment` needs: who buys from whom, and the commitment's first day (days after DAY0). */
export interface CommitmentSeed {
  tenantId: string;
  buyerEnterpriseId: string;
  supplierEnterpriseId: string;
  day: number;
  /** Create time of the commitment (ms); orders the listing. */
  createTime: number;
}

/**
 * Creates a demand item, a supply item and a PROPOSED match in the store and accepts the
 * match, which creates an ACTIVE commitment with one daily allocation; returns it.
 */
export async function seedCommitment(store: Store, seed: CommitmentSeed): Promise<CommitmentRecord> {
  const { tenantId, buyerEnterpriseId, supplierEnterpriseId, createTime } = seed;
  const event = (kind: NewFeedEvent['kind'], enterpriseId: string): NewFeedEvent => ({ tenantId, kind, enterpriseId, equipmentId: '', time: createTime, body: new Uint8Array(0) });
  const base = { tenantId, status: 'open' as const, createTime, updateTime: createTime, etag: 'v1' };
  const capability = { kind: 'product_class' as const, id: 'brake-disc' };
  const demand: DemandItemRecord = {
    ...base,
    id: newId('dem'),
    buyerEnterpriseId,
    externalId: newId('MAT'),
    category: 'component.casting.brake-disc',
    name: '制动盘铸件毛坯',
    spec: {},
    quantity: { value: 1000, unit: '' },
    delivery: { kind: 'due_time', dueTime: DAY0 + 30 * DAY_MS },
    regionCodes: [],
    requiredCertifications: [],
    capability,
  };
  const supply: SupplyItemRecord = {
    ...base,
    id: newId('sup'),
    supplierEnterpriseId,
    externalId: newId('SKU'),
    category: 'component.casting.brake-disc',
    mainProduct: '汽车制动盘',
    spec: {},
    capability,
    declaredCapacity: { quantity: { value: 5000, unit: '' }, granularity: 'week' },
    intendedCustomers: [],
    regionCode: '500112',
    certifications: [],
  };
  await store.createDemandItem(demand, event('demand_item', buyerEnterpriseId));
  await store.createSupplyItem(supply, event('supply_item', supplierEnterpriseId));
  const pair = { demandItemId: demand.id, supplyItemId: supply.id, buyerEnterpriseId, supplierEnterpriseId };
  const match: MatchRecord = {
    ...pair,
    id: newId('mat'),
    tenantId,
    score: 0.8,
    rank: 1,
    factors: [],
    failedConstraints: [],
    explanation: '',
    status: 'proposed',
    createTime,
    updateTime: createTime,
    expireTime: createTime + 7 * DAY_MS,
  };
  await store.replaceProposedMatches(tenantId, demand.id, [match], []);
  const start = DAY0 + seed.day * DAY_MS;
  const commitment: CommitmentRecord = {
    ...pair,
    id: newId('com'),
    tenantId,
    requestId: '',
    matchId: match.id,
    capability,
    allocations: [{ startTime: start, endTime: start + DAY_MS, quantity: { value: 500, unit: '' } }],
    status: 'active',
    createTime,
    updateTime: createTime,
  };
  const result = await store.acceptMatch({
    tenantId,
    matchId: match.id,
    commitment,
    demandCommittedQuantity: { value: 500, unit: '' },
    now: createTime,
    events: () => [event('commitment', supplierEnterpriseId)],
  });
  if (result.status !== 'accepted') throw new Error(`acceptMatch: ${result.status}`);
  return result.commitment;
}
