import { describe, expect, it } from 'vitest';
import type { KpiFilter, KpiRecord } from '@rongtong/platform';
import { DAY, HOUR, kpiRecord } from './capacity-fixtures.js';
import { T0, feedEvent } from './fixtures.js';
import { seedEnterprises } from './enrollment-contract.js';
import type { StoreHarness } from './harness.js';
import { allEvents, collectPages, plain } from './helpers.js';

const TA = 'tenant-a';
const kpiEvent = (enterpriseId: string, equipmentId = '') => feedEvent(TA, 'kpi', { enterpriseId, equipmentId, seed: 3 });
const ALL: KpiFilter = { tenantId: TA, enterpriseId: '', equipmentIds: [], productId: '' };

/** Identity of a KPI as text, for comparing listings. */
const idOf = (k: KpiRecord) => [k.enterpriseId, k.level, k.equipmentId ?? '', k.productId ?? '', k.granularity, k.startTime - T0].join('/');

/** KPIs: put by identity with events, every filter of KpiFilter, paging in the documented order. */
export function kpiContract(h: StoreHarness): void {
  describe('KPIs', () => {
    const list = async (filter: Partial<KpiFilter>, pageSize = 100) =>
      (await collectPages((p) => h.store.listKpis({ ...ALL, ...filter }, p), pageSize)).items.map(idOf);

    it('stores KPIs exactly with their events, replaces them by identity and keeps them in their tenant', async () => {
      await seedEnterprises(h.store);
      const lathe = kpiRecord(TA, 'ent-1', 'lathe-1', T0);
      const enterprise = kpiRecord(TA, 'ent-1', undefined, T0);
      const product = kpiRecord(TA, 'ent-1', 'lathe-1', T0, { productId: 'brake-disc-A', producedQuantity: 40 });
      const before = (await allEvents(h.store, TA)).length;
      await h.store.putKpis([lathe, enterprise, product], [kpiEvent('ent-1', 'lathe-1'), kpiEvent('ent-1')]);
      expect((await allEvents(h.store, TA)).slice(before).map((e) => [e.kind, e.equipmentId])).toEqual([
        ['kpi', 'lathe-1'],
        ['kpi', ''],
      ]);
      const stored = (await h.store.listKpis(ALL, { pageSize: 10, pageToken: '' })).items;
      expect(stored).toEqual([enterprise, lathe]);
      expect(stored[0]).not.toHaveProperty('equipmentId');
      expect(stored[0]).not.toHaveProperty('oee');
      expect((await h.store.listKpis({ ...ALL, productId: 'brake-disc-A' }, { pageSize: 10, pageToken: '' })).items).toEqual([product]);

      const recomputed = kpiRecord(TA, 'ent-1', 'lathe-1', T0, { goodQuantity: 90, scrapQuantity: 10, qualityRatio: 0.9, computeTime: T0 + DAY });
      await h.store.putKpis([recomputed], [kpiEvent('ent-1', 'lathe-1')]);
      expect((await h.store.listKpis({ ...ALL, level: 'equipment' }, { pageSize: 10, pageToken: '' })).items).toEqual([recomputed]);
      expect(await list({})).toHaveLength(2);

      await h.store.putKpis([kpiRecord('tenant-b', 'ent-9', 'lathe-1', T0)], []);
      expect(await list({})).toEqual(['ent-1/enterprise///hour/0', 'ent-1/equipment/lathe-1//hour/0']);
      expect(await list({ tenantId: 'tenant-b' })).toEqual(['ent-9/equipment/lathe-1//hour/0']);
      expect(await list({ tenantId: 'tenant-c' })).toEqual([]);
    });

    it('filters by enterprise, visible enterprises, level, equipment, granularity, product and overlap with [from, to)', async () => {
      await seedEnterprises(h.store);
      await h.store.putKpis(
        [
          kpiRecord(TA, 'ent-1', 'lathe-1', T0),
          kpiRecord(TA, 'ent-1', 'lathe-1', T0 + HOUR),
          kpiRecord(TA, 'ent-1', 'press-1', T0),
          kpiRecord(TA, 'ent-1', undefined, T0),
          kpiRecord(TA, 'ent-1', 'lathe-1', T0, { granularity: 'day', endTime: T0 + DAY }),
          kpiRecord(TA, 'ent-1', 'lathe-1', T0, { productId: 'p-1' }),
          kpiRecord(TA, 'ent-2', 'mill-1', T0),
        ],
        [],
      );
      expect(await list({ enterpriseId: 'ent-2' })).toEqual(['ent-2/equipment/mill-1//hour/0']);
      expect(await list({ enterpriseIds: ['ent-2', 'ent-404'] })).toEqual(['ent-2/equipment/mill-1//hour/0']);
      expect(await list({ enterpriseIds: [] })).toEqual([]);
      expect(await list({ enterpriseId: 'ent-1', enterpriseIds: ['ent-2'] })).toEqual([]);
      expect(await list({ level: 'enterprise' })).toEqual(['ent-1/enterprise///hour/0']);
      expect(await list({ equipmentIds: ['lathe-1', 'mill-1'], granularity: 'hour' })).toEqual([
        'ent-1/equipment/lathe-1//hour/0',
        'ent-2/equipment/mill-1//hour/0',
        `ent-1/equipment/lathe-1//hour/${HOUR}`,
      ]);
      expect(await list({ granularity: 'day' })).toEqual(['ent-1/equipment/lathe-1//day/0']);
      expect(await list({ productId: 'p-1' })).toEqual(['ent-1/equipment/lathe-1/p-1/hour/0']);
      expect(await list({ productId: 'p-404' })).toEqual([]);
      // Overlap with [from, to): the hour [T0+1h, T0+2h) and the day are in; periods ending at `from` are out.
      expect(await list({ equipmentIds: ['lathe-1'], from: T0 + HOUR, to: T0 + 2 * HOUR })).toEqual([
        'ent-1/equipment/lathe-1//day/0',
        `ent-1/equipment/lathe-1//hour/${HOUR}`,
      ]);
      expect(await list({ equipmentIds: ['lathe-1'], to: T0 + HOUR })).toEqual(['ent-1/equipment/lathe-1//day/0', 'ent-1/equipment/lathe-1//hour/0']);
      expect(await list({ equipmentIds: ['lathe-1'], from: T0 + 2 * HOUR })).toEqual(['ent-1/equipment/lathe-1//day/0']);
      expect(await list({ from: T0 + DAY })).toEqual([]);
    });

    it('lists every KPI exactly once over pages, by start, enterprise, level, equipment, product and granularity', async () => {
      await seedEnterprises(h.store);
      const kpis: KpiRecord[] = [];
      for (const hour of [3, 0, 2, 1]) {
        for (const [enterpriseId, equipmentId] of [['ent-2', 'a-1'], ['ent-1', 'b-2'], ['ent-1', 'b-1'], ['ent-1', undefined]] as const) {
          kpis.push(kpiRecord(TA, enterpriseId, equipmentId, T0 + hour * HOUR));
        }
      }
      await h.store.putKpis(kpis, []);
      const { items, pageSizes } = await collectPages((p) => h.store.listKpis(ALL, p), 5);
      expect(pageSizes).toEqual([5, 5, 5, 1]);
      const expected = [...kpis].sort(
        (a, b) => a.startTime - b.startTime || a.enterpriseId.localeCompare(b.enterpriseId) || a.level.localeCompare(b.level) || (a.equipmentId ?? '').localeCompare(b.equipmentId ?? ''),
      );
      expect(plain(items)).toEqual(expected);
      expect(items.slice(0, 4).map(idOf)).toEqual(['ent-1/enterprise///hour/0', 'ent-1/equipment/b-1//hour/0', 'ent-1/equipment/b-2//hour/0', 'ent-2/equipment/a-1//hour/0']);
    });
  });
}
