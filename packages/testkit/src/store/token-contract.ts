import { describe, expect, it } from 'vitest';
import type { Store } from '@rongtong/platform';
import { T0, enrollmentTokenRecord, enterpriseRecord, feedEvent, sha256Hex, tenantRecord, tokenRecord } from './fixtures.js';
import type { StoreHarness } from './harness.js';
import { allEvents, collectPages, expectRongtongError, sortedIds } from './helpers.js';

async function seed(store: Store): Promise<void> {
  await store.createTenant(tenantRecord('tenant-a'));
  await store.createTenant(tenantRecord('tenant-b'));
  await store.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 1), feedEvent('tenant-a', 'enterprise_changed', { enterpriseId: 'ent-1' }));
}

const revoked = (tenantId: string, seed: number) => feedEvent(tenantId, 'token_revoked', { seed });

/** Tokens: lookup by secret hash, tenancy, filters, idempotent revocation. */
export function tokenContract(h: StoreHarness): void {
  describe('tokens', () => {
    it('creates a token and finds it by id and by the hash of its secret', async () => {
      await seed(h.store);
      const token = tokenRecord('tenant-a', 'tok-1', { scopes: ['market:write', 'feed:read', 'admin'], expireTime: T0 + 5 });
      expect(await h.store.createToken(token)).toEqual(token);
      expect(await h.store.getToken('tenant-a', 'tok-1')).toEqual(token);
      expect(await h.store.findTokenBySecretHash(sha256Hex('secret of tok-1'))).toEqual(token);
      expect(await h.store.findTokenBySecretHash(sha256Hex('secret of tok-2'))).toBeUndefined();
    });

    it("never returns another tenant's token by id; tenant '' finds a token of any tenant", async () => {
      await seed(h.store);
      await h.store.createToken(tokenRecord('tenant-a', 'tok-a'));
      const operator = tokenRecord('', 'tok-op', { scopes: ['admin'] });
      await h.store.createToken(operator);
      expect(await h.store.getToken('tenant-b', 'tok-a')).toBeUndefined();
      expect((await h.store.getToken('', 'tok-a'))?.tenantId).toBe('tenant-a');
      expect(await h.store.getToken('', 'tok-op')).toEqual(operator);
      expect(await h.store.getToken('tenant-a', 'tok-op')).toBeUndefined();
    });

    it('refuses a second token with the same id or the same secret hash (ALREADY_EXISTS)', async () => {
      await seed(h.store);
      const first = tokenRecord('tenant-a', 'tok-1');
      await h.store.createToken(first);
      await expectRongtongError(h.store.createToken(tokenRecord('tenant-a', 'tok-1', { secretHash: sha256Hex('x') })), 'ALREADY_EXISTS');
      await expectRongtongError(h.store.createToken(tokenRecord('tenant-b', 'tok-2', { secretHash: first.secretHash })), 'ALREADY_EXISTS');
      expect(await h.store.findTokenBySecretHash(first.secretHash)).toEqual(first);
      expect(await h.store.getToken('', 'tok-2')).toBeUndefined();
    });

    it("lists a tenant's tokens filtered by enterprise and kind, without revoked ones unless asked", async () => {
      await seed(h.store);
      await h.store.createToken(tokenRecord('tenant-a', 'tok-api'));
      await h.store.createToken(tokenRecord('tenant-a', 'tok-ent', { enterpriseId: 'ent-1' }));
      await h.store.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'tok-enr'));
      await h.store.createToken(tokenRecord('tenant-a', 'tok-old', { revokeTime: T0 + 1, revokeReason: 'leaked' }));
      await h.store.createToken(tokenRecord('tenant-b', 'tok-b'));
      const list = async (filter: Parameters<Store['listTokens']>[1]) =>
        sortedIds((await collectPages((p) => h.store.listTokens('tenant-a', filter, p), 2)).items);
      expect(await list({})).toEqual(['tok-api', 'tok-enr', 'tok-ent']);
      expect(await list({ includeRevoked: true })).toEqual(['tok-api', 'tok-enr', 'tok-ent', 'tok-old']);
      expect(await list({ enterpriseId: 'ent-1' })).toEqual(['tok-enr', 'tok-ent']);
      expect(await list({ kind: 'enrollment' })).toEqual(['tok-enr']);
      expect(await list({ kind: 'api', enterpriseId: 'ent-1' })).toEqual(['tok-ent']);
      expect(sortedIds((await h.store.listTokens('tenant-b', {}, { pageSize: 10, pageToken: '' })).items)).toEqual(['tok-b']);
    });

    it('lists many tokens exactly once over pages', async () => {
      await seed(h.store);
      for (let i = 0; i < 23; i += 1) await h.store.createToken(tokenRecord('tenant-a', `tok-${String(i).padStart(2, '0')}`));
      const { items, pageSizes } = await collectPages((p) => h.store.listTokens('tenant-a', {}, p), 5);
      expect(pageSizes).toEqual([5, 5, 5, 5, 3]);
      expect(new Set(items.map((t) => t.id)).size).toBe(23);
    });

    it('revokes a token once: the first time and reason stay, and one event is appended', async () => {
      await seed(h.store);
      await h.store.createToken(tokenRecord('tenant-a', 'tok-1'));
      const first = await h.store.revokeToken('tenant-a', 'tok-1', 'leaked in a log', T0 + 100, revoked('tenant-a', 1));
      expect(first).toEqual(tokenRecord('tenant-a', 'tok-1', { revokeTime: T0 + 100, revokeReason: 'leaked in a log' }));
      const again = await h.store.revokeToken('tenant-a', 'tok-1', 'second reason', T0 + 200, revoked('tenant-a', 2));
      expect(again?.revokeTime).toBe(T0 + 100);
      expect(again?.revokeReason).toBe('leaked in a log');
      expect((await h.store.findTokenBySecretHash(sha256Hex('secret of tok-1')))?.revokeTime).toBe(T0 + 100);
      const events = await allEvents(h.store, 'tenant-a');
      expect(events.filter((e) => e.kind === 'token_revoked')).toHaveLength(1);
    });

    it("does not revoke another tenant's token or an unknown one", async () => {
      await seed(h.store);
      await h.store.createToken(tokenRecord('tenant-a', 'tok-1'));
      expect(await h.store.revokeToken('tenant-b', 'tok-1', 'x', T0, revoked('tenant-b', 1))).toBeUndefined();
      expect(await h.store.revokeToken('tenant-a', 'tok-404', 'x', T0, revoked('tenant-a', 1))).toBeUndefined();
      expect((await h.store.getToken('tenant-a', 'tok-1'))?.revokeTime).toBe(0);
      expect(await allEvents(h.store, 'tenant-b')).toEqual([]);
      expect((await allEvents(h.store, 'tenant-a')).filter((e) => e.kind === 'token_revoked')).toEqual([]);
    });
  });
}
