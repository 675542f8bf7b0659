import { describe, expect, it } from 'vitest';
import type { DemandItemRecord, FeedEventKind, ItemFilter, NewFeedEvent, Page, PageRequest, Store, SupplyItemRecord } from '@rongtong/platform';
import { T0, feedEvent } from './fixtures.js';
import { seedEnterprises } from './enrollment-contract.js';
import type { StoreHarness } from './harness.js';
import { allEvents, collectPages, expectRongtongError, plain } from './helpers.js';
import { demandItemRecord, supplyItemRecord } from './market-fixtures.js';

const TA = 'tenant-a';

/** The item methods of one kind (demand or supply), so both kinds run the same checks. */
interface ItemApi<T extends DemandItemRecord | SupplyItemRecord> {
  name: string;
  eventKind: FeedEventKind;
  make(tenantId: string, ownerEnterpriseId: string, id: string, overrides?: Partial<T>): T;
  create(store: Store, item: T, event: NewFeedEvent): Promise<T>;
  save(store: Store, items: T[], events: NewFeedEvent[], expectedEtags?: readonly string[]): Promise<T[]>;
  get(store: Store, tenantId: string, id: string): Promise<T | undefined>;
  find(store: Store, tenantId: string, ownerEnterpriseId: string, externalId: string): Promise<T | undefined>;
  list(store: Store, filter: ItemFilter, page: PageRequest): Promise<Page<T>>;
}

const DEMAND: ItemApi<DemandItemRecord> = {
  name: 'demand items',
  eventKind: 'demand_item',
  make: demandItemRecord,
  create: (s, item, event) => s.createDemandItem(item, event),
  save: (s, items, events, etags) => s.saveDemandItems(items, events, etags),
  get: (s, t, id) => s.getDemandItem(t, id),
  find: (s, t, owner, externalId) => s.findDemandItemByExternalId(t, owner, externalId),
  list: (s, filter, page) => s.listDemandItems(filter, page),
};

const SUPPLY: ItemApi<SupplyItemRecord> = {
  name: 'supply items',
  eventKind: 'supply_item',
  make: supplyItemRecord,
  create: (s, item, event) => s.createSupplyItem(item, event),
  save: (s, items, events, etags) => s.saveSupplyItems(items, events, etags),
  get: (s, t, id) => s.getSupplyItem(t, id),
  find: (s, t, owner, externalId) => s.findSupplyItemByExternalId(t, owner, externalId),
  list: (s, filter, page) => s.listSupplyItems(filter, page),
};

function itemContractOf<T extends DemandItemRecord | SupplyItemRecord>(h: StoreHarness, api: ItemApi<T>): void {
  const event = (enterpriseId: string, seed = 0) => feedEvent(TA, api.eventKind, { enterpriseId, seed });
  const ALL: ItemFilter = { tenantId: TA, enterpriseId: '', category: '' };
  const ids = async (filter: Partial<ItemFilter>, pageSize = 100) =>
    (await collectPages((p) => api.list(h.store, { ...ALL, ...filter }, p), pageSize)).items.map((i) => i.id);
  const itemEvents = async () => (await allEvents(h.store, TA)).filter((e) => e.kind === api.eventKind);

  describe(api.name, () => {
    it('creates an item exactly with its event, readable by id and external id only in its tenant and for its owner', async () => {
      await seedEnterprises(h.store);
      const item = api.make(TA, 'ent-1', 'item-1');
      const bare = api.make(TA, 'ent-1', 'item-2', { externalId: undefined, description: undefined } as Partial<T>);
      expect(await api.create(h.store, item, event('ent-1'))).toEqual(item);
      expect(await api.create(h.store, bare, event('ent-1'))).toEqual(bare);
      expect((await itemEvents()).map((e) => e.enterpriseId)).toEqual(['ent-1', 'ent-1']);
      expect(await api.get(h.store, TA, 'item-1')).toEqual(item);
      const stored = await api.get(h.store, TA, 'item-2');
      expect(stored).toEqual(bare);
      expect(stored).not.toHaveProperty('externalId');
      expect(await api.get(h.store, 'tenant-b', 'item-1')).toBeUndefined();
      expect(await api.find(h.store, TA, 'ent-1', item.externalId!)).toEqual(item);
      expect(await api.find(h.store, TA, 'ent-2', item.externalId!)).toBeUndefined();
      expect(await api.find(h.store, 'tenant-b', 'ent-1', item.externalId!)).toBeUndefined();
      expect(await api.find(h.store, TA, 'ent-1', 'nope')).toBeUndefined();
    });

    it('refuses an external id the owner already uses (ALREADY_EXISTS, nothing written); another owner may reuse it', async () => {
      await seedEnterprises(h.store);
      await api.create(h.store, api.make(TA, 'ent-1', 'item-1', { externalId: 'X-1' } as Partial<T>), event('ent-1'));
      await expectRongtongError(api.create(h.store, api.make(TA, 'ent-1', 'item-2', { externalId: 'X-1' } as Partial<T>), event('ent-1')), 'ALREADY_EXISTS');
      await expectRongtongError(api.create(h.store, api.make(TA, 'ent-1', 'item-1', { externalId: 'X-9' } as Partial<T>), event('ent-1')), 'ALREADY_EXISTS');
      expect(await api.get(h.store, TA, 'item-2')).toBeUndefined();
      expect(await itemEvents()).toHaveLength(1);
      const other = api.make(TA, 'ent-2', 'item-3', { externalId: 'X-1' } as Partial<T>);
      expect(await api.create(h.store, other, event('ent-2'))).toEqual(other);
      expect(await api.find(h.store, TA, 'ent-2', 'X-1')).toEqual(other);
      expect((await api.find(h.store, TA, 'ent-1', 'X-1'))?.id).toBe('item-1');
    });

    it('saves items all or nothing: creates and replaces, checks etags (CONFLICT) and external ids (ALREADY_EXISTS)', async () => {
      await seedEnterprises(h.store);
      const one = api.make(TA, 'ent-1', 'item-1');
      await api.create(h.store, one, event('ent-1'));
      const changed = api.make(TA, 'ent-1', 'item-1', { status: 'closed', updateTime: T0 + 5, etag: 'item-1-v2' } as Partial<T>);
      const fresh = api.make(TA, 'ent-1', 'item-2');
      expect(await api.save(h.store, [changed, fresh], [event('ent-1', 1), event('ent-1', 2)], ['item-1-v1'])).toEqual([changed, fresh]);
      expect(await api.get(h.store, TA, 'item-1')).toEqual(changed);
      expect(await api.get(h.store, TA, 'item-2')).toEqual(fresh);
      expect(await itemEvents()).toHaveLength(3);

      const stale = api.make(TA, 'ent-1', 'item-1', { etag: 'item-1-v3' } as Partial<T>);
      const third = api.make(TA, 'ent-1', 'item-3');
      await expectRongtongError(api.save(h.store, [third, stale], [event('ent-1')], ['', 'item-1-v1']), 'CONFLICT');
      await expectRongtongError(api.save(h.store, [api.make(TA, 'ent-1', 'item-404')], [event('ent-1')], ['item-404-v1']), 'CONFLICT');
      const taken = api.make(TA, 'ent-1', 'item-4', { externalId: fresh.externalId } as Partial<T>);
      await expectRongtongError(api.save(h.store, [third, taken], [event('ent-1')]), 'ALREADY_EXISTS');
      expect(await api.get(h.store, TA, 'item-1')).toEqual(changed);
      expect(await api.get(h.store, TA, 'item-3')).toBeUndefined();
      expect(await api.get(h.store, TA, 'item-4')).toBeUndefined();
      expect(await itemEvents()).toHaveLength(3);
      // '' and absent etags skip the check.
      expect(await api.save(h.store, [stale, third], [], [''])).toEqual([stale, third]);
      expect((await api.get(h.store, TA, 'item-1'))?.etag).toBe('item-1-v3');
    });

    it('lists newest first (create time, then id, descending), exactly once over pages, only in its tenant', async () => {
      await seedEnterprises(h.store);
      const made = ['i-3', 'i-1', 'i-2', 'i-5', 'i-4', 'i-6', 'i-7'].map((id, n) =>
        api.make(TA, n % 2 === 0 ? 'ent-1' : 'ent-2', id, { createTime: T0 + (n % 3) * 1000 } as Partial<T>),
      );
      await api.save(h.store, made, []);
      await api.create(h.store, api.make('tenant-b', 'ent-9', 'b-1'), feedEvent('tenant-b', api.eventKind));
      const { items, pageSizes } = await collectPages((p) => api.list(h.store, ALL, p), 3);
      expect(pageSizes).toEqual([3, 3, 1]);
      expect(items.map((i) => i.id)).toEqual(['i-6', 'i-2', 'i-4', 'i-1', 'i-7', 'i-5', 'i-3']);
      expect(items.find((i) => i.id === 'i-4')).toEqual(made.find((i) => i.id === 'i-4'));
      expect(await ids({ enterpriseId: 'ent-2' }, 2)).toEqual(['i-6', 'i-1', 'i-5']);
      expect(await ids({ tenantId: 'tenant-b' })).toEqual(['b-1']);
    });

    it('filters by category (the code or below it), status, visibility to an enterprise', async () => {
      await seedEnterprises(h.store);
      await api.save(
        h.store,
        [
          api.make(TA, 'ent-1', 'exact', { category: 'a.b' } as Partial<T>),
          api.make(TA, 'ent-1', 'below', { category: 'a.b.c', createTime: T0 + 1 } as Partial<T>),
          api.make(TA, 'ent-2', 'sibling', { category: 'a.bc', createTime: T0 + 2 } as Partial<T>),
          api.make(TA, 'ent-2', 'draft', { category: 'a.b.d', status: 'draft', createTime: T0 + 3 } as Partial<T>),
          api.make(TA, 'ent-1', 'closed', { category: 'x', status: 'closed', createTime: T0 + 4 } as Partial<T>),
        ],
        [],
      );
      expect(await ids({ category: 'a.b' })).toEqual(['draft', 'below', 'exact']);
      expect(await ids({ category: 'a' })).toEqual(['draft', 'sibling', 'below', 'exact']);
      expect(await ids({ category: 'a.b.c' })).toEqual(['below']);
      expect(await ids({ category: 'a.b.' })).toEqual([]);
      expect(await ids({ status: 'open' })).toEqual(['sibling', 'below', 'exact']);
      expect(await ids({ status: 'draft', category: 'a.b' })).toEqual(['draft']);
      // An enterprise sees OPEN items of everyone and its own in any status.
      expect(await ids({ visibleTo: 'ent-1' })).toEqual(['closed', 'sibling', 'below', 'exact']);
      expect(await ids({ visibleTo: 'ent-2' })).toEqual(['draft', 'sibling', 'below', 'exact']);
      expect(await ids({ visibleTo: 'ent-404', status: 'draft' })).toEqual([]);
      expect(await ids({ visibleTo: 'ent-2', enterpriseId: 'ent-1' })).toEqual(['below', 'exact']);
    });
  });
}

/** Demand and supply items: create and save with events, external ids, etags, listing and filters. */
export function marketItemContract(h: StoreHarness): void {
  itemContractOf(h, DEMAND);
  itemContractOf(h, SUPPLY);
  describe('supply items by region', () => {
    it('filters supply items by region code prefix', async () => {
      await seedEnterprises(h.store);
      await h.store.saveSupplyItems(
        [
          supplyItemRecord(TA, 'ent-1', 'cq', { regionCode: '500112' }),
          supplyItemRecord(TA, 'ent-1', 'cq2', { regionCode: '500103', createTime: T0 + 1 }),
          supplyItemRecord(TA, 'ent-2', 'sc', { regionCode: '510104', createTime: T0 + 2 }),
          supplyItemRecord(TA, 'ent-2', 'none', { regionCode: undefined, createTime: T0 + 3 }),
        ],
        [],
      );
      const ids = async (regionCodePrefix: string | undefined) =>
        (await h.store.listSupplyItems({ tenantId: TA, enterpriseId: '', category: '', regionCodePrefix }, { pageSize: 10, pageToken: '' })).items.map((i) => i.id);
      expect(await ids('50')).toEqual(['cq2', 'cq']);
      expect(await ids('500112')).toEqual(['cq']);
      expect(await ids('51')).toEqual(['sc']);
      expect(await ids('')).toEqual(['none', 'sc', 'cq2', 'cq']);
      expect(await ids(undefined)).toEqual(['none', 'sc', 'cq2', 'cq']);
      expect(plain(await h.store.getSupplyItem(TA, 'none'))).not.toHaveProperty('regionCode');
    });
  });
}
