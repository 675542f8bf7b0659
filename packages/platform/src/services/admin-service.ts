import type { AdminServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../context.js';
import { createAgentRpcs } from './admin/agent-rpcs.js';
import { createEnterpriseRpcs } from './admin/enterprise-rpcs.js';
import { createIssueTokenRpcs } from './admin/issue-token-rpcs.js';
import { createTenantRpcs } from './admin/tenant-rpcs.js';
import { createTokenRpcs } from './admin/token-rpcs.js';

/**
 * The `rongtong.v1.AdminService` implementation: tenants (operator only), enterprises,
 * enrollment and API tokens, revocation and listings. Every RPC authenticates its bearer
 * token, checks the scope (`admin`; reads of enterprises also accept `market:read` and
 * `capacity:read`) and acts in the caller's tenant; only the operator may name another.
 * Register it with `server.addService(definition['rongtong.v1.AdminService'], handlers)`.
 */
export function createAdminService(ctx: PlatformContext): AdminServiceHandlers {
  const scoped = { ...ctx, logger: ctx.logger.child({ component: 'admin-service' }) };
  return {
    ...createTenantRpcs(scoped),
    ...createEnterpriseRpcs(scoped),
    ...createIssueTokenRpcs(scoped),
    ...createTokenRpcs(scoped),
    ...createAgentRpcs(scoped),
  };
}
