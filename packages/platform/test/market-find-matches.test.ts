import { MATCH_FACTORS } from '@rongtong/core';
import { timestampFromMillis } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, unary } from './support/grpc-call.js';
import { DAY, createEnterpriseId, createMarketTenant, dailyRecords, dayStart, startMarketTestServer, type MarketTenant, type MarketTestServer } from './support/market-fixtures.js';
import { generateMarket, type GeneratedMarket } from './support/market-generator.js';

describe('MarketService FindMatches over a generated market (50 demand × 200 supply)', () => {
  let server: MarketTestServer;
  let t: MarketTenant;
  let market: GeneratedMarket;

  beforeAll(async () => {
    server = await startMarketTestServer();
    t = await createMarketTenant(server, 'cq-match');
    market = await generateMarket(server, t.tenantId, t.adminSecret);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('ranks a supplier whose measured available capacity covers the demand above one with high declared but low measured capacity', async () => {
    const now = server.clock.now();
    const covering = await createEnterpriseId(server, t.adminSecret, 901, { name: '重庆实测充足机械有限公司' });
    const inflated = await createEnterpriseId(server, t.adminSecret, 902, { name: '重庆申报虚高机械有限公司' });
    const supply = async (supplier: string, perWeek: number): Promise<string> =>
      (await unary(server.clients.market, 'CreateSupplyItem', { supplyItem: {
        supplierEnterpriseId: supplier, category: 'component.forging.flange', mainProduct: '锻造法兰', spec: { material: '42CrMo' },
        declaredCapacity: { quantity: { value: perWeek, unit: '' }, granularity: 'PERIOD_GRANULARITY_WEEK' }, leadTime: { seconds: String(3 * 86400) },
        status: 'ITEM_STATUS_OPEN' } }, t.marketSecret)).supplyItem!.id;
    const good = await supply(covering, 3000);
    const high = await supply(inflated, 50_000);
    await server.store.putCapacityRecords([
      ...dailyRecords(t.tenantId, covering, dayStart(now), 30, 600),
      ...dailyRecords(t.tenantId, inflated, dayStart(now), 30, 50),
    ], []);
    const demand = (await unary(server.clients.market, 'CreateDemandItem', { demandItem: {
      buyerEnterpriseId: market.buyers[0], category: 'component.forging', name: '法兰锻件', spec: { material: '42CrMo' },
      quantity: { value: 4000, unit: '' }, dueTime: timestampFromMillis(now + 14 * DAY), regionCodes: ['50'], status: 'ITEM_STATUS_OPEN' } }, t.marketSecret)).demandItem!;
    const { matches } = await unary(server.clients.market, 'FindMatches', { demandItemId: demand.id }, t.marketSecret);
    expect(matches.map((m) => m.supplyItemId)).toEqual([good, high]);
    expect(matches.map((m) => m.rank)).toEqual([1, 2]);
    expect(matches[0]!.score).toBeGreaterThan(matches[1]!.score);
    const capacity = (i: number): number => matches[i]!.factors.find((f) => f.factor === 'measured_capacity')!.value;
    expect(capacity(0)).toBe(1);
    expect(capacity(1)).toBeLessThan(0.5);
    expect(matches[1]!.explanation).toMatch(/[\u4e00-\u9fff]/);
    for (const m of matches) expect(m.factors.map((f) => f.factor).sort()).toEqual([...MATCH_FACTORS].sort());
  });

  it('returns valid ranked matches for every demand, stores them PROPOSED, and failing candidates only on request', async () => {
    let withMatches = 0;
    for (const demandItemId of market.demandIds) {
      const { matches } = await unary(server.clients.market, 'FindMatches', { demandItemId, limit: 100, includeFailed: true }, t.marketSecret);
      const valid = matches.filter((m) => m.failedConstraints.length === 0);
      const failed = matches.slice(valid.length);
      expect(failed.every((m) => m.failedConstraints.length > 0 && m.score === 0 && m.id === '' && m.rank === 0)).toBe(true);
      expect(valid.map((m) => m.rank)).toEqual(valid.map((_, i) => i + 1));
      for (let i = 1; i < valid.length; i += 1) expect(valid[i]!.score).toBeLessThanOrEqual(valid[i - 1]!.score);
      for (const m of matches) {
        expect(m.factors.map((f) => f.factor).sort()).toEqual([...MATCH_FACTORS].sort());
        expect(m.factors.reduce((s, f) => s + f.weight, 0)).toBeCloseTo(1, 9);
      }
      expect(valid.every((m) => m.status === 'MATCH_STATUS_PROPOSED' && m.expireTime !== null)).toBe(true);
      const stored = await unary(server.clients.market, 'ListMatches', { demandItemId, status: 'MATCH_STATUS_PROPOSED', pageSize: 1000 }, t.marketSecret);
      expect(stored.matches.map((m) => m.id).sort()).toEqual(valid.map((m) => m.id).sort());
      if (valid.length > 0) withMatches += 1;
    }
    expect(withMatches).toBeGreaterThan(market.demandIds.length / 2);
    const limited = await unary(server.clients.market, 'FindMatches', { demandItemId: market.demandIds[0] }, t.marketSecret);
    expect(limited.matches.length).toBeLessThanOrEqual(10);
    expect(limited.matches.every((m) => m.failedConstraints.length === 0)).toBe(true);
  }, 120_000);

  const findFor = async (demandItemId: string) => (await unary(server.clients.market, 'FindMatches', { demandItemId }, t.marketSecret)).matches;

  it('does not propose a rejected pair again until an item changes', async () => {
    let demandItemId = '';
    let first: Awaited<ReturnType<typeof findFor>> = [];
    for (const id of market.demandIds) {
      first = await findFor(id);
      demandItemId = id;
      if (first.length > 1) break;
    }
    const target = first[0];
    expect(target).toBeDefined();
    await unary(server.clients.market, 'RejectMatch', { matchId: target!.id, reason: '价格不合适' }, t.marketSecret);
    const again = (await unary(server.clients.market, 'FindMatches', { demandItemId }, t.marketSecret)).matches;
    expect(again.map((m) => m.supplyItemId)).not.toContain(target!.supplyItemId);
    const rejectedTwice = await failureOf(unary(server.clients.market, 'RejectMatch', { matchId: target!.id }, t.marketSecret));
    expect(rejectedTwice.code).toBe('FAILED_PRECONDITION');
    server.clock.advance(1000);
    await unary(server.clients.market, 'UpdateSupplyItem', { supplyItem: { id: target!.supplyItemId, description: '更新' }, updateMask: { paths: ['description'] } }, t.marketSecret);
    const afterChange = (await unary(server.clients.market, 'FindMatches', { demandItemId, limit: 100 }, t.marketSecret)).matches;
    expect(afterChange.map((m) => m.supplyItemId)).toContain(target!.supplyItemId);
  });

  it('validates limit and the demand item', async () => {
    expect((await failureOf(unary(server.clients.market, 'FindMatches', { demandItemId: market.demandIds[0], limit: -1 }, t.marketSecret))).fields).toEqual(['limit']);
    expect((await failureOf(unary(server.clients.market, 'FindMatches', { demandItemId: 'dem_nope' }, t.marketSecret))).code).toBe('NOT_FOUND');
  });
});
