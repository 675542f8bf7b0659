import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemandItem, SupplyItem } from '@rongtong/protocol';
import { timestampFromMillis } from '@rongtong/protocol';
import { failureOf, unary } from './support/grpc-call.js';
import { DAY, createEnterpriseId, createMarketTenant, dailyRecords, dayStart, enterpriseMarketToken, startMarketTestServer, type MarketTenant, type MarketTestServer } from './support/market-fixtures.js';

const demandOf = (overrides: Partial<DemandItem> = {}): DemandItem => ({
  category: 'component.casting.brake-disc',
  name: '制动盘铸件毛坯',
  spec: { material: 'HT250' },
  quantity: { value: 4000, unit: '' },
  dueTime: timestampFromMillis(Date.now() + 14 * DAY),
  regionCodes: ['50'],
  status: 'ITEM_STATUS_OPEN',
  ...overrides,
});

const supplyOf = (overrides: Partial<SupplyItem> = {}): SupplyItem => ({
  category: 'component.casting.brake-disc',
  mainProduct: '汽车制动盘',
  spec: { material: 'HT250' },
  declaredCapacity: { quantity: { value: 5000, unit: '' }, granularity: 'PERIOD_GRANULARITY_WEEK' },
  status: 'ITEM_STATUS_OPEN',
  ...overrides,
});

describe('MarketService items: create, update, get, list, permissions', () => {
  let server: MarketTestServer;
  let t: MarketTenant;
  let buyer: string;
  let supplier: string;
  let other: string;
  let buyerToken: string;
  let supplierToken: string;
  let readOnly: string;

  beforeAll(async () => {
    server = await startMarketTestServer();
    t = await createMarketTenant(server, 'cq-items');
    buyer = await createEnterpriseId(server, t.adminSecret, 1, { name: '重庆长安链主', sizeClass: 'SIZE_CLASS_LARGE' });
    supplier = await createEnterpriseId(server, t.adminSecret, 2);
    other = await createEnterpriseId(server, t.adminSecret, 3);
    buyerToken = await enterpriseMarketToken(server, t.tenantId, buyer);
    supplierToken = await enterpriseMarketToken(server, t.tenantId, supplier);
    readOnly = await enterpriseMarketToken(server, t.tenantId, other, ['market:read']);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates a demand item for the caller\'s enterprise and reads it back', async () => {
    const created = (await unary(server.clients.market, 'CreateDemandItem', { demandItem: demandOf({ externalId: 'D-1' }) }, buyerToken)).demandItem!;
    expect(created.id).toMatch(/^dem_/);
    expect(created.buyerEnterpriseId).toBe(buyer);
    expect(created.committedQuantity).toEqual({ value: 0, unit: '' });
    expect(created.etag).not.toBe('');
    const got = (await unary(server.clients.market, 'GetDemandItem', { demandItemId: created.id }, readOnly)).demandItem!;
    expect(got.name).toBe('制动盘铸件毛坯');
    expect(got.delivery).toBe('dueTime');
    const dup = await failureOf(unary(server.clients.market, 'CreateDemandItem', { demandItem: demandOf({ externalId: 'D-1' }) }, buyerToken));
    expect(dup.code).toBe('ALREADY_EXISTS');
  });

  it('rejects bad items naming the proto field, and writes for another enterprise', async () => {
    const bad = await failureOf(unary(server.clients.market, 'CreateDemandItem', { demandItem: demandOf({ quantity: { value: -1, unit: '' } }) }, buyerToken));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.fields).toContain('demand_item.quantity.value');
    const foreign = await failureOf(unary(server.clients.market, 'CreateDemandItem', { demandItem: demandOf({ buyerEnterpriseId: other }) }, buyerToken));
    expect(foreign.code).toBe('PERMISSION_DENIED');
    const noOwner = await failureOf(unary(server.clients.market, 'CreateSupplyItem', { supplyItem: supplyOf() }, t.marketSecret));
    expect(noOwner.fields).toEqual(['supply_item.supplier_enterprise_id']);
    const noScope = await failureOf(unary(server.clients.market, 'CreateSupplyItem', { supplyItem: supplyOf() }, readOnly));
    expect(noScope.code).toBe('PERMISSION_DENIED');
  });

  it('hides other enterprises\' drafts from restricted tokens and lists OPEN items plus own', async () => {
    const draft = (await unary(server.clients.market, 'CreateSupplyItem', { supplyItem: supplyOf({ status: 'ITEM_STATUS_DRAFT', mainProduct: '草稿' }) }, supplierToken)).supplyItem!;
    const open = (await unary(server.clients.market, 'CreateSupplyItem', { supplyItem: supplyOf({ mainProduct: '公开' }) }, supplierToken)).supplyItem!;
    expect((await failureOf(unary(server.clients.market, 'GetSupplyItem', { supplyItemId: draft.id }, buyerToken))).code).toBe('NOT_FOUND');
    expect((await unary(server.clients.market, 'GetSupplyItem', { supplyItemId: draft.id }, supplierToken)).supplyItem!.id).toBe(draft.id);
    const seenByBuyer = (await unary(server.clients.market, 'ListSupplyItems', { supplierEnterpriseId: supplier }, buyerToken)).supplyItems.map((s) => s.id);
    expect(seenByBuyer).toContain(open.id);
    expect(seenByBuyer).not.toContain(draft.id);
    const all = (await unary(server.clients.market, 'ListSupplyItems', {}, t.marketSecret)).supplyItems.map((s) => s.id);
    expect(all).toEqual(expect.arrayContaining([draft.id, open.id]));
    const drafts = (await unary(server.clients.market, 'ListSupplyItems', { status: 'ITEM_STATUS_DRAFT' }, supplierToken)).supplyItems.map((s) => s.id);
    expect(drafts).toEqual([draft.id]);
  });

  it('updates with update_mask and etag; unknown mask fields and stale etags fail', async () => {
    const created = (await unary(server.clients.market, 'CreateSupplyItem', { supplyItem: supplyOf({ externalId: 'S-9' }) }, supplierToken)).supplyItem!;
    const updated = (await unary(server.clients.market, 'UpdateSupplyItem',
      { supplyItem: { id: created.id, mainProduct: '改名', leadTime: { seconds: '86400' }, etag: created.etag }, updateMask: { paths: ['lead_time'] } }, supplierToken)).supplyItem!;
    expect(updated.leadTime?.seconds).toBe('86400');
    expect(updated.mainProduct).toBe('汽车制动盘');
    expect(updated.etag).not.toBe(created.etag);
    const stale = await failureOf(unary(server.clients.market, 'UpdateSupplyItem',
      { supplyItem: { id: created.id, description: 'x', etag: created.etag }, updateMask: { paths: ['description'] } }, supplierToken));
    expect(stale.code).toBe('CONFLICT');
    const unknown = await failureOf(unary(server.clients.market, 'UpdateSupplyItem',
      { supplyItem: { id: created.id }, updateMask: { paths: ['measured_capacity'] } }, supplierToken));
    expect(unknown.code).toBe('INVALID_ARGUMENT');
    expect(unknown.fields).toEqual(['update_mask.paths[0]']);
    const notMine = await failureOf(unary(server.clients.market, 'UpdateSupplyItem',
      { supplyItem: { id: created.id, description: 'x' }, updateMask: { paths: ['description'] } }, buyerToken));
    expect(notMine.code).toBe('PERMISSION_DENIED');
  });

  it('reports the measured capacity of a supply item from its supplier\'s records', async () => {
    const s = (await unary(server.clients.market, 'CreateSupplyItem', { supplyItem: supplyOf({ declaredCapacity: { quantity: { value: 900, unit: '' }, granularity: 'PERIOD_GRANULARITY_DAY' } }) }, supplierToken)).supplyItem!;
    expect(s.measuredCapacity).toBeNull();
    const today = dayStart(server.clock.now());
    const available = dailyRecords(t.tenantId, supplier, today, 5, 300);
    available[2]!.quantity.value = 120;
    available[3]!.confidence.value = 0.5;
    const total = dailyRecords(t.tenantId, supplier, today - 3 * DAY, 3, 1000, { type: 'total' });
    await server.store.putCapacityRecords([...available, ...total], []);
    const m = (await unary(server.clients.market, 'GetSupplyItem', { supplyItemId: s.id }, buyerToken)).supplyItem!.measuredCapacity!;
    expect(m.available?.quantity?.value).toBe(120);
    expect(m.available?.granularity).toBe('PERIOD_GRANULARITY_DAY');
    expect(m.total?.quantity?.value).toBe(1000);
    expect(m.confidence).toBe(0.5);
    expect(m.capacityRecordIds).toHaveLength(8);
  });

  it('expires PROPOSED matches when a matching field changes or the item closes', async () => {
    const d = (await unary(server.clients.market, 'CreateDemandItem', { demandItem: demandOf() }, buyerToken)).demandItem!;
    const found = (await unary(server.clients.market, 'FindMatches', { demandItemId: d.id }, buyerToken)).matches;
    expect(found.length).toBeGreaterThan(0);
    // A change outside matching keeps them.
    await unary(server.clients.market, 'UpdateDemandItem', { demandItem: { id: d.id, description: '说明' }, updateMask: { paths: ['description'] } }, buyerToken);
    const listed = async (): Promise<string[]> => (await unary(server.clients.market, 'ListMatches', { demandItemId: d.id }, buyerToken)).matches.map((m) => m.status);
    expect(new Set(await listed())).toEqual(new Set(['MATCH_STATUS_PROPOSED']));
    await unary(server.clients.market, 'UpdateDemandItem', { demandItem: { id: d.id, quantity: { value: 10, unit: '' } }, updateMask: { paths: ['quantity'] } }, buyerToken);
    expect(new Set(await listed())).toEqual(new Set(['MATCH_STATUS_EXPIRED']));
    await unary(server.clients.market, 'FindMatches', { demandItemId: d.id }, buyerToken);
    await unary(server.clients.market, 'UpdateDemandItem', { demandItem: { id: d.id, status: 'ITEM_STATUS_CLOSED' }, updateMask: { paths: ['status'] } }, buyerToken);
    expect((await listed()).includes('MATCH_STATUS_PROPOSED')).toBe(false);
    const closed = await failureOf(unary(server.clients.market, 'FindMatches', { demandItemId: d.id }, buyerToken));
    expect(closed.code).toBe('FAILED_PRECONDITION');
  });
});
