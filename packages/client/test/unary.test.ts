import type { ListTenantsRequest, ListTenantsResponse__Output, SubscribeResponse__Output } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { RongtongError, createClient, type RongtongClient } from '../src/index.js';
import { type AdminTestServer, startAdminTestServer } from './support/admin-test-server.js';
import { waitFor } from './support/wait-for.js';

/** The RongtongError a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<RongtongError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RongtongError);
    return error as RongtongError;
  }
  throw new Error('expected the call to fail');
}

describe('unary calls over real gRPC', () => {
  let server: AdminTestServer;
  let client: RongtongClient;

  beforeAll(async () => {
    server = await startAdminTestServer();
    client = createClient({ address: server.address, token: 'adm1n-t0ken', tls: false });
  });

  afterAll(async () => {
    client.close();
    await server.close();
  });

  it('returns typed data (int64 as decimal strings) and sends the bearer token', async () => {
    const response = await client.admin.listTenants({ pageSize: 10 });
    expect(response).toEqual({
      tenants: [
        { id: 'cq-auto', name: '重庆汽车产业链', createTime: { seconds: '1717200000', nanos: 5 } },
        { id: 'cq-elec', name: 'Chongqing electronics', createTime: null },
      ],
      nextPageToken: 'page-2',
    });
    const name: string | undefined = response.tenants[0]?.name;
    expect(name).toBe('重庆汽车产业链');
    expect(server.calls.at(-1)).toMatchObject({ method: 'ListTenants', authorization: 'Bearer adm1n-t0ken', deadline: Infinity });
    expect(await client.admin.listTenants({ pageToken: 'page-2' })).toEqual({ tenants: [], nextPageToken: '' });
  });

  it('maps the rongtong-error-bin trailer to the RongtongError code and field violations', async () => {
    const exists = await rejection(client.admin.createTenant({ tenant: { id: 'cq-auto', name: 'x' } }));
    expect(exists.code).toBe('ALREADY_EXISTS');
    expect(exists.message).toBe('tenant cq-auto exists');
    const invalid = await rejection(client.admin.createEnterprise({}));
    expect(invalid.code).toBe('INVALID_ARGUMENT');
    expect(invalid.fieldViolations).toEqual([{ path: 'enterprise.credit_code', reason: 'must be 18 characters' }]);
  });

  it('falls back to the gRPC status without a usable trailer', async () => {
    expect((await rejection(client.admin.listTokens({}))).code).toBe('PERMISSION_DENIED');
    const garbled = await rejection(client.admin.revokeToken({ tokenId: 't1' }));
    expect(garbled.code).toBe('UNAUTHENTICATED');
    expect(garbled.message).toBe('garbled trailer');
    // The stub does not implement GetEnterprise.
    expect((await rejection(client.admin.getEnterprise({ enterpriseId: 'e1' }))).code).toBe('UNIMPLEMENTED');
  });

  it('sends the deadline and rejects with DEADLINE_EXCEEDED when it passes', async () => {
    const started = Date.now();
    const err = await rejection(client.admin.listAgents({}, { timeoutMs: 100 }));
    expect(err.code).toBe('DEADLINE_EXCEEDED');
    expect(Date.now() - started).toBeLessThan(2_000);
    // The server sees the deadline as epoch milliseconds, about 100 ms after the call started.
    const deadline = Number(server.calls.at(-1)?.deadline);
    expect(deadline - started).toBeGreaterThanOrEqual(80);
    expect(deadline - started).toBeLessThanOrEqual(200);
  });

  it('cancels the call when the AbortSignal fires', async () => {
    const controller = new AbortController();
    const count = server.calls.length;
    const pending = client.admin.listAgents({}, { signal: controller.signal });
    await waitFor(() => server.calls.length === count + 1, 5_000, 'the call to reach the server');
    const call = server.calls[count]!;
    expect(call).toMatchObject({ method: 'ListAgents', cancelled: false });
    controller.abort();
    const err = await rejection(pending);
    expect(err.code).toBe('CANCELLED');
    await waitFor(() => call.cancelled, 5_000, 'server-side cancel');
    const before = server.calls.length;
    expect((await rejection(client.admin.listAgents({}, { signal: controller.signal }))).code).toBe('CANCELLED');
    expect(server.calls.length).toBe(before);
  });

  it('types requests and responses from the contract', () => {
    expectTypeOf(client.admin.listTenants).parameter(0).toEqualTypeOf<ListTenantsRequest>();
    expectTypeOf(client.admin.listTenants).returns.resolves.toEqualTypeOf<ListTenantsResponse__Output>();
    expectTypeOf(client.admin.listTenants).returns.resolves.not.toEqualTypeOf<SubscribeResponse__Output>();
  });

  it('covers every unary RPC of the four services', () => {
    expect(Object.keys(client.admin).sort()).toEqual([
      'createEnterprise', 'createTenant', 'getEnterprise', 'issueApiToken', 'issueEnrollmentToken', 'listAgents',
      'listEnterprises', 'listTenants', 'listTokens', 'revokeToken', 'updateEnterprise',
    ]);
    expect(Object.keys(client.onboarding).sort()).toEqual(['declareEquipment', 'enroll']);
    expect(Object.keys(client.capacity).sort()).toEqual(['getEvidence', 'listCapacityRecords', 'listCommitments', 'listEquipment', 'listKpis']);
    expect(Object.keys(client.market)).toHaveLength(14);
  });

  it('rejects with FAILED_PRECONDITION after close', async () => {
    const other = createClient({ address: server.address, tls: false });
    other.close();
    expect((await rejection(other.admin.listTenants({}))).code).toBe('FAILED_PRECONDITION');
  });
});
