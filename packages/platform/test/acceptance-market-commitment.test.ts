import * as grpc from '@grpc/grpc-js';
import { createClient, type FeedSubscription, type RongtongClient } from '@rongtong/client';
import { GENESIS_PREV_HASH, generateAgentKeyPair, sealBatch } from '@rongtong/core';
import {
  batchPayloadCodec,
  rongtongPackageDefinition,
  timestampFromMillis,
  toMillis,
  type CapacityRecord__Output,
  type FeedEvent__Output,
  type ProtoGrpcType,
  type PublishResponse__Output,
} from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, createSqliteStore, ensureOperatorToken, type Platform, type Store } from '../src/index.js';
import { enterpriseOf, equipmentOf } from './support/admin-fixtures.js';
import { bearer } from './support/grpc-call.js';
import { queueOf } from './support/ingest-feed-streams.js';

/**
 * Acceptance (issue #7): accepting a match creates a commitment that raises the supplier's
 * COMMITTED capacity and lowers its AVAILABLE capacity at once, and a client following the
 * feed receives the match, commitment and capacity-record events. Everything real: the
 * platform with its capacity engine on SQLite, the supplier's measured history sent as a
 * signed KPI-level batch over gRPC, and `@rongtong/client` for every call.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The platform's clock: Wednesday 2030-03-06 10:00 in China (UTC+8). */
const NOW = Date.parse('2030-03-06T10:00:00+08:00');
const YESTERDAY = Date.parse('2030-03-05T00:00:00+08:00');
const TOMORROW = Date.parse('2030-03-07T00:00:00+08:00');
const OPERATOR = 'market-acceptance-operator-secret-01';
const STAMPING = { kind: 'CAPABILITY_KIND_PROCESS_SEGMENT' as const, id: 'forming.stamping', name: '冲压' };

/** Takes feed events until `done` holds for what was taken (each within 10 s). */
async function takeUntil(subscription: FeedSubscription, done: (events: FeedEvent__Output[]) => boolean): Promise<FeedEvent__Output[]> {
  const events: FeedEvent__Output[] = [];
  while (!done(events)) {
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`feed: only ${events.length} events within 10 s`)), 10_000).unref());
    const result = await Promise.race([subscription.next(), timer]);
    if (result.done) throw new Error('the subscription ended');
    events.push(result.value);
  }
  return events;
}

describe('acceptance: accepting a match commits capacity at once and the feed tells a client', () => {
  let store: Store;
  let platform: Platform;
  let address: string;
  let operator: RongtongClient;
  let buyerClient: RongtongClient;
  let dashboard: RongtongClient;
  let subscription: FeedSubscription | undefined;
  const v1 = (grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType).rongtong.v1;

  beforeAll(async () => {
    store = createSqliteStore({ path: ':memory:' });
    platform = createPlatform({ store, now: () => NOW });
    address = `127.0.0.1:${await platform.listen('127.0.0.1:0')}`;
    await ensureOperatorToken({ store, secret: OPERATOR, now: () => NOW });
    operator = createClient({ address, token: OPERATOR, tls: false, defaultTimeoutMs: 10_000 });
  });

  afterAll(async () => {
    await subscription?.return();
    for (const c of [dashboard, buyerClient, operator]) c?.close();
    await platform?.close(500);
    await store?.close();
  });

  it('AVAILABLE falls and COMMITTED rises by the accepted quantity in the answer to AcceptMatch; MATCH, COMMITMENT and CAPACITY_RECORD events reach the client', async () => {
    const tenantId = 'chain-cq-auto';
    await operator.admin.createTenant({ tenant: { id: tenantId, name: '重庆汽车产业链' } });
    const buyer = (await operator.admin.createEnterprise({ tenantId, enterprise: enterpriseOf(201, { name: '重庆长安链主', chainLeader: true, sizeClass: 'SIZE_CLASS_LARGE' }) })).enterprise!;
    const supplier = (await operator.admin.createEnterprise({ tenantId, enterprise: enterpriseOf(202, { name: '重庆精工冲压件有限公司' }) })).enterprise!;

    // The supplier's agent: enrolled, its press declared (ideal 30 s per part, stamping capability).
    const keys = generateAgentKeyPair();
    const enrollment = await operator.admin.issueEnrollmentToken({ enterpriseId: supplier.id, ttl: { seconds: '86400' } });
    const anonymous = createClient({ address, tls: false, defaultTimeoutMs: 10_000 });
    const enrolled = await anonymous.onboarding.enroll({ enrollmentToken: enrollment.secret, publicKey: keys.publicKey, agentName: 'gw', hostname: 'gw', agentVersion: '0.1.0' });
    anonymous.close();
    const agentClient = createClient({ address, token: enrolled.apiToken, tls: false, defaultTimeoutMs: 10_000 });
    await agentClient.onboarding.declareEquipment({ equipment: [equipmentOf('press-1', { capabilities: [STAMPING] })] });
    agentClient.close();

    // Yesterday, measured: 20 h producing, 4 h down, 2,000 parts (OEE history for the forecast).
    const payload = batchPayloadCodec.encode({
      sharingLevel: 'SHARING_LEVEL_KPI',
      createTime: timestampFromMillis(NOW),
      stateIntervals: [
        { equipmentId: 'press-1', startTime: timestampFromMillis(YESTERDAY), endTime: timestampFromMillis(YESTERDAY + 20 * HOUR), rawState: 'Execute', bucket: 'TIME_BUCKET_APT', quality: 'QUALITY_GOOD' },
        { equipmentId: 'press-1', startTime: timestampFromMillis(YESTERDAY + 20 * HOUR), endTime: timestampFromMillis(YESTERDAY + DAY), rawState: 'Stopped', bucket: 'TIME_BUCKET_ADOT', quality: 'QUALITY_GOOD' },
      ],
      productionCounts: [
        { equipmentId: 'press-1', startTime: timestampFromMillis(YESTERDAY), endTime: timestampFromMillis(YESTERDAY + DAY), producedQuantity: 2000, goodQuantity: 2000, scrapQuantity: 0, reworkQuantity: 0, unit: '', quality: 'QUALITY_GOOD' },
      ],
    });
    const { batch } = sealBatch({ agentId: enrolled.agentId, seq: 1n, prevHash: GENESIS_PREV_HASH, payload }, keys.privateKeyPem);
    const ingest = new v1.IngestService(address, grpc.credentials.createInsecure());
    const call = ingest.Publish(bearer(enrolled.apiToken));
    const answers = queueOf<PublishResponse__Output>(call);
    call.write({ hello: { agentId: enrolled.agentId, agentVersion: '0.1.0', sharingLevel: 'SHARING_LEVEL_KPI', highestLocalSeq: '1' } });
    await answers.next();
    call.write({ batch: { agentId: enrolled.agentId, seq: '1', prevHash: Buffer.from(batch.prevHash), payload: Buffer.from(batch.payload), signature: Buffer.from(batch.signature) } });
    expect((await answers.next()).ack?.seq).toBe('1');
    call.end();
    ingest.close();
    await platform.capacity.flush();

    // Tokens: the buyer's (market) and a dashboard's (feed and capacity), tenant-wide.
    const market = await operator.admin.issueApiToken({ tenantId, enterpriseId: buyer.id, scopes: ['SCOPE_MARKET_READ', 'SCOPE_MARKET_WRITE'], ttl: { seconds: '86400' } });
    const supplierMarket = await operator.admin.issueApiToken({ tenantId, enterpriseId: supplier.id, scopes: ['SCOPE_MARKET_READ', 'SCOPE_MARKET_WRITE'], ttl: { seconds: '86400' } });
    const watch = await operator.admin.issueApiToken({ tenantId, scopes: ['SCOPE_FEED_READ', 'SCOPE_CAPACITY_READ'], ttl: { seconds: '86400' } });
    buyerClient = createClient({ address, token: market.secret, tls: false, defaultTimeoutMs: 10_000 });
    dashboard = createClient({ address, token: watch.secret, tls: false, defaultTimeoutMs: 10_000 });

    const tomorrowOf = async (type: string): Promise<CapacityRecord__Output> => {
      const { capacityRecords } = await dashboard.capacity.listCapacityRecords({
        enterpriseId: supplier.id,
        level: 'HIERARCHY_LEVEL_ENTERPRISE',
        capabilityIds: [STAMPING.id],
        granularity: 'PERIOD_GRANULARITY_DAY',
        types: [type as 'CAPACITY_TYPE_AVAILABLE'],
        timeRange: { startTime: timestampFromMillis(TOMORROW), endTime: timestampFromMillis(TOMORROW + DAY) },
      });
      expect(capacityRecords, `one ${type} record for tomorrow`).toHaveLength(1);
      return capacityRecords[0]!;
    };
    const availableBefore = (await tomorrowOf('CAPACITY_TYPE_AVAILABLE')).quantity!.value;
    const committedBefore = (await tomorrowOf('CAPACITY_TYPE_COMMITTED')).quantity!.value;
    expect(committedBefore).toBe(0);
    expect(availableBefore).toBeGreaterThan(500);

    // Supply and demand lists: one row each.
    const supplierClient = createClient({ address, token: supplierMarket.secret, tls: false, defaultTimeoutMs: 10_000 });
    const supply = await supplierClient.market.createSupplyItem({
      supplyItem: {
        category: 'component.stamping',
        mainProduct: '汽车冲压支架',
        capability: STAMPING,
        declaredCapacity: { quantity: { value: 14_000, unit: '' }, granularity: 'PERIOD_GRANULARITY_WEEK' },
        status: 'ITEM_STATUS_OPEN',
      },
    });
    supplierClient.close();
    const demand = await buyerClient.market.createDemandItem({
      demandItem: {
        category: 'component.stamping',
        name: '冲压支架',
        quantity: { value: 500, unit: '' },
        dueTime: timestampFromMillis(TOMORROW + DAY),
        capability: STAMPING,
        status: 'ITEM_STATUS_OPEN',
      },
    });
    const { matches } = await buyerClient.market.findMatches({ demandItemId: demand.demandItem!.id });
    const match = matches.find((m) => m.supplyItemId === supply.supplyItem!.id);
    expect(match?.status).toBe('MATCH_STATUS_PROPOSED');
    expect(match!.factors.length).toBeGreaterThan(0);

    // A client follows the feed (from the start: it opens its stream on the first read); the buyer accepts 500 parts for tomorrow.
    subscription = dashboard.subscribe({ kinds: ['EVENT_KIND_MATCH', 'EVENT_KIND_COMMITMENT', 'EVENT_KIND_CAPACITY_RECORD'] });
    const accepted = await buyerClient.market.acceptMatch({
      matchId: match!.id,
      quantity: { value: 500, unit: '' },
      periods: [{ startTime: timestampFromMillis(TOMORROW), endTime: timestampFromMillis(TOMORROW + DAY) }],
      requestId: 'accept-1',
    });
    expect(accepted.match?.status).toBe('MATCH_STATUS_ACCEPTED');
    expect(accepted.commitment?.supplierEnterpriseId).toBe(supplier.id);

    // At once: no flush, no wait.
    const availableAfter = await tomorrowOf('CAPACITY_TYPE_AVAILABLE');
    const committedAfter = await tomorrowOf('CAPACITY_TYPE_COMMITTED');
    expect(committedAfter.quantity!.value).toBeCloseTo(500, 9);
    expect(availableAfter.quantity!.value).toBeCloseTo(availableBefore - 500, 6);
    const total = (await tomorrowOf('CAPACITY_TYPE_TOTAL')).quantity!.value;
    const unattainable = (await tomorrowOf('CAPACITY_TYPE_UNATTAINABLE')).quantity!.value;
    expect(total).toBeCloseTo(committedAfter.quantity!.value + availableAfter.quantity!.value + unattainable, 6);

    const events = await takeUntil(
      subscription,
      (seen) =>
        seen.some((e) => e.kind === 'EVENT_KIND_COMMITMENT') &&
        seen.some((e) => e.kind === 'EVENT_KIND_MATCH' && e.match?.status === 'MATCH_STATUS_ACCEPTED') &&
        seen.some((e) => e.capacityRecord?.id === availableAfter.id) &&
        seen.some((e) => e.capacityRecord?.id === committedAfter.id),
    );
    const commitment = events.find((e) => e.kind === 'EVENT_KIND_COMMITMENT')!;
    expect(commitment.commitment?.id).toBe(accepted.commitment!.id);
    expect(commitment.enterpriseId).toBe(supplier.id);
    const availableEvent = events.find((e) => e.capacityRecord?.id === availableAfter.id)!;
    expect(availableEvent.capacityRecord!.quantity!.value).toBeCloseTo(availableBefore - 500, 6);
    expect(toMillis(availableEvent.capacityRecord!.startTime)).toBe(TOMORROW);
    expect(events.some((e) => e.capacityRecord?.id === committedAfter.id && e.capacityRecord.type === 'CAPACITY_TYPE_COMMITTED')).toBe(true);

    // Repeating the accept with its request id returns the same commitment, and changes nothing.
    const again = await buyerClient.market.acceptMatch({
      matchId: match!.id,
      quantity: { value: 500, unit: '' },
      periods: [{ startTime: timestampFromMillis(TOMORROW), endTime: timestampFromMillis(TOMORROW + DAY) }],
      requestId: 'accept-1',
    });
    expect(again.commitment?.id).toBe(accepted.commitment!.id);
    expect((await tomorrowOf('CAPACITY_TYPE_AVAILABLE')).quantity!.value).toBeCloseTo(availableBefore - 500, 6);
  }, 60_000);
});
