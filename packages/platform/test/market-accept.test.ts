import { timestampFromMillis } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptMatchInput } from '../src/store/market-records.js';
import { failureOf, unary } from './support/grpc-call.js';
import {
  DAY,
  createEnterpriseId,
  createMarketTenant,
  dailyRecords,
  dayStart,
  enterpriseMarketToken,
  startMarketTestServer,
  type MarketTenant,
  type MarketTestServer,
} from './support/market-fixtures.js';

describe('MarketService AcceptMatch and RejectMatch', () => {
  let server: MarketTestServer;
  let t: MarketTenant;
  let buyer: string;
  let supplier: string;
  let buyerToken: string;
  let supplierToken: string;
  let today: number;
  const raced = new Set<string>();

  beforeAll(async () => {
    // The store the service sees: for a match id in `raced`, another accept of that match
    // commits just before the service's own (as if a concurrent call won the race).
    server = await startMarketTestServer((store) => new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'acceptMatch') return Reflect.get(target, property, receiver) as unknown;
        return async (input: AcceptMatchInput) => {
          if (raced.delete(input.matchId)) {
            await target.acceptMatch({ ...input, commitment: { ...input.commitment, id: `${input.commitment.id}_winner`, requestId: 'winner' } });
          }
          return target.acceptMatch(input);
        };
      },
    }));
    t = await createMarketTenant(server, 'cq-accept');
    buyer = await createEnterpriseId(server, t.adminSecret, 21, { name: '重庆长安链主', sizeClass: 'SIZE_CLASS_LARGE' });
    supplier = await createEnterpriseId(server, t.adminSecret, 22, { name: '重庆精工冲压件有限公司' });
    buyerToken = await enterpriseMarketToken(server, t.tenantId, buyer);
    supplierToken = await enterpriseMarketToken(server, t.tenantId, supplier);
    today = dayStart(server.clock.now());
    // Stamping capacity: 1000 available per day for 20 days (capability records).
    await server.store.putCapacityRecords(dailyRecords(t.tenantId, supplier, today, 20, 1000, { capabilityId: 'forming.stamping' }), []);
    await unary(server.clients.market, 'CreateSupplyItem', { supplyItem: {
      category: 'component.stamping', mainProduct: '汽车冲压支架', capability: { kind: 'CAPABILITY_KIND_PROCESS_SEGMENT', id: 'forming.stamping' },
      declaredCapacity: { quantity: { value: 7000, unit: '' }, granularity: 'PERIOD_GRANULARITY_WEEK' }, status: 'ITEM_STATUS_OPEN' } }, supplierToken);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A new OPEN demand and its best PROPOSED match id. */
  const proposed = async (): Promise<string> => {
    const demand = (await unary(server.clients.market, 'CreateDemandItem', { demandItem: {
      category: 'component.stamping', name: '冲压支架', quantity: { value: 3000, unit: '' }, dueTime: timestampFromMillis(today + 10 * DAY), status: 'ITEM_STATUS_OPEN' } }, buyerToken)).demandItem!;
    const { matches } = await unary(server.clients.market, 'FindMatches', { demandItemId: demand.id }, buyerToken);
    expect(matches).toHaveLength(1);
    return matches[0]!.id;
  };
  const day = (d: number): { startTime: ReturnType<typeof timestampFromMillis>; endTime: ReturnType<typeof timestampFromMillis> } => ({
    startTime: timestampFromMillis(today + d * DAY),
    endTime: timestampFromMillis(today + (d + 1) * DAY),
  });

  it('accepts for the buyer, refreshes the supplier\'s future capacity, emits events, and replays by request_id', async () => {
    const matchId = await proposed();
    const before = await server.store.lastEventSeq();
    const request = { matchId, quantity: { value: 400, unit: '' }, periods: [day(3), day(2)], requestId: 'req-1' };
    const accepted = await unary(server.clients.market, 'AcceptMatch', request, buyerToken);
    expect(accepted.match?.status).toBe('MATCH_STATUS_ACCEPTED');
    expect(accepted.commitment?.supplierEnterpriseId).toBe(supplier);
    expect(accepted.commitment?.capability?.id).toBe('forming.stamping');
    expect(accepted.commitment?.allocations.map((a) => a.startTime?.seconds)).toEqual([day(2).startTime.seconds, day(3).startTime.seconds]);
    expect(server.refreshCalls).toEqual([{ tenantId: t.tenantId, enterpriseId: supplier }]);
    const events = await server.store.readEvents({ tenantId: t.tenantId, after: before, limit: 100 });
    expect(events.map((e) => e.kind).sort()).toEqual(['commitment', 'demand_item', 'match']);
    expect(events.filter((e) => e.kind !== 'demand_item').every((e) => e.enterpriseId === supplier)).toBe(true);
    const demand = (await unary(server.clients.market, 'GetDemandItem', { demandItemId: accepted.match!.demandItemId }, buyerToken)).demandItem!;
    expect(demand.committedQuantity?.value).toBe(800);

    const again = await unary(server.clients.market, 'AcceptMatch', request, buyerToken);
    expect(again.commitment?.id).toBe(accepted.commitment?.id);
    expect(server.refreshCalls).toHaveLength(1);
    const noKey = await failureOf(unary(server.clients.market, 'AcceptMatch', { ...request, requestId: '' }, buyerToken));
    expect(noKey.code).toBe('FAILED_PRECONDITION');
  });

  it('refuses more than the measured available capacity of a period, naming it', async () => {
    const matchId = await proposed();
    const tooMuch = await failureOf(unary(server.clients.market, 'AcceptMatch', { matchId, quantity: { value: 1200, unit: '' }, periods: [day(5)] }, buyerToken));
    expect(tooMuch.code).toBe('INSUFFICIENT_CAPACITY');
    expect(tooMuch.message).toContain('1000');
    expect(tooMuch.message).toContain('1200');
    // Beyond the records: nothing measured.
    const beyond = await failureOf(unary(server.clients.market, 'AcceptMatch', { matchId, quantity: { value: 10, unit: '' }, periods: [day(30)] }, buyerToken));
    expect(beyond.code).toBe('INSUFFICIENT_CAPACITY');
    // Two days at 900 each fit.
    const ok = await unary(server.clients.market, 'AcceptMatch', { matchId, quantity: { value: 900, unit: '' }, periods: [day(6), day(7)] }, buyerToken);
    expect(ok.commitment?.allocations).toHaveLength(2);
  });

  it('validates quantity and periods by field, and who may accept or reject', async () => {
    const matchId = await proposed();
    const call = (req: object, token = buyerToken) => failureOf(unary(server.clients.market, 'AcceptMatch', { matchId, quantity: { value: 10, unit: '' }, periods: [day(1)], ...req }, token));
    expect((await call({ quantity: { value: 0, unit: '' } })).fields).toEqual(['quantity.value']);
    expect((await call({ quantity: { value: 5, unit: 'kg' } })).fields).toEqual(['quantity.unit']);
    expect((await call({ periods: [] })).fields).toEqual(['periods']);
    expect((await call({ periods: [day(1), { startTime: day(3).startTime, endTime: day(2).startTime }] })).fields).toEqual(['periods[1].end_time']);
    expect((await call({ periods: [day(1), { startTime: timestampFromMillis(today + 1.5 * DAY), endTime: day(3).startTime }] })).fields).toEqual(['periods[1].start_time']);
    expect((await call({}, supplierToken)).code).toBe('PERMISSION_DENIED');
    const demandId = (await server.store.getMatch(t.tenantId, matchId))!.demandItemId;
    expect((await failureOf(unary(server.clients.market, 'FindMatches', { demandItemId: demandId }, supplierToken))).code).toBe('PERMISSION_DENIED');
    const rejected = await unary(server.clients.market, 'RejectMatch', { matchId, reason: '交期不符' }, supplierToken);
    expect(rejected.match?.status).toBe('MATCH_STATUS_REJECTED');
    expect((await call({})).code).toBe('FAILED_PRECONDITION');
    expect((await failureOf(unary(server.clients.market, 'AcceptMatch', { matchId: 'mat_nope', quantity: { value: 1, unit: '' }, periods: [day(1)] }, buyerToken))).code).toBe('NOT_FOUND');
  });

  it('refuses a PROPOSED match past its expire_time', async () => {
    const matchId = await proposed();
    server.clock.advance(8 * DAY);
    try {
      const expired = await failureOf(unary(server.clients.market, 'AcceptMatch', { matchId, quantity: { value: 10, unit: '' }, periods: [day(9)] }, buyerToken));
      expect(expired.code).toBe('FAILED_PRECONDITION');
      expect(expired.message).toContain('expired');
    } finally {
      server.clock.advance(-8 * DAY);
    }
  });

  it('answers CONFLICT when the match is accepted concurrently, FAILED_PRECONDITION once it is known to be accepted', async () => {
    const matchId = await proposed();
    raced.add(matchId);
    const request = { matchId, quantity: { value: 100, unit: '' }, periods: [day(9)], requestId: 'loser' };
    expect((await failureOf(unary(server.clients.market, 'AcceptMatch', request, buyerToken))).code).toBe('CONFLICT');
    expect((await failureOf(unary(server.clients.market, 'AcceptMatch', { ...request, requestId: 'later' }, buyerToken))).code).toBe('FAILED_PRECONDITION');
    const match = await server.store.getMatch(t.tenantId, matchId);
    expect(match?.status).toBe('accepted');
  });
});
