import { describe, expect, it } from 'vitest';
import { tenantRecord } from './fixtures.js';
import type { StoreHarness } from './harness.js';
import { collectPages, expectRongtongError } from './helpers.js';

/** Tenants and the paging rules every listing follows. */
export function tenantContract(h: StoreHarness): void {
  describe('tenants', () => {
    it('creates a tenant and reads it back', async () => {
      const tenant = tenantRecord('tenant-a', 1_700_000_000_123);
      expect(await h.store.createTenant(tenant)).toEqual(tenant);
      expect(await h.store.getTenant('tenant-a')).toEqual({ id: 'tenant-a', name: '链 tenant-a', createTime: 1_700_000_000_123 });
      expect(await h.store.getTenant('tenant-b')).toBeUndefined();
    });

    it('refuses a second tenant with the same id (ALREADY_EXISTS) and keeps the first', async () => {
      await h.store.createTenant(tenantRecord('tenant-a'));
      await expectRongtongError(h.store.createTenant({ ...tenantRecord('tenant-a'), name: 'other' }), 'ALREADY_EXISTS');
      expect((await h.store.getTenant('tenant-a'))?.name).toBe('链 tenant-a');
    });
  });

  describe('lifecycle', () => {
    it('can be closed more than once', async () => {
      await h.store.close();
      await expect(h.store.close()).resolves.toBeUndefined();
    });
  });

  describe('paging', () => {
    it('lists every item exactly once over pages of 3', async () => {
      const ids = ['t-07', 't-03', 't-10', 't-01', 't-05', 't-09', 't-02', 't-08', 't-04', 't-06'];
      for (const id of ids) await h.store.createTenant(tenantRecord(id));
      const { items, pageSizes } = await collectPages((p) => h.store.listTenants(p), 3);
      expect(pageSizes).toEqual([3, 3, 3, 1]);
      expect(items.map((t) => t.id).sort()).toEqual([...ids].sort());
      expect(new Set(items.map((t) => t.id)).size).toBe(10);
    });

    it('returns one page with an empty next token when everything fits, and an empty page when there is nothing', async () => {
      expect(await h.store.listTenants({ pageSize: 10, pageToken: '' })).toEqual({ items: [], nextPageToken: '' });
      await h.store.createTenant(tenantRecord('t-1'));
      await h.store.createTenant(tenantRecord('t-2'));
      const page = await h.store.listTenants({ pageSize: 2, pageToken: '' });
      expect(page.items.map((t) => t.id).sort()).toEqual(['t-1', 't-2']);
      expect(page.nextPageToken).toBe('');
    });

    it('uses 100 for page size 0 and returns at most 1000 per page', async () => {
      for (let i = 0; i < 1005; i += 1) await h.store.createTenant(tenantRecord(`t-${String(i).padStart(4, '0')}`));
      const byDefault = await h.store.listTenants({ pageSize: 0, pageToken: '' });
      expect(byDefault.items).toHaveLength(100);
      expect(byDefault.nextPageToken).not.toBe('');
      const large = await h.store.listTenants({ pageSize: 5000, pageToken: '' });
      expect(large.items).toHaveLength(1000);
      const rest = await h.store.listTenants({ pageSize: 5000, pageToken: large.nextPageToken });
      expect(rest.items).toHaveLength(5);
      expect(rest.nextPageToken).toBe('');
      expect(new Set([...large.items, ...rest.items].map((t) => t.id)).size).toBe(1005);
    });

    it('refuses a page token it did not make (INVALID_ARGUMENT)', async () => {
      await h.store.createTenant(tenantRecord('t-1'));
      await expectRongtongError(h.store.listTenants({ pageSize: 10, pageToken: 'not a token!' }), 'INVALID_ARGUMENT');
    });
  });
}
