import type { Enterprise } from '@rongtong/protocol';
import { newId } from '../../src/auth/token-secret.js';
import { createAdminService } from '../../src/services/admin-service.js';
import { createMarketService } from '../../src/services/market-service.js';
import type { CapacityRecordRow } from '../../src/store/capacity-records.js';
import type { Store } from '../../src/store/store.js';
import { createTenantWithAdmin, enterpriseOf } from './admin-fixtures.js';
import { unary } from './grpc-call.js';
import { startTestServer, type TestServer } from './start-test-server.js';

/** One day in ms. */
export const DAY = 86_400_000;

/** A market test server: Admin + Market services; `refreshCalls` records AcceptMatch's refreshFuture calls. */
export interface MarketTestServer extends TestServer {
  refreshCalls: Array<{ tenantId: string; enterpriseId: string }>;
}

/**
 * Starts a test server with the AdminService and the MarketService (refreshFuture records
 * its calls). `wrapStore` may wrap the store the MarketService sees (e.g. to interleave a
 * concurrent write deterministically).
 */
export async function startMarketTestServer(wrapStore?: (store: Store) => Store): Promise<MarketTestServer> {
  const refreshCalls: Array<{ tenantId: string; enterpriseId: string }> = [];
  const refreshFuture = (tenantId: string, enterpriseId: string): Promise<void> => {
    refreshCalls.push({ tenantId, enterpriseId });
    return Promise.resolve();
  };
  const server = await startTestServer({
    services: [
      { service: 'admin', create: createAdminService },
      { service: 'market', create: (ctx) => createMarketService(wrapStore ? { ...ctx, store: wrapStore(ctx.store) } : ctx, { refreshFuture }) },
    ],
  });
  return Object.assign(server, { refreshCalls });
}

/** A tenant with an admin token and a tenant-wide market (read + write) token. */
export interface MarketTenant {
  tenantId: string;
  adminSecret: string;
  marketSecret: string;
}

/** Creates tenant `tenantId` with an admin token and a tenant-wide market token. */
export async function createMarketTenant(server: TestServer, tenantId: string): Promise<MarketTenant> {
  const { adminSecret } = await createTenantWithAdmin(server, tenantId);
  const { secret } = await server.createToken({ tenantId, kind: 'api', scopes: ['market:read', 'market:write'] });
  return { tenantId, adminSecret, marketSecret: secret };
}

/** Creates an enterprise through the API and returns its id. */
export async function createEnterpriseId(server: TestServer, adminSecret: string, n: number, overrides: Partial<Enterprise> = {}): Promise<string> {
  const created = await unary(server.clients.admin, 'CreateEnterprise', { enterprise: enterpriseOf(n, overrides) }, adminSecret);
  return created.enterprise?.id ?? '';
}

/** A market token restricted to `enterpriseId` with the given scopes (default read + write). */
export async function enterpriseMarketToken(server: TestServer, tenantId: string, enterpriseId: string, scopes: Array<'market:read' | 'market:write'> = ['market:read', 'market:write']): Promise<string> {
  return (await server.createToken({ tenantId, kind: 'api', scopes, enterpriseId })).secret;
}

/** The UTC midnight at or before `t`. */
export function dayStart(t: number): number {
  return Math.floor(t / DAY) * DAY;
}

/**
 * Daily ENTERPRISE-level capacity records of a supplier from `from` (a day start) for
 * `days` days, `perDay` each, of `type` (default available), of `capabilityId` (absent:
 * the enterprise's overall records). Ready for `store.putCapacityRecords`.
 */
export function dailyRecords(
  tenantId: string,
  enterpriseId: string,
  from: number,
  days: number,
  perDay: number,
  options: { type?: CapacityRecordRow['type']; capabilityId?: string; confidence?: number } = {},
): CapacityRecordRow[] {
  return Array.from({ length: days }, (_, d) => ({
    id: newId('cap'),
    tenantId,
    enterpriseId,
    supersededBy: '',
    scope: { level: 'enterprise', enterpriseId, path: [] },
    ...(options.capabilityId ? { capability: { kind: 'process_segment' as const, id: options.capabilityId } } : {}),
    startTime: from + d * DAY,
    endTime: from + (d + 1) * DAY,
    granularity: 'day',
    type: options.type ?? 'available',
    quantity: { value: perDay, unit: '' },
    confidence: { value: options.confidence ?? 0.9, signalCoverage: 0.9, counterContinuity: 1, plausibility: 1 },
    derivation: 'test',
    evidence: [],
    computeTime: from,
  }));
}
