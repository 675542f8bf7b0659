import { describe, expect, it } from 'vitest';
import type { AgentRecord, EnrollAgentInput, Store } from '@rongtong/platform';
import { GENESIS, T0, bytes, enrollmentTokenRecord, enterpriseRecord, feedEvent, sha256Hex, tenantRecord, tokenRecord } from './fixtures.js';
import type { StoreHarness } from './harness.js';
import { allEvents, collectPages, plain, sortedIds } from './helpers.js';

/** Tenants a and b, enterprises ent-1 and ent-2 in a, ent-9 in b. */
export async function seedEnterprises(store: Store): Promise<void> {
  await store.createTenant(tenantRecord('tenant-a'));
  await store.createTenant(tenantRecord('tenant-b'));
  await store.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 1), feedEvent('tenant-a', 'enterprise_changed', { enterpriseId: 'ent-1' }));
  await store.createEnterprise(enterpriseRecord('tenant-a', 'ent-2', 2), feedEvent('tenant-a', 'enterprise_changed', { enterpriseId: 'ent-2' }));
  await store.createEnterprise(enterpriseRecord('tenant-b', 'ent-9', 9), feedEvent('tenant-b', 'enterprise_changed', { enterpriseId: 'ent-9' }));
}

/** The input of enrolling agent `agentId` with the enrollment token whose secret is `secret of <tokenId>`. */
export function enrollInput(tokenId: string, agentId: string, now = T0 + 1000): EnrollAgentInput {
  return {
    enrollmentSecretHash: sha256Hex(`secret of ${tokenId}`),
    agent: {
      id: agentId,
      name: `车间网关 ${agentId}`,
      hostname: `${agentId}.workshop.local`,
      agentVersion: '0.1.0',
      publicKey: bytes(32, 250),
      tokenId: `tok-${agentId}`,
      enrollTime: now,
    },
    agentToken: {
      id: `tok-${agentId}`,
      kind: 'agent',
      scopes: ['ingest'],
      description: `credential of ${agentId}`,
      secretHash: sha256Hex(`agent secret ${agentId}`),
      createTime: now,
      expireTime: 0,
      revokeTime: 0,
      revokeReason: '',
      useTime: 0,
    },
    event: (agent: AgentRecord) => feedEvent(agent.tenantId, 'agent_enrolled', { enterpriseId: agent.enterpriseId, seed: 77 }),
    now,
  };
}

/** Enrolls `agentId` into an enterprise (creating its enrollment token) and returns the agent. */
export async function enrolledAgent(store: Store, tenantId: string, enterpriseId: string, agentId: string): Promise<AgentRecord> {
  await store.createToken(enrollmentTokenRecord(tenantId, enterpriseId, `enr-${agentId}`));
  const result = await store.enrollAgent(enrollInput(`enr-${agentId}`, agentId));
  if (!result.ok) throw new Error(`enrolling ${agentId} failed: ${result.reason}`);
  return result.agent;
}

/** One-time enrollment: atomic, single-use under concurrency, refusals that change nothing. */
export function enrollmentContract(h: StoreHarness): void {
  describe('enrollment and agents', () => {
    it('creates the agent and its credential from the token, uses the token up and appends the event', async () => {
      await seedEnterprises(h.store);
      await h.store.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'enr-1'));
      const input = enrollInput('enr-1', 'agt-1');
      const seen: AgentRecord[] = [];
      const result = await h.store.enrollAgent({ ...input, event: (a) => (seen.push(plain(a)), input.event(a)) });
      const agent: AgentRecord = {
        ...input.agent,
        tenantId: 'tenant-a',
        enterpriseId: 'ent-1',
        lastSeq: 0n,
        lastDigest: GENESIS,
        lastBatchTime: 0,
      };
      const agentToken = { ...input.agentToken, tenantId: 'tenant-a', enterpriseId: 'ent-1', agentId: 'agt-1' };
      expect(plain(result)).toEqual({ ok: true, agent, agentToken });
      expect(seen).toEqual([agent]);
      expect(plain(await h.store.getAgent('tenant-a', 'agt-1'))).toEqual(agent);
      expect(plain(await h.store.getAgent('', 'agt-1'))).toEqual(agent);
      expect(await h.store.getAgent('tenant-b', 'agt-1')).toBeUndefined();
      expect(await h.store.findTokenBySecretHash(sha256Hex('agent secret agt-1'))).toEqual(agentToken);
      const used = await h.store.getToken('tenant-a', 'enr-1');
      expect(used?.useTime).toBe(input.now);
      expect(used?.agentId).toBe('agt-1');
      const events = (await allEvents(h.store, 'tenant-a')).filter((e) => e.kind === 'agent_enrolled');
      expect(plain(events)).toEqual([{ ...plain(input.event(agent)), seq: events[0]?.seq }]);
    });

    it('refuses a second use of the token (already_used) and writes nothing', async () => {
      await seedEnterprises(h.store);
      await h.store.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'enr-1'));
      expect((await h.store.enrollAgent(enrollInput('enr-1', 'agt-1'))).ok).toBe(true);
      expect(await h.store.enrollAgent(enrollInput('enr-1', 'agt-2'))).toEqual({ ok: false, reason: 'already_used' });
      expect(await h.store.getAgent('', 'agt-2')).toBeUndefined();
      expect(await h.store.findTokenBySecretHash(sha256Hex('agent secret agt-2'))).toBeUndefined();
      expect((await allEvents(h.store, 'tenant-a')).filter((e) => e.kind === 'agent_enrolled')).toHaveLength(1);
    });

    it('lets exactly one of two concurrent enrollments with one token win', async () => {
      await seedEnterprises(h.store);
      await h.store.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'enr-1'));
      const results = await Promise.all([h.store.enrollAgent(enrollInput('enr-1', 'agt-x')), h.store.enrollAgent(enrollInput('enr-1', 'agt-y'))]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already_used' }]);
      expect((await h.store.listAgents('tenant-a', '', { pageSize: 10, pageToken: '' })).items).toHaveLength(1);
      expect((await allEvents(h.store, 'tenant-a')).filter((e) => e.kind === 'agent_enrolled')).toHaveLength(1);
    });

    it('refuses an expired token (expired at its expire time), and never expires one with expire time 0', async () => {
      await seedEnterprises(h.store);
      const now = T0 + 1000;
      await h.store.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'enr-old', { expireTime: now }));
      await h.store.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'enr-new', { expireTime: now + 1 }));
      await h.store.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'enr-ever', { expireTime: 0 }));
      expect(await h.store.enrollAgent(enrollInput('enr-old', 'agt-1', now))).toEqual({ ok: false, reason: 'expired' });
      expect((await h.store.getToken('tenant-a', 'enr-old'))?.useTime).toBe(0);
      expect((await h.store.enrollAgent(enrollInput('enr-new', 'agt-2', now))).ok).toBe(true);
      expect((await h.store.enrollAgent(enrollInput('enr-ever', 'agt-3', now + 10 ** 12))).ok).toBe(true);
      expect(await h.store.getAgent('', 'agt-1')).toBeUndefined();
    });

    it('refuses a revoked token, an unknown secret and a secret that is not an enrollment token', async () => {
      await seedEnterprises(h.store);
      await h.store.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'enr-1', { revokeTime: T0, revokeReason: 'mistake' }));
      await h.store.createToken(tokenRecord('tenant-a', 'tok-api', { enterpriseId: 'ent-1' }));
      expect(await h.store.enrollAgent(enrollInput('enr-1', 'agt-1'))).toEqual({ ok: false, reason: 'revoked' });
      expect(await h.store.enrollAgent(enrollInput('enr-404', 'agt-2'))).toEqual({ ok: false, reason: 'not_found' });
      expect(await h.store.enrollAgent(enrollInput('tok-api', 'agt-3'))).toEqual({ ok: false, reason: 'not_found' });
      expect((await h.store.getToken('tenant-a', 'tok-api'))?.useTime).toBe(0);
      expect((await h.store.listAgents('tenant-a', '', { pageSize: 10, pageToken: '' })).items).toEqual([]);
      expect(await allEvents(h.store, 'tenant-a')).toHaveLength(2);
    });

    it("lists agents by enterprise (or the whole tenant for ''), exactly once over pages, never another tenant's", async () => {
      await seedEnterprises(h.store);
      for (const id of ['agt-3', 'agt-1', 'agt-2']) await enrolledAgent(h.store, 'tenant-a', 'ent-1', id);
      await enrolledAgent(h.store, 'tenant-a', 'ent-2', 'agt-4');
      await enrolledAgent(h.store, 'tenant-b', 'ent-9', 'agt-9');
      const ofEnterprise = await collectPages((p) => h.store.listAgents('tenant-a', 'ent-1', p), 2);
      expect(ofEnterprise.pageSizes).toEqual([2, 1]);
      expect(sortedIds(ofEnterprise.items)).toEqual(['agt-1', 'agt-2', 'agt-3']);
      expect(sortedIds((await collectPages((p) => h.store.listAgents('tenant-a', '', p), 3)).items)).toEqual(['agt-1', 'agt-2', 'agt-3', 'agt-4']);
      expect(sortedIds((await collectPages((p) => h.store.listAgents('tenant-b', '', p), 3)).items)).toEqual(['agt-9']);
      expect((await h.store.listAgents('tenant-b', 'ent-1', { pageSize: 10, pageToken: '' })).items).toEqual([]);
    });
  });
}
