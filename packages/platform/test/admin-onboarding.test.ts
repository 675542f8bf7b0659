import { status } from '@grpc/grpc-js';
import { generateAgentKeyPair } from '@rongtong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUS_TOPICS } from '../src/bus/bus.js';
import { hashSecret } from '../src/auth/token-secret.js';
import type { TokenRecord } from '../src/store/records.js';
import {
  createEnterprise,
  createTenantWithAdmin,
  enrollAgent,
  enterpriseOf,
  equipmentOf,
  startAdminTestServer,
  type TenantFixture,
} from './support/admin-fixtures.js';
import { failureOf, unary } from './support/grpc-call.js';
import type { TestServer } from './support/start-test-server.js';

describe('AdminService and OnboardingService over gRPC', () => {
  let server: TestServer;
  let tenant: TenantFixture;
  let enterpriseId: string;

  beforeAll(async () => {
    server = await startAdminTestServer();
    tenant = await createTenantWithAdmin(server, 'chain-a');
    enterpriseId = (await createEnterprise(server, tenant.adminSecret, 1)).id;
  });

  afterAll(async () => {
    await server.close();
  });

  const admin = () => server.clients.admin;
  const onboarding = () => server.clients.onboarding;

  it('lets the operator create and list tenants, and nobody else', async () => {
    const op = server.operatorSecret;
    const created = await unary(admin(), 'CreateTenant', { tenant: { name: '长安汽车供应链' } }, op);
    expect(created.tenant?.id).toMatch(/^[a-z0-9-]{1,64}$/);
    expect(created.tenant?.createTime).not.toBeNull();
    const listed = await unary(admin(), 'ListTenants', {}, op);
    expect(listed.tenants.map((t) => t.id)).toEqual(expect.arrayContaining(['chain-a', created.tenant?.id]));

    const again = await failureOf(unary(admin(), 'CreateTenant', { tenant: { id: 'chain-a', name: 'x' } }, op));
    expect(again).toMatchObject({ status: status.ALREADY_EXISTS, code: 'ALREADY_EXISTS' });
    const byTenantAdmin = await failureOf(unary(admin(), 'CreateTenant', { tenant: { id: 'other', name: 'x' } }, tenant.adminSecret));
    expect(byTenantAdmin).toMatchObject({ status: status.PERMISSION_DENIED, code: 'PERMISSION_DENIED' });
    expect(await failureOf(unary(admin(), 'ListTenants', {}, tenant.adminSecret))).toMatchObject({ status: status.PERMISSION_DENIED });
    expect(await failureOf(unary(admin(), 'ListTenants', {}))).toMatchObject({ status: status.UNAUTHENTICATED, code: 'UNAUTHENTICATED' });
  });

  it('creates enterprises with platform-set fields, in the operator-named or the caller tenant', async () => {
    const byOperator = await unary(admin(), 'CreateEnterprise', { tenantId: 'chain-a', enterprise: enterpriseOf(2) }, server.operatorSecret);
    expect(byOperator.enterprise).toMatchObject({
      tenantId: 'chain-a',
      name: enterpriseOf(2).name,
      sizeClass: 'SIZE_CLASS_SMALL',
      designation: 'DESIGNATION_SPECIALIZED',
      regionCode: '500112',
    });
    expect(byOperator.enterprise?.id).not.toBe('');
    expect(byOperator.enterprise?.etag).not.toBe('');

    const got = await unary(admin(), 'GetEnterprise', { enterpriseId: byOperator.enterprise?.id ?? '' }, tenant.adminSecret);
    expect(got.enterprise).toEqual(byOperator.enterprise);
    const viaOperator = await unary(admin(), 'GetEnterprise', { enterpriseId: byOperator.enterprise?.id ?? '' }, server.operatorSecret);
    expect(viaOperator.enterprise?.id).toBe(byOperator.enterprise?.id);

    const duplicate = await failureOf(unary(admin(), 'CreateEnterprise', { enterprise: enterpriseOf(2) }, tenant.adminSecret));
    expect(duplicate).toMatchObject({ status: status.ALREADY_EXISTS, code: 'ALREADY_EXISTS' });
    const noTenant = await failureOf(unary(admin(), 'CreateEnterprise', { tenantId: 'nope', enterprise: enterpriseOf(3) }, server.operatorSecret));
    expect(noTenant).toMatchObject({ status: status.NOT_FOUND, code: 'NOT_FOUND' });
  });

  it('enrols an agent once with an enrollment token, then refuses the token', async () => {
    const enrolled: unknown[] = [];
    server.ctx.events.on('agentEnrolled', (agent) => enrolled.push(agent.id));
    const issued = await unary(admin(), 'IssueEnrollmentToken', { enterpriseId, ttl: { seconds: '3600' }, description: '二号车间网关' }, tenant.adminSecret);
    expect(issued.secret).toMatch(/^rte_/);
    expect(issued.token).toMatchObject({ kind: 'TOKEN_KIND_ENROLLMENT', scopes: [], enterpriseId, tenantId: 'chain-a' });

    const keys = generateAgentKeyPair();
    const request = { enrollmentToken: issued.secret, publicKey: keys.publicKey, agentName: 'workshop-2', hostname: 'gw', agentVersion: '0.3.1' };
    const response = await unary(onboarding(), 'Enroll', request);
    expect(response).toMatchObject({ tenantId: 'chain-a', enterpriseId });
    expect(response.apiToken).toMatch(/^rtg_/);
    expect(enrolled).toEqual([response.agentId]);

    // The credential is an agent token with scope ingest, bound to the enterprise and agent.
    const stored = await server.store.getToken('chain-a', response.tokenId);
    expect(stored).toMatchObject({ kind: 'agent', scopes: ['ingest'], enterpriseId, agentId: response.agentId, secretHash: hashSecret(response.apiToken) });
    const agents = await unary(admin(), 'ListAgents', { enterpriseId }, tenant.adminSecret);
    const agent = agents.agents.find((a) => a.id === response.agentId);
    expect(agent).toMatchObject({ name: 'workshop-2', tokenId: response.tokenId, lastCommittedSeq: '0', agentVersion: '0.3.1' });
    expect(new Uint8Array(agent?.publicKey ?? [])).toEqual(keys.publicKey);

    const otherKey = { ...request, publicKey: generateAgentKeyPair().publicKey };
    expect(await failureOf(unary(onboarding(), 'Enroll', otherKey))).toMatchObject({ status: status.UNAUTHENTICATED, code: 'TOKEN_ALREADY_USED' });
    // A retry with the same key is refused too: the Store cannot replace a credential atomically (see enroll-rpc.ts).
    expect(await failureOf(unary(onboarding(), 'Enroll', request))).toMatchObject({ status: status.UNAUTHENTICATED, code: 'TOKEN_ALREADY_USED' });

    // The new credential works for DeclareEquipment; the enrollment token never authenticates calls.
    await unary(onboarding(), 'DeclareEquipment', { equipment: [equipmentOf('lathe-1')] }, response.apiToken);
    const asBearer = await failureOf(unary(onboarding(), 'DeclareEquipment', { equipment: [equipmentOf('lathe-1')] }, issued.secret));
    expect(asBearer).toMatchObject({ status: status.UNAUTHENTICATED, code: 'UNAUTHENTICATED' });
  });

  it('refuses expired, revoked and unknown enrollment tokens', async () => {
    const short = await unary(admin(), 'IssueEnrollmentToken', { enterpriseId, ttl: { seconds: '1' } }, tenant.adminSecret);
    const revoked = await unary(admin(), 'IssueEnrollmentToken', { enterpriseId, ttl: { seconds: '3600' } }, tenant.adminSecret);
    await unary(admin(), 'RevokeToken', { tokenId: revoked.token?.id ?? '', reason: 'handed to the wrong person' }, tenant.adminSecret);
    server.clock.advance(2000);
    const enroll = (secret: string) =>
      unary(onboarding(), 'Enroll', { enrollmentToken: secret, publicKey: generateAgentKeyPair().publicKey, agentName: 'gw', agentVersion: '1.0.0' });
    expect(await failureOf(enroll(short.secret))).toMatchObject({ status: status.UNAUTHENTICATED, code: 'TOKEN_EXPIRED' });
    expect(await failureOf(enroll(revoked.secret))).toMatchObject({ status: status.UNAUTHENTICATED, code: 'TOKEN_REVOKED' });
    expect(await failureOf(enroll('rte_not-a-token'))).toMatchObject({ status: status.UNAUTHENTICATED, code: 'UNAUTHENTICATED' });
  });

  it('limits enrollment token lifetimes to the configured maximum', async () => {
    const tooLong = await failureOf(
      unary(admin(), 'IssueEnrollmentToken', { enterpriseId, ttl: { seconds: String(31 * 86400) } }, tenant.adminSecret),
    );
    expect(tooLong).toMatchObject({ status: status.INVALID_ARGUMENT, code: 'INVALID_ARGUMENT', fields: ['ttl'] });
    const past = await failureOf(
      unary(admin(), 'IssueEnrollmentToken', { enterpriseId, expireTime: { seconds: '1000' } }, tenant.adminSecret),
    );
    expect(past).toMatchObject({ status: status.INVALID_ARGUMENT, fields: ['expire_time'] });
    const none = await failureOf(unary(admin(), 'IssueEnrollmentToken', { enterpriseId }, tenant.adminSecret));
    expect(none).toMatchObject({ status: status.INVALID_ARGUMENT, fields: ['expiration'] });
  });

  it('revokes an API token: its next call fails, the hook fires, the bus and the feed are told', async () => {
    const issued = await unary(
      admin(),
      'IssueApiToken',
      { scopes: ['SCOPE_ADMIN', 'SCOPE_FEED_READ'], ttl: { seconds: '3600' }, description: 'MES link' },
      tenant.adminSecret,
    );
    expect(issued.token).toMatchObject({ kind: 'TOKEN_KIND_API', scopes: ['SCOPE_ADMIN', 'SCOPE_FEED_READ'], tenantId: 'chain-a' });
    await unary(admin(), 'ListEnterprises', {}, issued.secret);

    const hooked: TokenRecord[] = [];
    server.ctx.events.on('tokenRevoked', (t) => hooked.push(t));
    const announced: string[] = [];
    const unsubscribe = server.bus.subscribe(BUS_TOPICS.tokenRevoked, (m) => announced.push(new TextDecoder().decode(m)));
    const tokenId = issued.token?.id ?? '';
    const before = await server.store.lastEventSeq();

    const revoked = await unary(admin(), 'RevokeToken', { tokenId, reason: 'contract ended' }, tenant.adminSecret);
    expect(revoked.token?.revokeReason).toBe('contract ended');
    expect(revoked.token?.revokeTime).not.toBeNull();
    const next = await failureOf(unary(admin(), 'ListEnterprises', {}, issued.secret));
    expect(next).toMatchObject({ status: status.UNAUTHENTICATED, code: 'TOKEN_REVOKED' });
    expect(hooked.map((t) => t.id)).toEqual([tokenId]);
    expect(announced).toEqual([tokenId]);
    const events = await server.store.readEvents({ tenantId: 'chain-a', after: before, limit: 10, kinds: ['token_revoked'] });
    expect(events).toHaveLength(1);

    // Idempotent: the first time and reason stay, no second event or hook.
    const again = await unary(admin(), 'RevokeToken', { tokenId, reason: 'again' }, tenant.adminSecret);
    expect(again.token).toMatchObject({ revokeReason: 'contract ended', revokeTime: revoked.token?.revokeTime });
    expect(hooked).toHaveLength(1);
    expect(await server.store.readEvents({ tenantId: 'chain-a', after: before, limit: 10, kinds: ['token_revoked'] })).toHaveLength(1);
    unsubscribe();

    const unknown = await failureOf(unary(admin(), 'RevokeToken', { tokenId: 'tok_nope' }, tenant.adminSecret));
    expect(unknown).toMatchObject({ status: status.NOT_FOUND, code: 'NOT_FOUND' });
  });

  it('revokes an agent credential: the agent can no longer declare equipment', async () => {
    const agent = await enrollAgent(server, tenant.adminSecret, enterpriseId, 'to-revoke');
    await unary(onboarding(), 'DeclareEquipment', { equipment: [equipmentOf('press-9')] }, agent.secret);
    await unary(admin(), 'RevokeToken', { tokenId: agent.tokenId, reason: 'gateway replaced' }, tenant.adminSecret);
    const after = await failureOf(unary(onboarding(), 'DeclareEquipment', { equipment: [equipmentOf('press-9')] }, agent.secret));
    expect(after).toMatchObject({ status: status.UNAUTHENTICATED, code: 'TOKEN_REVOKED' });
  });

  it('never returns secrets or their hashes from ListTokens', async () => {
    const secrets: string[] = [tenant.adminSecret];
    for (const ttl of ['60', '3600']) {
      const e = await unary(admin(), 'IssueEnrollmentToken', { enterpriseId, ttl: { seconds: ttl } }, tenant.adminSecret);
      const a = await unary(admin(), 'IssueApiToken', { scopes: ['SCOPE_CAPACITY_READ'], ttl: { seconds: ttl } }, tenant.adminSecret);
      secrets.push(e.secret, a.secret);
    }
    secrets.push((await enrollAgent(server, tenant.adminSecret, enterpriseId, 'listed')).secret);

    const all = await unary(admin(), 'ListTokens', { includeInactive: true, pageSize: 1000 }, tenant.adminSecret);
    const text = JSON.stringify(all);
    expect(all.tokens.length).toBeGreaterThanOrEqual(secrets.length);
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(hashSecret(secret));
    }
    for (const token of all.tokens) expect(Object.keys(token)).not.toContain('secret');
    expect(text).not.toContain(server.operatorSecret);

    // Without include_inactive only working tokens are listed (used, revoked and expired ones are not).
    const active = await unary(admin(), 'ListTokens', { pageSize: 1000 }, tenant.adminSecret);
    expect(active.tokens.every((t) => t.revokeTime === null && t.useTime === null)).toBe(true);
    expect(active.tokens.length).toBeLessThan(all.tokens.length);
    const agents = await unary(admin(), 'ListTokens', { kind: 'TOKEN_KIND_AGENT', includeInactive: true }, tenant.adminSecret);
    expect(agents.tokens.length).toBeGreaterThan(0);
    expect(agents.tokens.every((t) => t.kind === 'TOKEN_KIND_AGENT' && t.scopes.join() === 'SCOPE_INGEST')).toBe(true);
  });
});
