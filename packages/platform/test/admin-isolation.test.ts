import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnterprise,
  createTenantWithAdmin,
  enrollAgent,
  enterpriseOf,
  startAdminTestServer,
  type TenantFixture,
} from './support/admin-fixtures.js';
import { failureOf, unary } from './support/grpc-call.js';
import type { TestServer } from './support/start-test-server.js';

describe('tenant isolation and enterprise restriction', () => {
  let server: TestServer;
  let a: TenantFixture;
  let b: TenantFixture;
  let enterpriseA: string;
  let enterpriseA2: string;
  let enterpriseB: string;
  let tokenB: string;

  beforeAll(async () => {
    server = await startAdminTestServer();
    a = await createTenantWithAdmin(server, 'tenant-a');
    b = await createTenantWithAdmin(server, 'tenant-b');
    enterpriseA = (await createEnterprise(server, a.adminSecret, 11)).id;
    enterpriseA2 = (await createEnterprise(server, a.adminSecret, 12)).id;
    // The same credit code may exist in another tenant.
    enterpriseB = (await createEnterprise(server, b.adminSecret, 11)).id;
    tokenB = (await enrollAgent(server, b.adminSecret, enterpriseB)).tokenId;
  });

  afterAll(async () => {
    await server.close();
  });

  const admin = () => server.clients.admin;
  const notFound = { status: status.NOT_FOUND, code: 'NOT_FOUND' };
  const denied = { status: status.PERMISSION_DENIED, code: 'PERMISSION_DENIED' };

  it('answers NOT_FOUND for ids of another tenant', async () => {
    const s = a.adminSecret;
    expect(await failureOf(unary(admin(), 'GetEnterprise', { enterpriseId: enterpriseB }, s))).toMatchObject(notFound);
    expect(await failureOf(unary(admin(), 'UpdateEnterprise', { enterprise: { id: enterpriseB, name: 'taken over' } }, s))).toMatchObject(notFound);
    expect(
      await failureOf(unary(admin(), 'IssueEnrollmentToken', { enterpriseId: enterpriseB, ttl: { seconds: '60' } }, s)),
    ).toMatchObject(notFound);
    expect(
      await failureOf(unary(admin(), 'IssueApiToken', { enterpriseId: enterpriseB, scopes: ['SCOPE_FEED_READ'], ttl: { seconds: '60' } }, s)),
    ).toMatchObject(notFound);
    expect(await failureOf(unary(admin(), 'RevokeToken', { tokenId: tokenB }, s))).toMatchObject(notFound);
    expect((await server.store.getToken('tenant-b', tokenB))?.revokeTime).toBe(0);
    expect((await server.store.getEnterprise('tenant-b', enterpriseB))?.name).toBe(enterpriseOf(11).name);
  });

  it('answers PERMISSION_DENIED when a tenant token names another tenant', async () => {
    const s = a.adminSecret;
    expect(await failureOf(unary(admin(), 'ListEnterprises', { tenantId: 'tenant-b' }, s))).toMatchObject(denied);
    expect(await failureOf(unary(admin(), 'CreateEnterprise', { tenantId: 'tenant-b', enterprise: enterpriseOf(13) }, s))).toMatchObject(denied);
    expect(await failureOf(unary(admin(), 'ListTokens', { tenantId: 'tenant-b' }, s))).toMatchObject(denied);
    expect(await failureOf(unary(admin(), 'ListAgents', { tenantId: 'tenant-b' }, s))).toMatchObject(denied);
    expect(
      await failureOf(unary(admin(), 'IssueApiToken', { tenantId: 'tenant-b', scopes: ['SCOPE_ADMIN'], ttl: { seconds: '60' } }, s)),
    ).toMatchObject(denied);
    expect(await failureOf(unary(admin(), 'UpdateEnterprise', { enterprise: { id: enterpriseA, tenantId: 'tenant-b' } }, s))).toMatchObject(denied);
  });

  it('lists only the caller tenant, while the operator must name one', async () => {
    const listA = await unary(admin(), 'ListEnterprises', {}, a.adminSecret);
    expect(listA.enterprises.map((e) => e.id).sort()).toEqual([enterpriseA, enterpriseA2].sort());
    const agentsA = await unary(admin(), 'ListAgents', {}, a.adminSecret);
    expect(agentsA.agents).toEqual([]);
    const tokensA = await unary(admin(), 'ListTokens', { includeInactive: true }, a.adminSecret);
    expect(tokensA.tokens.every((t) => t.tenantId === 'tenant-a')).toBe(true);

    const asOperator = await unary(admin(), 'ListEnterprises', { tenantId: 'tenant-b' }, server.operatorSecret);
    expect(asOperator.enterprises.map((e) => e.id)).toEqual([enterpriseB]);
    const missing = await failureOf(unary(admin(), 'ListEnterprises', {}, server.operatorSecret));
    expect(missing).toMatchObject({ status: status.INVALID_ARGUMENT, code: 'INVALID_ARGUMENT', fields: ['tenant_id'] });
  });

  it('needs the admin scope (or a read scope for enterprise reads)', async () => {
    const issue = async (scopes: ('SCOPE_FEED_READ' | 'SCOPE_MARKET_READ' | 'SCOPE_INGEST')[]) =>
      (await unary(admin(), 'IssueApiToken', { scopes, ttl: { seconds: '600' } }, a.adminSecret)).secret;
    const feedOnly = await issue(['SCOPE_FEED_READ']);
    const marketRead = await issue(['SCOPE_MARKET_READ']);
    expect(await failureOf(unary(admin(), 'GetEnterprise', { enterpriseId: enterpriseA }, feedOnly))).toMatchObject(denied);
    expect(await failureOf(unary(admin(), 'ListTokens', {}, feedOnly))).toMatchObject(denied);
    expect((await unary(admin(), 'GetEnterprise', { enterpriseId: enterpriseA }, marketRead)).enterprise?.id).toBe(enterpriseA);
    expect(await failureOf(unary(admin(), 'CreateEnterprise', { enterprise: enterpriseOf(14) }, marketRead))).toMatchObject(denied);
    const agent = await enrollAgent(server, a.adminSecret, enterpriseA);
    expect(await failureOf(unary(admin(), 'ListAgents', {}, agent.secret))).toMatchObject(denied);
  });

  it('keeps an admin token restricted to an enterprise to that enterprise', async () => {
    const restricted = await unary(
      admin(),
      'IssueApiToken',
      { enterpriseId: enterpriseA, scopes: ['SCOPE_ADMIN', 'SCOPE_FEED_READ'], ttl: { seconds: '600' } },
      a.adminSecret,
    );
    const s = restricted.secret;
    expect(restricted.token?.enterpriseId).toBe(enterpriseA);

    expect((await unary(admin(), 'GetEnterprise', { enterpriseId: enterpriseA }, s)).enterprise?.id).toBe(enterpriseA);
    expect(await failureOf(unary(admin(), 'GetEnterprise', { enterpriseId: enterpriseA2 }, s))).toMatchObject(denied);
    expect((await unary(admin(), 'ListEnterprises', {}, s)).enterprises.map((e) => e.id)).toEqual([enterpriseA]);
    expect(await failureOf(unary(admin(), 'CreateEnterprise', { enterprise: enterpriseOf(15) }, s))).toMatchObject(denied);
    expect(
      await failureOf(unary(admin(), 'IssueEnrollmentToken', { enterpriseId: enterpriseA2, ttl: { seconds: '60' } }, s)),
    ).toMatchObject(denied);
    expect(await failureOf(unary(admin(), 'ListAgents', { enterpriseId: enterpriseA2 }, s))).toMatchObject(denied);

    // It delegates only within its enterprise and its own scopes.
    const within = await unary(admin(), 'IssueApiToken', { enterpriseId: enterpriseA, scopes: ['SCOPE_FEED_READ'], ttl: { seconds: '60' } }, s);
    expect(within.token?.scopes).toEqual(['SCOPE_FEED_READ']);
    const wider = await failureOf(unary(admin(), 'IssueApiToken', { scopes: ['SCOPE_FEED_READ'], ttl: { seconds: '60' } }, s));
    expect(wider).toMatchObject(denied);
    const more = await failureOf(
      unary(admin(), 'IssueApiToken', { enterpriseId: enterpriseA, scopes: ['SCOPE_MARKET_WRITE'], ttl: { seconds: '60' } }, s),
    );
    expect(more).toMatchObject(denied);

    // Tokens of other enterprises (or tenant-wide ones) are out of its reach.
    expect(await failureOf(unary(admin(), 'RevokeToken', { tokenId: a.adminTokenId }, s))).toMatchObject(denied);
    const listed = await unary(admin(), 'ListTokens', { includeInactive: true }, s);
    expect(listed.tokens.length).toBeGreaterThan(0);
    expect(listed.tokens.every((t) => t.enterpriseId === enterpriseA)).toBe(true);
  });

  it('lets the operator act in any tenant by id', async () => {
    const op = server.operatorSecret;
    const updated = await unary(
      admin(),
      'UpdateEnterprise',
      { enterprise: { id: enterpriseB, designation: 'DESIGNATION_LITTLE_GIANT' }, updateMask: { paths: ['designation'] } },
      op,
    );
    expect(updated.enterprise).toMatchObject({ tenantId: 'tenant-b', designation: 'DESIGNATION_LITTLE_GIANT' });
    const issued = await unary(admin(), 'IssueEnrollmentToken', { enterpriseId: enterpriseB, ttl: { seconds: '60' } }, op);
    expect(issued.token?.tenantId).toBe('tenant-b');
    const revoked = await unary(admin(), 'RevokeToken', { tokenId: issued.token?.id ?? '' }, op);
    expect(revoked.token?.revokeTime).not.toBeNull();
    expect(await failureOf(unary(admin(), 'GetEnterprise', { enterpriseId: 'ent_nope' }, op))).toMatchObject(notFound);
  });
});
