import { describe, expect, it } from 'vitest';
import type { CapacityRecordFilter, CapacityRecordRow } from '@rongtong/platform';
import { DAY, capacityRecordRow } from './capacity-fixtures.js';
import { T0, feedEvent } from './fixtures.js';
import { seedEnterprises } from './enrollment-contract.js';
import type { StoreHarness } from './harness.js';
import { allEvents, collectPages, expectRongtongError, plain } from './helpers.js';

const TA = 'tenant-a';
const ALL: CapacityRecordFilter = { tenantId: TA, enterpriseId: '', equipmentIds: [], capabilityIds: [], types: [], minimumConfidence: 0 };
const capacityEvent = (enterpriseId: string) => feedEvent(TA, 'capacity_record', { enterpriseId, seed: 5 });

/** Capacity records: put with supersession and events, get by id (superseded too), every filter, paging. */
export function capacityContract(h: StoreHarness): void {
  describe('capacity records', () => {
    const ids = async (filter: Partial<CapacityRecordFilter>, pageSize = 100) =>
      (await collectPages((p) => h.store.listCapacityRecords({ ...ALL, ...filter }, p), pageSize)).items.map((r) => r.id);

    it('stores records exactly with their events and reads them by id only in their tenant', async () => {
      await seedEnterprises(h.store);
      const lathe = capacityRecordRow(TA, 'ent-1', 'cap-1', 'lathe-1', T0);
      const overall = capacityRecordRow(TA, 'ent-1', 'cap-2', undefined, T0, { capability: undefined, agentId: 'agt-1', type: 'committed', evidence: [] });
      const before = (await allEvents(h.store, TA)).length;
      expect(plain(await h.store.putCapacityRecords([lathe, overall], [capacityEvent('ent-1'), capacityEvent('ent-1')]))).toEqual([lathe, overall]);
      expect((await allEvents(h.store, TA)).slice(before).map((e) => e.kind)).toEqual(['capacity_record', 'capacity_record']);
      expect(plain(await h.store.getCapacityRecord(TA, 'cap-1'))).toEqual(lathe);
      const stored = await h.store.getCapacityRecord(TA, 'cap-2');
      expect(plain(stored)).toEqual(overall);
      expect(stored).not.toHaveProperty('capability');
      expect((await h.store.getCapacityRecord(TA, 'cap-1'))?.evidence[0]?.lastSeq).toBe(2n ** 64n - 1n);
      expect(await h.store.getCapacityRecord('tenant-b', 'cap-1')).toBeUndefined();
      expect(await h.store.getCapacityRecord(TA, 'cap-404')).toBeUndefined();
      expect(await ids({ tenantId: 'tenant-b' })).toEqual([]);
    });

    it('supersedes the current record of the same identity: the old one stays readable by id, only the new one is listed', async () => {
      await seedEnterprises(h.store);
      await h.store.putCapacityRecords([capacityRecordRow(TA, 'ent-1', 'cap-1', 'lathe-1', T0), capacityRecordRow(TA, 'ent-1', 'cap-u', 'lathe-1', T0, { type: 'used' })], []);
      const newer = capacityRecordRow(TA, 'ent-1', 'cap-2', 'lathe-1', T0, { quantity: { value: 5000, unit: '' }, computeTime: T0 + 3 * DAY });
      expect(plain(await h.store.putCapacityRecords([newer], [capacityEvent('ent-1')]))).toEqual([newer]);
      expect((await h.store.getCapacityRecord(TA, 'cap-1'))?.supersededBy).toBe('cap-2');
      expect((await h.store.getCapacityRecord(TA, 'cap-1'))?.quantity.value).toBe(4800.5);
      expect(plain(await h.store.getCapacityRecord(TA, 'cap-2'))).toEqual(newer);
      expect((await ids({})).sort()).toEqual(['cap-2', 'cap-u']);
      // A third version supersedes the second; the first keeps pointing at the second.
      await h.store.putCapacityRecords([capacityRecordRow(TA, 'ent-1', 'cap-3', 'lathe-1', T0)], []);
      expect((await h.store.getCapacityRecord(TA, 'cap-1'))?.supersededBy).toBe('cap-2');
      expect((await h.store.getCapacityRecord(TA, 'cap-2'))?.supersededBy).toBe('cap-3');
      expect((await ids({})).sort()).toEqual(['cap-3', 'cap-u']);
      // Another tenant's record of the same identity is not touched.
      await h.store.putCapacityRecords([capacityRecordRow('tenant-b', 'ent-1', 'cap-b', 'lathe-1', T0)], []);
      expect((await h.store.getCapacityRecord(TA, 'cap-3'))?.supersededBy).toBe('');
    });

    it('writes nothing of a call that fails: no record, no supersession, no event (a taken id is ALREADY_EXISTS)', async () => {
      await seedEnterprises(h.store);
      await h.store.putCapacityRecords([capacityRecordRow(TA, 'ent-1', 'cap-1', 'lathe-1', T0)], []);
      const events = (await allEvents(h.store, TA)).length;
      await expectRongtongError(
        h.store.putCapacityRecords(
          [capacityRecordRow(TA, 'ent-1', 'cap-2', 'lathe-1', T0), capacityRecordRow(TA, 'ent-1', 'cap-1', 'press-1', T0)],
          [capacityEvent('ent-1'), capacityEvent('ent-1')],
        ),
        'ALREADY_EXISTS',
      );
      expect((await h.store.getCapacityRecord(TA, 'cap-1'))?.supersededBy).toBe('');
      expect(await h.store.getCapacityRecord(TA, 'cap-2')).toBeUndefined();
      expect(await ids({})).toEqual(['cap-1']);
      expect(await allEvents(h.store, TA)).toHaveLength(events);
    });

    it('filters by enterprise, visible enterprises, level, equipment, capability, granularity, type, confidence and [from, to)', async () => {
      await seedEnterprises(h.store);
      const low = { value: 0.5, signalCoverage: 0.5, counterContinuity: 1, plausibility: 1 };
      await h.store.putCapacityRecords(
        [
          capacityRecordRow(TA, 'ent-1', 'eq-lathe', 'lathe-1', T0),
          capacityRecordRow(TA, 'ent-1', 'eq-lathe-d2', 'lathe-1', T0 + DAY),
          capacityRecordRow(TA, 'ent-1', 'eq-press', 'press-1', T0, { capability: { kind: 'process_segment', id: 'forming.pressing' }, confidence: low }),
          capacityRecordRow(TA, 'ent-1', 'ent-total', undefined, T0),
          capacityRecordRow(TA, 'ent-1', 'line', undefined, T0, { scope: { level: 'line', enterpriseId: 'ent-1', id: 'lathe-1', path: [{ level: 'line', id: 'lathe-1' }] } }),
          capacityRecordRow(TA, 'ent-1', 'eq-avail', 'lathe-1', T0, { type: 'available' }),
          capacityRecordRow(TA, 'ent-1', 'eq-week', 'lathe-1', T0, { granularity: 'week', endTime: T0 + 7 * DAY }),
          capacityRecordRow(TA, 'ent-2', 'other', 'mill-1', T0),
        ],
        [],
      );
      const sorted = async (filter: Partial<CapacityRecordFilter>) => (await ids(filter)).sort();
      expect(await sorted({ enterpriseId: 'ent-2' })).toEqual(['other']);
      expect(await sorted({ enterpriseIds: ['ent-2'] })).toEqual(['other']);
      expect(await sorted({ enterpriseIds: [] })).toEqual([]);
      expect(await sorted({ level: 'enterprise' })).toEqual(['ent-total']);
      expect(await sorted({ level: 'line' })).toEqual(['line']);
      expect(await sorted({ equipmentIds: ['lathe-1'] })).toEqual(['eq-avail', 'eq-lathe', 'eq-lathe-d2', 'eq-week']);
      expect(await sorted({ equipmentIds: ['press-1', 'mill-1'] })).toEqual(['eq-press', 'other']);
      expect(await sorted({ capabilityIds: ['forming.pressing'] })).toEqual(['eq-press']);
      expect(await sorted({ capabilityIds: ['machining.turning'], enterpriseId: 'ent-1', level: 'equipment', types: ['total'], granularity: 'day' })).toEqual([
        'eq-lathe',
        'eq-lathe-d2',
      ]);
      expect(await sorted({ granularity: 'week' })).toEqual(['eq-week']);
      expect(await sorted({ types: ['available', 'used'] })).toEqual(['eq-avail']);
      expect(await sorted({ minimumConfidence: 0.6, enterpriseId: 'ent-1', level: 'equipment' })).toEqual(['eq-avail', 'eq-lathe', 'eq-lathe-d2', 'eq-week']);
      expect(await sorted({ minimumConfidence: 0.5, equipmentIds: ['press-1'] })).toEqual(['eq-press']);
      expect(await sorted({ minimumConfidence: 0.9 })).toEqual([]);
      expect(await sorted({ from: T0 + DAY, to: T0 + 2 * DAY })).toEqual(['eq-lathe-d2', 'eq-week']);
      expect(await sorted({ equipmentIds: ['lathe-1'], to: T0 + DAY })).toEqual(['eq-avail', 'eq-lathe', 'eq-week']);
      expect(await sorted({ from: T0 + 7 * DAY })).toEqual([]);
    });

    it('lists current records exactly once over pages, by start, then scope, capability and type', async () => {
      await seedEnterprises(h.store);
      const records: CapacityRecordRow[] = [];
      for (const day of [2, 0, 1]) {
        for (const [equipmentId, type] of [['b-1', 'used'], ['a-1', 'total'], ['a-1', 'available'], [undefined, 'total']] as const) {
          records.push(capacityRecordRow(TA, 'ent-1', `cap-${day}-${equipmentId ?? 'ent'}-${type}`, equipmentId, T0 + day * DAY, { type }));
        }
      }
      await h.store.putCapacityRecords(records, []);
      const { items, pageSizes } = await collectPages((p) => h.store.listCapacityRecords(ALL, p), 5);
      expect(pageSizes).toEqual([5, 5, 2]);
      expect(new Set(items.map((r) => r.id)).size).toBe(12);
      expect(items.map((r) => r.startTime)).toEqual([...records.map((r) => r.startTime)].sort((a, b) => a - b));
      // Within a period: the enterprise scope before equipment scopes; one scope's types together.
      expect(items.slice(0, 4).map((r) => r.id)).toEqual(['cap-0-ent-total', 'cap-0-a-1-available', 'cap-0-a-1-total', 'cap-0-b-1-used']);
      expect(plain(items.find((r) => r.id === 'cap-1-a-1-total'))).toEqual(records.find((r) => r.id === 'cap-1-a-1-total'));
    });
  });
}
