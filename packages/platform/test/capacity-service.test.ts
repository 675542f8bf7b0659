import * as grpc from '@grpc/grpc-js';
import { timestampFromMillis } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapacityService } from '../src/services/capacity-service.js';
import type { CapacityRecordRow } from '../src/store/capacity-records.js';
import { DAY0, DAY_MS, capacityRow, kpiRow, seedCommitment } from './support/capacity-fixtures.js';
import { failureOf, unary } from './support/grpc-call.js';
import { createEnterprise, createTenant, declareEquipment, enrollSigningAgent, issueApiToken } from './support/ingest-feed-fixtures.js';
import { startTestServer, type TestServer } from './support/start-test-server.js';

const HOUR_MS = 3_600_000;
const ts = (ms: number) => timestampFromMillis(ms);
const fakeRef = (agentId: string) => [{ agentId, firstSeq: 1n, lastSeq: 2n, firstDigest: new Uint8Array(32), lastDigest: new Uint8Array(32).fill(1) }];

describe('CapacityService lists', () => {
  let server: TestServer;
  let entA: string;
  let entB: string;
  let entC: string;
  let reader: string;
  let readerA: string;
  let marketReader: string;
  let feedReader: string;
  let otherTenant: string;
  let records: CapacityRecordRow[];
  let replaced: CapacityRecordRow;

  /** Pages through a List RPC; returns the pages' item counts and all items. */
  async function pages<T>(call: (pageToken: string) => Promise<{ items: T[]; next: string }>): Promise<{ sizes: number[]; items: T[] }> {
    const sizes: number[] = [];
    const items: T[] = [];
    let token = '';
    do {
      const page = await call(token);
      sizes.push(page.items.length);
      items.push(...page.items);
      token = page.next;
    } while (token !== '' && sizes.length < 100);
    return { sizes, items };
  }

  beforeAll(async () => {
    server = await startTestServer({ services: [{ service: 'capacity', create: createCapacityService }] });
    await createTenant(server, 'ten-cap');
    await createTenant(server, 'ten-else');
    entA = await createEnterprise(server, 'ten-cap');
    entB = await createEnterprise(server, 'ten-cap');
    entC = await createEnterprise(server, 'ten-cap');
    const agentA = await enrollSigningAgent(server, 'ten-cap', entA);
    const agentB = await enrollSigningAgent(server, 'ten-cap', entB);
    await declareEquipment(server, agentA, 'cnc-1', ['cnc-1/state']);
    await declareEquipment(server, agentA, 'cnc-2', ['cnc-2/state']);
    await declareEquipment(server, agentB, 'press-1', ['press-1/state']);

    reader = (await issueApiToken(server, 'ten-cap', ['capacity:read'])).secret;
    readerA = (await issueApiToken(server, 'ten-cap', ['capacity:read'], entA)).secret;
    marketReader = (await issueApiToken(server, 'ten-cap', ['market:read'])).secret;
    feedReader = (await issueApiToken(server, 'ten-cap', ['feed:read'])).secret;
    otherTenant = (await issueApiToken(server, 'ten-else', ['capacity:read'])).secret;

    const kpis = [];
    for (let h = 0; h < 5; h++) kpis.push(kpiRow('ten-cap', entA, 'cnc-1', h), kpiRow('ten-cap', entA, undefined, h));
    kpis.push(kpiRow('ten-cap', entA, 'cnc-1', 0, { granularity: 'shift', endTime: DAY0 + 8 * HOUR_MS }));
    kpis.push(kpiRow('ten-cap', entB, 'press-1', 1), kpiRow('ten-cap', entB, 'press-1', 2));
    await server.store.putKpis(kpis, []);

    const rows = [
      capacityRow('ten-cap', entA, 'cnc-1', 0, fakeRef(agentA.agentId)),
      capacityRow('ten-cap', entA, 'cnc-1', 0, fakeRef(agentA.agentId), { type: 'available', quantity: { value: 1200, unit: '' } }),
      capacityRow('ten-cap', entA, 'cnc-1', 1, fakeRef(agentA.agentId), { confidence: { value: 0.4, signalCoverage: 0.4, counterContinuity: 1, plausibility: 1 } }),
      capacityRow('ten-cap', entA, 'cnc-2', 2, fakeRef(agentA.agentId), { capability: { kind: 'process_segment', id: 'machining.milling' } }),
      capacityRow('ten-cap', entB, 'press-1', 0, fakeRef(agentB.agentId)),
      capacityRow('ten-cap', entA, 'cnc-1', 3, fakeRef(agentA.agentId), { quantity: { value: 1, unit: '' } }),
    ];
    records = await server.store.putCapacityRecords(rows, []);
    // Replaces the last one: only the newer record is listed.
    replaced = (await server.store.putCapacityRecords([capacityRow('ten-cap', entA, 'cnc-1', 3, fakeRef(agentA.agentId))], []))[0]!;

    await seedCommitment(server.store, { tenantId: 'ten-cap', buyerEnterpriseId: entB, supplierEnterpriseId: entA, day: 5, createTime: DAY0 });
    await seedCommitment(server.store, { tenantId: 'ten-cap', buyerEnterpriseId: entC, supplierEnterpriseId: entB, day: 9, createTime: DAY0 + HOUR_MS });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('ListEquipment: the tenant, one enterprise, or only the restricted token’s own, in pages', async () => {
    const list = (request: { enterpriseId?: string; pageSize?: number; pageToken?: string }, secret = reader) =>
      unary(server.clients.capacity, 'ListEquipment', request, secret);
    const all = await pages(async (pageToken) => {
      const r = await list({ pageSize: 2, pageToken });
      return { items: r.equipment, next: r.nextPageToken };
    });
    expect(all.sizes).toEqual([2, 1]);
    expect(all.items.map((e) => e.id).sort()).toEqual(['cnc-1', 'cnc-2', 'press-1']);
    expect(all.items.find((e) => e.id === 'cnc-1')?.signals.map((s) => s.id)).toEqual(['cnc-1/state']);
    expect((await list({ enterpriseId: entB })).equipment.map((e) => e.id)).toEqual(['press-1']);
    expect((await list({}, readerA)).equipment.map((e) => e.id).sort()).toEqual(['cnc-1', 'cnc-2']);
    expect((await list({}, otherTenant)).equipment).toEqual([]);
    expect((await failureOf(list({ enterpriseId: entB }, readerA))).code).toBe('PERMISSION_DENIED');
    expect((await failureOf(list({}, marketReader))).code).toBe('PERMISSION_DENIED');
    expect((await failureOf(list({}, server.operatorSecret))).code).toBe('PERMISSION_DENIED');
    expect((await failureOf(unary(server.clients.capacity, 'ListEquipment', {}))).status).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('ListKpis: filters by level, equipment, granularity and time, ordered by start time, in pages', async () => {
    const list = (request: Record<string, unknown>, secret = reader) => unary(server.clients.capacity, 'ListKpis', request, secret);
    const byHour = await pages(async (pageToken) => {
      const r = await list({ level: 'HIERARCHY_LEVEL_EQUIPMENT', equipmentIds: ['cnc-1'], granularity: 'PERIOD_GRANULARITY_HOUR', pageSize: 2, pageToken });
      return { items: r.kpis, next: r.nextPageToken };
    });
    expect(byHour.sizes).toEqual([2, 2, 1]);
    expect(byHour.items.map((k) => [k.equipmentId, Number(k.startTime?.seconds) * 1000 - DAY0])).toEqual(
      [0, 1, 2, 3, 4].map((h) => ['cnc-1', h * HOUR_MS]),
    );
    const window = { startTime: ts(DAY0 + HOUR_MS), endTime: ts(DAY0 + 3 * HOUR_MS) };
    const inWindow = await list({ enterpriseId: entA, level: 'HIERARCHY_LEVEL_ENTERPRISE', timeRange: window });
    expect(inWindow.kpis.map((k) => [k.level, k.equipmentId, k.startTime?.seconds])).toEqual([
      ['HIERARCHY_LEVEL_ENTERPRISE', '', String((DAY0 + HOUR_MS) / 1000)],
      ['HIERARCHY_LEVEL_ENTERPRISE', '', String((DAY0 + 2 * HOUR_MS) / 1000)],
    ]);
    expect((await list({ granularity: 'PERIOD_GRANULARITY_SHIFT' })).kpis.map((k) => k.granularity)).toEqual(['PERIOD_GRANULARITY_SHIFT']);
    expect((await list({ pageSize: 5000 })).kpis).toHaveLength(13);
    expect((await list({}, readerA)).kpis.every((k) => k.enterpriseId === entA)).toBe(true);
    expect((await list({}, readerA)).kpis).toHaveLength(11);
    expect((await list({}, otherTenant)).kpis).toEqual([]);
    expect((await list({ productId: 'brake-disc-A' })).kpis).toEqual([]);
  });

  it('ListKpis rejects bad requests naming the field', async () => {
    const fail = (request: Record<string, unknown>) => failureOf(unary(server.clients.capacity, 'ListKpis', request, reader));
    const backwards = { startTime: ts(DAY0 + HOUR_MS), endTime: ts(DAY0) };
    expect(await fail({ timeRange: backwards })).toMatchObject({ status: grpc.status.INVALID_ARGUMENT, fields: ['time_range.end_time'] });
    expect(await fail({ level: 'HIERARCHY_LEVEL_SITE' })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: ['level'] });
    expect(await fail({ level: 'HIERARCHY_LEVEL_ENTERPRISE', equipmentIds: ['cnc-1'] })).toMatchObject({ fields: ['equipment_ids'] });
    expect(await fail({ equipmentIds: ['cnc-1', ''] })).toMatchObject({ fields: ['equipment_ids[1]'] });
    expect(await fail({ pageSize: -1 })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: ['page_size'] });
    expect(await fail({ pageToken: 'garbage' })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: ['page_token'] });
    expect((await fail({ enterpriseId: entB, level: 'HIERARCHY_LEVEL_SITE' })).code).toBe('INVALID_ARGUMENT');
  });

  it('ListCapacityRecords: current records only, with every filter', async () => {
    const ids = async (request: Record<string, unknown>, secret = reader) =>
      (await unary(server.clients.capacity, 'ListCapacityRecords', request, secret)).capacityRecords.map((r) => r.id);
    const [totalA0, availableA0, lowA1, millingA2, totalB0, oldA3] = records.map((r) => r.id);
    const all = await ids({});
    expect(all).toHaveLength(6);
    expect(all).not.toContain(oldA3);
    expect(all).toContain(replaced.id);
    expect(await ids({ types: ['CAPACITY_TYPE_AVAILABLE'] })).toEqual([availableA0]);
    expect(await ids({ minimumConfidence: 0.5, equipmentIds: ['cnc-1'], types: ['CAPACITY_TYPE_TOTAL'] })).toEqual([totalA0, replaced.id]);
    expect(await ids({ capabilityIds: ['machining.milling'] })).toEqual([millingA2]);
    expect(await ids({ enterpriseId: entB })).toEqual([totalB0]);
    expect(await ids({ level: 'HIERARCHY_LEVEL_ENTERPRISE' })).toEqual([]);
    expect(await ids({ timeRange: { startTime: ts(DAY0 + DAY_MS), endTime: ts(DAY0 + 3 * DAY_MS) } })).toEqual([lowA1, millingA2]);
    expect(await ids({ timeRange: { startTime: ts(DAY0 + 3 * DAY_MS) } })).toEqual([replaced.id]);
    expect(await ids({ granularity: 'PERIOD_GRANULARITY_WEEK' })).toEqual([]);
    expect((await ids({}, readerA)).sort()).toEqual([totalA0, availableA0, lowA1, millingA2, replaced.id].sort());
    expect(await ids({}, otherTenant)).toEqual([]);
    const paged = await pages(async (pageToken) => {
      const r = await unary(server.clients.capacity, 'ListCapacityRecords', { pageSize: 4, pageToken }, reader);
      return { items: r.capacityRecords.map((c) => c.id), next: r.nextPageToken };
    });
    expect(paged).toEqual({ sizes: [4, 2], items: all });
    // Ordered by start time.
    const starts = (await unary(server.clients.capacity, 'ListCapacityRecords', {}, reader)).capacityRecords.map((r) => Number(r.startTime?.seconds));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('ListCapacityRecords rejects bad requests naming the field', async () => {
    const fail = (request: Record<string, unknown>, secret = reader) => failureOf(unary(server.clients.capacity, 'ListCapacityRecords', request, secret));
    expect(await fail({ minimumConfidence: 1.5 })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: ['minimum_confidence'] });
    expect(await fail({ types: ['CAPACITY_TYPE_TOTAL', 'CAPACITY_TYPE_UNSPECIFIED'] })).toMatchObject({ fields: ['types[1]'] });
    const backwards = { startTime: ts(DAY0 + DAY_MS), endTime: ts(DAY0 + DAY_MS) };
    expect(await fail({ timeRange: backwards, minimumConfidence: -1 })).toMatchObject({ fields: ['time_range.end_time', 'minimum_confidence'] });
    expect(await fail({ timeRange: { startTime: { seconds: '1', nanos: 2_000_000_000 } } })).toMatchObject({ fields: ['time_range.start_time.nanos'] });
    expect((await fail({}, feedReader)).code).toBe('PERMISSION_DENIED');
    expect((await fail({ enterpriseId: entB }, readerA)).code).toBe('PERMISSION_DENIED');
  });

  it('ListCommitments: newest first, filtered, for capacity and market readers', async () => {
    const list = (request: Record<string, unknown>, secret = reader) => unary(server.clients.capacity, 'ListCommitments', request, secret);
    const all = (await list({})).commitments;
    expect(all).toHaveLength(2);
    const [newer, older] = all;
    expect(Number(newer?.createTime?.seconds)).toBeGreaterThan(Number(older?.createTime?.seconds));
    expect(older).toMatchObject({
      buyerEnterpriseId: entB,
      supplierEnterpriseId: entA,
      status: 'COMMITMENT_STATUS_ACTIVE',
      capability: { id: 'brake-disc' },
      allocations: [{ startTime: { seconds: String((DAY0 + 5 * DAY_MS) / 1000) }, quantity: { value: 500 } }],
    });
    expect((await list({}, marketReader)).commitments.map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect((await list({ enterpriseId: entC })).commitments.map((c) => c.id)).toEqual([newer?.id]);
    expect((await list({ enterpriseId: entB })).commitments).toHaveLength(2);
    expect((await list({}, readerA)).commitments.map((c) => c.id)).toEqual([older?.id]);
    expect((await list({ demandItemId: older?.demandItemId })).commitments.map((c) => c.id)).toEqual([older?.id]);
    expect((await list({ supplyItemId: newer?.supplyItemId })).commitments.map((c) => c.id)).toEqual([newer?.id]);
    expect((await list({ status: 'COMMITMENT_STATUS_CANCELLED' })).commitments).toEqual([]);
    expect((await list({ status: 'COMMITMENT_STATUS_ACTIVE' })).commitments).toHaveLength(2);
    const day9 = { startTime: ts(DAY0 + 9 * DAY_MS), endTime: ts(DAY0 + 10 * DAY_MS) };
    expect((await list({ timeRange: day9 })).commitments.map((c) => c.id)).toEqual([newer?.id]);
    const paged = await pages(async (pageToken) => {
      const r = await list({ pageSize: 1, pageToken });
      return { items: r.commitments.map((c) => c.id), next: r.nextPageToken };
    });
    expect(paged.items).toEqual(all.map((c) => c.id));
    expect((await list({}, otherTenant)).commitments).toEqual([]);
    expect((await failureOf(list({}, feedReader))).code).toBe('PERMISSION_DENIED');
    expect((await failureOf(list({ status: 99 }))).fields).toEqual(['status']);
    expect((await failureOf(list({ timeRange: { startTime: ts(DAY0), endTime: ts(DAY0 - 1) } }))).fields).toEqual(['time_range.end_time']);
  });
});
