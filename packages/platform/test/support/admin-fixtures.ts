import { generateAgentKeyPair, organizationCodeCheckCharacter, unifiedSocialCreditCodeCheckCharacter } from '@rongtong/core';
import type { Enterprise, Enterprise__Output, Equipment, Signal } from '@rongtong/protocol';
import { createAdminService } from '../../src/services/admin-service.js';
import { createOnboardingService } from '../../src/services/onboarding-service.js';
import { unary } from './grpc-call.js';
import { startTestServer, type TestServer } from './start-test-server.js';

/** Starts a test server with the AdminService and OnboardingService (see `startTestServer`). Close it in `afterAll`. */
export function startAdminTestServer(): Promise<TestServer> {
  return startTestServer({
    services: [
      { service: 'admin', create: createAdminService },
      { service: 'onboarding', create: createOnboardingService },
    ],
  });
}

/** A valid unified social credit code (GB 32100) made from `n`: `91500112` + organisation code + check characters. */
export function creditCode(n: number): string {
  const body = String(n).padStart(8, '0');
  const first17 = `91500112${body}${organizationCodeCheckCharacter(body)}`;
  return `${first17}${unifiedSocialCreditCodeCheckCharacter(first17)}`;
}

/** A valid Enterprise for create requests. */
export function enterpriseOf(n: number, overrides: Partial<Enterprise> = {}): Enterprise {
  return {
    unifiedSocialCreditCode: creditCode(n),
    name: `重庆测试精密机械有限公司 ${n}`,
    sizeClass: 'SIZE_CLASS_SMALL',
    designation: 'DESIGNATION_SPECIALIZED',
    chainLeader: false,
    regionCode: '500112',
    certifications: ['ISO9001'],
    ...overrides,
  };
}

/** A valid counter signal read over OPC UA. */
export function signalOf(id: string, overrides: Partial<Signal> = {}): Signal {
  return {
    id,
    opcUa: { nodeId: `nsu=http://example.com/;s=${id}` },
    semantic: 'SIGNAL_SEMANTIC_PRODUCED_COUNT',
    counter: { monotonic: true },
    ...overrides,
  };
}

/** Valid equipment with one state signal and one counter. */
export function equipmentOf(id: string, overrides: Partial<Equipment> = {}): Equipment {
  return {
    id,
    name: `设备 ${id}`,
    path: [{ level: 'HIERARCHY_LEVEL_SITE', id: 'cq-1' }, { level: 'HIERARCHY_LEVEL_LINE', id: 'line-2' }],
    idealUnitTimes: [{ idealUnitTime: { seconds: '30', nanos: 0 } }],
    signals: [
      signalOf(`${id}/state`, { semantic: 'SIGNAL_SEMANTIC_MACHINE_STATE', counter: null, stateMappings: [{ rawState: 'Execute', bucket: 'TIME_BUCKET_APT' }] }),
      signalOf(`${id}/count`),
    ],
    ...overrides,
  };
}

/** A tenant with a tenant-wide admin token, made through the API with the operator token. */
export interface TenantFixture {
  tenantId: string;
  adminSecret: string;
  adminTokenId: string;
}

/** Creates tenant `tenantId` and issues it an admin API token (valid for a day). */
export async function createTenantWithAdmin(server: TestServer, tenantId: string): Promise<TenantFixture> {
  const { admin } = server.clients;
  const op = server.operatorSecret;
  await unary(admin, 'CreateTenant', { tenant: { id: tenantId, name: `租户 ${tenantId}` } }, op);
  const issued = await unary(admin, 'IssueApiToken',
    { tenantId, scopes: ['SCOPE_ADMIN'], ttl: { seconds: '86400' }, description: 'tenant admin' },
    op,
  );
  return { tenantId, adminSecret: issued.secret, adminTokenId: issued.token?.id ?? '' };
}

/** Creates an enterprise in the admin token's tenant. */
export async function createEnterprise(server: TestServer, adminSecret: string, n: number): Promise<Enterprise__Output> {
  const { admin } = server.clients;
  const created = await unary(admin, 'CreateEnterprise', { enterprise: enterpriseOf(n) }, adminSecret);
  if (!created.enterprise) throw new Error('no enterprise in the response');
  return created.enterprise;
}

/** An enrolled agent: its id, credential secret and credential token id. */
export interface AgentFixture {
  agentId: string;
  secret: string;
  tokenId: string;
  publicKey: Uint8Array;
}

/** Issues an enrollment token for the enterprise and enrols a new agent with it. */
export async function enrollAgent(server: TestServer, adminSecret: string, enterpriseId: string, name = 'gateway'): Promise<AgentFixture> {
  const { admin, onboarding } = server.clients;
  const issued = await unary(admin, 'IssueEnrollmentToken', { enterpriseId, ttl: { seconds: '3600' } }, adminSecret);
  const { publicKey } = generateAgentKeyPair();
  const enrolled = await unary(onboarding, 'Enroll', {
    enrollmentToken: issued.secret,
    publicKey,
    agentName: name,
    hostname: 'gw-1',
    agentVersion: '0.1.0',
  });
  return { agentId: enrolled.agentId, secret: enrolled.apiToken, tokenId: enrolled.tokenId, publicKey };
}
