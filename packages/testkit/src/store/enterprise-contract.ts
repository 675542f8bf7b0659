import { describe, expect, it } from 'vitest';
import type { Store } from '@rongtong/platform';
import { enterpriseRecord, feedEvent, tenantRecord } from './fixtures.js';
import type { StoreHarness } from './harness.js';
import { allEvents, collectPages, expectRongtongError, plain, sortedIds } from './helpers.js';

async function twoTenants(store: Store): Promise<void> {
  await store.createTenant(tenantRecord('tenant-a'));
  await store.createTenant(tenantRecord('tenant-b'));
}

const changed = (tenantId: string, enterpriseId: string, seed: number) =>
  feedEvent(tenantId, 'enterprise_changed', { enterpriseId, seed });

/** Enterprises: uniqueness of the credit code, etags, tenancy, events with their change. */
export function enterpriseContract(h: StoreHarness): void {
  describe('enterprises', () => {
    it('creates an enterprise, appends its event, and reads it back only in its tenant', async () => {
      await twoTenants(h.store);
      const enterprise = enterpriseRecord('tenant-a', 'ent-1', 1);
      expect(await h.store.createEnterprise(enterprise, changed('tenant-a', 'ent-1', 7))).toEqual(enterprise);
      expect(await h.store.getEnterprise('tenant-a', 'ent-1')).toEqual(enterprise);
      expect(await h.store.getEnterprise('tenant-b', 'ent-1')).toBeUndefined();
      expect(await h.store.getEnterprise('tenant-a', 'ent-2')).toBeUndefined();
      const events = await allEvents(h.store, 'tenant-a');
      expect(events).toHaveLength(1);
      expect(plain(events[0])).toMatchObject(plain(changed('tenant-a', 'ent-1', 7)));
      expect(await allEvents(h.store, 'tenant-b')).toEqual([]);
    });

    it('refuses a credit code already used in the tenant (ALREADY_EXISTS) and appends no event', async () => {
      await twoTenants(h.store);
      await h.store.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 1), changed('tenant-a', 'ent-1', 1));
      await expectRongtongError(
        h.store.createEnterprise(enterpriseRecord('tenant-a', 'ent-2', 1), changed('tenant-a', 'ent-2', 2)),
        'ALREADY_EXISTS',
      );
      expect(await h.store.getEnterprise('tenant-a', 'ent-2')).toBeUndefined();
      expect((await allEvents(h.store, 'tenant-a')).map((e) => e.enterpriseId)).toEqual(['ent-1']);
    });

    it('allows the same credit code in another tenant', async () => {
      await twoTenants(h.store);
      await h.store.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 1), changed('tenant-a', 'ent-1', 1));
      const other = enterpriseRecord('tenant-b', 'ent-9', 1);
      expect(await h.store.createEnterprise(other, changed('tenant-b', 'ent-9', 1))).toEqual(other);
      expect((await h.store.getEnterprise('tenant-b', 'ent-9'))?.unifiedSocialCreditCode).toBe(other.unifiedSocialCreditCode);
    });

    it('refuses a second enterprise with the same id (ALREADY_EXISTS)', async () => {
      await twoTenants(h.store);
      await h.store.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 1), changed('tenant-a', 'ent-1', 1));
      await expectRongtongError(
        h.store.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 2), changed('tenant-a', 'ent-1', 2)),
        'ALREADY_EXISTS',
      );
      expect((await h.store.getEnterprise('tenant-a', 'ent-1'))?.unifiedSocialCreditCode).toBe(enterpriseRecord('tenant-a', 'ent-1', 1).unifiedSocialCreditCode);
    });

    it('updates when the etag matches, storing the new record and appending its event', async () => {
      await twoTenants(h.store);
      await h.store.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 1), changed('tenant-a', 'ent-1', 1));
      const next = enterpriseRecord('tenant-a', 'ent-1', 1, { name: '新名字', etag: 'ent-1-v2', updateTime: 1_800_000_000_000, certifications: [] });
      expect(await h.store.updateEnterprise(next, 'ent-1-v1', changed('tenant-a', 'ent-1', 2))).toEqual(next);
      expect(await h.store.getEnterprise('tenant-a', 'ent-1')).toEqual(next);
      expect(await allEvents(h.store, 'tenant-a')).toHaveLength(2);
    });

    it('refuses an update with a stale etag (CONFLICT), changing nothing', async () => {
      await twoTenants(h.store);
      const first = enterpriseRecord('tenant-a', 'ent-1', 1);
      await h.store.createEnterprise(first, changed('tenant-a', 'ent-1', 1));
      await h.store.updateEnterprise({ ...first, name: 'second', etag: 'ent-1-v2' }, 'ent-1-v1', changed('tenant-a', 'ent-1', 2));
      await expectRongtongError(
        h.store.updateEnterprise({ ...first, name: 'third', etag: 'ent-1-v3' }, 'ent-1-v1', changed('tenant-a', 'ent-1', 3)),
        'CONFLICT',
      );
      expect(await h.store.getEnterprise('tenant-a', 'ent-1')).toEqual({ ...first, name: 'second', etag: 'ent-1-v2' });
      expect(await allEvents(h.store, 'tenant-a')).toHaveLength(2);
    });

    it('skips the etag check when the expected etag is empty', async () => {
      await twoTenants(h.store);
      const first = enterpriseRecord('tenant-a', 'ent-1', 1);
      await h.store.createEnterprise(first, changed('tenant-a', 'ent-1', 1));
      await h.store.updateEnterprise({ ...first, name: 'second', etag: 'ent-1-v2' }, '', changed('tenant-a', 'ent-1', 2));
      await h.store.updateEnterprise({ ...first, name: 'third', etag: 'ent-1-v3' }, '', changed('tenant-a', 'ent-1', 3));
      expect((await h.store.getEnterprise('tenant-a', 'ent-1'))?.etag).toBe('ent-1-v3');
    });

    it('refuses to update an enterprise absent from the tenant (NOT_FOUND), even if another tenant has it', async () => {
      await twoTenants(h.store);
      const original = enterpriseRecord('tenant-a', 'ent-1', 1);
      await h.store.createEnterprise(original, changed('tenant-a', 'ent-1', 1));
      await expectRongtongError(h.store.updateEnterprise(enterpriseRecord('tenant-a', 'ent-404', 4), '', changed('tenant-a', 'ent-404', 4)), 'NOT_FOUND');
      await expectRongtongError(
        h.store.updateEnterprise({ ...original, tenantId: 'tenant-b', name: 'hijacked' }, '', changed('tenant-b', 'ent-1', 5)),
        'NOT_FOUND',
      );
      expect(await h.store.getEnterprise('tenant-a', 'ent-1')).toEqual(original);
      expect(await allEvents(h.store, 'tenant-b')).toEqual([]);
      expect(await allEvents(h.store, 'tenant-a')).toHaveLength(1);
    });

    it('refuses an update to a credit code another enterprise of the tenant holds (ALREADY_EXISTS)', async () => {
      await twoTenants(h.store);
      await h.store.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 1), changed('tenant-a', 'ent-1', 1));
      const second = enterpriseRecord('tenant-a', 'ent-2', 2);
      await h.store.createEnterprise(second, changed('tenant-a', 'ent-2', 2));
      await expectRongtongError(
        h.store.updateEnterprise({ ...enterpriseRecord('tenant-a', 'ent-2', 1), etag: 'ent-2-v2' }, '', changed('tenant-a', 'ent-2', 3)),
        'ALREADY_EXISTS',
      );
      expect(await h.store.getEnterprise('tenant-a', 'ent-2')).toEqual(second);
    });

    it("lists a tenant's enterprises exactly once over pages, and none of another tenant's", async () => {
      await twoTenants(h.store);
      for (let i = 1; i <= 5; i += 1) await h.store.createEnterprise(enterpriseRecord('tenant-a', `ent-a${i}`, i), changed('tenant-a', `ent-a${i}`, i));
      for (let i = 1; i <= 2; i += 1) await h.store.createEnterprise(enterpriseRecord('tenant-b', `ent-b${i}`, i), changed('tenant-b', `ent-b${i}`, i));
      const a = await collectPages((p) => h.store.listEnterprises('tenant-a', p), 2);
      expect(a.pageSizes).toEqual([2, 2, 1]);
      expect(sortedIds(a.items)).toEqual(['ent-a1', 'ent-a2', 'ent-a3', 'ent-a4', 'ent-a5']);
      expect(a.items.find((e) => e.id === 'ent-a3')).toEqual(enterpriseRecord('tenant-a', 'ent-a3', 3));
      expect(sortedIds((await collectPages((p) => h.store.listEnterprises('tenant-b', p), 10)).items)).toEqual(['ent-b1', 'ent-b2']);
      expect((await h.store.listEnterprises('tenant-c', { pageSize: 10, pageToken: '' })).items).toEqual([]);
    });
  });
}
