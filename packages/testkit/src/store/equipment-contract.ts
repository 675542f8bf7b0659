import { describe, expect, it } from 'vitest';
import { equipmentRecord, feedEvent } from './fixtures.js';
import { seedEnterprises } from './enrollment-contract.js';
import type { StoreHarness } from './harness.js';
import { allEvents, collectPages, expectRongtongError, sortedIds } from './helpers.js';

const declared = (tenantId: string, enterpriseId: string, equipmentId: string, seed = 0) =>
  feedEvent(tenantId, 'equipment_declared', { enterpriseId, equipmentId, seed });

/** Equipment: upsert with events in one transaction, tenancy, ownership, listing. */
export function equipmentContract(h: StoreHarness): void {
  describe('equipment', () => {
    it('creates equipment with its events and reads the whole declaration back only in its tenant', async () => {
      await seedEnterprises(h.store);
      const lathe = equipmentRecord('tenant-a', 'ent-1', 'lathe-1');
      const press = equipmentRecord('tenant-a', 'ent-1', 'press-1', { name: '冲床', signals: [], capabilities: [], path: [] });
      const stored = await h.store.upsertEquipment([lathe, press], [declared('tenant-a', 'ent-1', 'lathe-1', 1), declared('tenant-a', 'ent-1', 'press-1', 2)]);
      expect(stored).toEqual([lathe, press]);
      expect(await h.store.getEquipment('tenant-a', 'lathe-1')).toEqual(lathe);
      expect(await h.store.getEquipment('tenant-a', 'press-1')).toEqual(press);
      expect(await h.store.getEquipment('tenant-b', 'lathe-1')).toBeUndefined();
      expect(await h.store.getEquipment('tenant-a', 'lathe-2')).toBeUndefined();
      const events = (await allEvents(h.store, 'tenant-a')).filter((e) => e.kind === 'equipment_declared');
      expect(events.map((e) => e.equipmentId)).toEqual(['lathe-1', 'press-1']);
      expect(events[0]!.seq < events[1]!.seq).toBe(true);
    });

    it('replaces equipment declared again under the same id', async () => {
      await seedEnterprises(h.store);
      await h.store.upsertEquipment([equipmentRecord('tenant-a', 'ent-1', 'lathe-1')], [declared('tenant-a', 'ent-1', 'lathe-1')]);
      const again = equipmentRecord('tenant-a', 'ent-1', 'lathe-1', { name: 'renamed', agentId: 'agt-2', signals: [], updateTime: 1_900_000_000_000 });
      expect(await h.store.upsertEquipment([again], [declared('tenant-a', 'ent-1', 'lathe-1', 1)])).toEqual([again]);
      expect(await h.store.getEquipment('tenant-a', 'lathe-1')).toEqual(again);
      expect((await h.store.listEquipment('tenant-a', 'ent-1', { pageSize: 10, pageToken: '' })).items).toEqual([again]);
    });

    it('treats the same id in another tenant as other equipment', async () => {
      await seedEnterprises(h.store);
      const a = equipmentRecord('tenant-a', 'ent-1', 'lathe-1');
      const b = equipmentRecord('tenant-b', 'ent-9', 'lathe-1', { name: 'tenant b lathe' });
      await h.store.upsertEquipment([a], [declared('tenant-a', 'ent-1', 'lathe-1')]);
      await h.store.upsertEquipment([b], [declared('tenant-b', 'ent-9', 'lathe-1')]);
      expect(await h.store.getEquipment('tenant-a', 'lathe-1')).toEqual(a);
      expect(await h.store.getEquipment('tenant-b', 'lathe-1')).toEqual(b);
    });

    it("refuses an id another enterprise of the tenant holds (ALREADY_EXISTS): nothing of the call is written", async () => {
      await seedEnterprises(h.store);
      const original = equipmentRecord('tenant-a', 'ent-1', 'lathe-1');
      await h.store.upsertEquipment([original], [declared('tenant-a', 'ent-1', 'lathe-1')]);
      await expectRongtongError(
        h.store.upsertEquipment(
          [equipmentRecord('tenant-a', 'ent-2', 'mill-1'), equipmentRecord('tenant-a', 'ent-2', 'lathe-1', { name: 'taken over' })],
          [declared('tenant-a', 'ent-2', 'mill-1'), declared('tenant-a', 'ent-2', 'lathe-1')],
        ),
        'ALREADY_EXISTS',
      );
      expect(await h.store.getEquipment('tenant-a', 'lathe-1')).toEqual(original);
      expect(await h.store.getEquipment('tenant-a', 'mill-1')).toBeUndefined();
      expect((await allEvents(h.store, 'tenant-a')).filter((e) => e.kind === 'equipment_declared')).toHaveLength(1);
    });

    it("lists an enterprise's equipment (or the tenant's for ''), exactly once over pages", async () => {
      await seedEnterprises(h.store);
      const ids = ['m-4', 'm-2', 'm-7', 'm-1', 'm-3', 'm-6', 'm-5'];
      await h.store.upsertEquipment(
        ids.map((id) => equipmentRecord('tenant-a', 'ent-1', id)),
        ids.map((id) => declared('tenant-a', 'ent-1', id)),
      );
      await h.store.upsertEquipment([equipmentRecord('tenant-a', 'ent-2', 'x-1')], [declared('tenant-a', 'ent-2', 'x-1')]);
      await h.store.upsertEquipment([equipmentRecord('tenant-b', 'ent-9', 'y-1')], [declared('tenant-b', 'ent-9', 'y-1')]);
      const ofEnterprise = await collectPages((p) => h.store.listEquipment('tenant-a', 'ent-1', p), 3);
      expect(ofEnterprise.pageSizes).toEqual([3, 3, 1]);
      expect(sortedIds(ofEnterprise.items)).toEqual([...ids].sort());
      expect(ofEnterprise.items.find((e) => e.id === 'm-3')).toEqual(equipmentRecord('tenant-a', 'ent-1', 'm-3'));
      expect(sortedIds((await collectPages((p) => h.store.listEquipment('tenant-a', '', p), 4)).items)).toEqual([...ids, 'x-1'].sort());
      expect(sortedIds((await collectPages((p) => h.store.listEquipment('tenant-b', '', p), 4)).items)).toEqual(['y-1']);
      expect((await h.store.listEquipment('tenant-b', 'ent-1', { pageSize: 10, pageToken: '' })).items).toEqual([]);
    });
  });
}
