import type { EvidenceRef } from '@rongtong/core';
import type { EvidenceBundle__Output } from '@rongtong/protocol';
import { join } from 'node:path';
import { newId } from '../../src/auth/token-secret.js';
import { createIngestService } from '../../src/ingest/ingest-service.js';
import { createCapacityService } from '../../src/services/capacity-service.js';
import type { CapacityRecordRow, CommitmentRecord, KpiRecord } from '../../src/store/capacity-records.js';
import type { DemandItemRecord, MatchRecord, SupplyItemRecord } from '../../src/store/market-records.js';
import type { NewFeedEvent } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { unary } from './grpc-call.js';
import { startTestServer, type TestServer } from './start-test-server.js';

/**
 * Starts a test server (see `startTestServer`) with the IngestService and the CapacityService
 * over a SQLite file in `dir` (`dbPath`), so a test can change stored rows behind the platform's
 * back; `close()` also ends the open ingest streams. Close it in `afterAll`.
 */
export function startFileTestServer(dir: string): Promise<TestServer> {
  return startTestServer({
    dbPath: join(dir, 'platform.db'),
    services: [
      {
        service: 'ingest',
        create: (ctx) => {
          const ingest = createIngestService(ctx);
          return { handlers: ingest.handlers, close: () => ingest.closeAll() };
        },
      },
      { service: 'capacity', create: createCapacityService },
    ],
  });
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
