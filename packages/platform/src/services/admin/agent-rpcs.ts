import type { AdminServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import { enterpriseFilterOf, requireTenant } from '../access.js';
import { agentToProto } from '../convert/agent.js';
import { filteredPage, pageSizeOf } from '../paging.js';

/** AdminService.ListAgents: enrolled agents of a tenant, optionally of one enterprise. */
export function createAgentRpcs(ctx: PlatformContext): Pick<AdminServiceHandlers, 'ListAgents'> {
  return {
    ListAgents: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      ctx.auth.requireScope(principal, 'admin');
      const tenantId = ctx.auth.tenantOf(principal, request.tenantId);
      if (principal.operator) await requireTenant(ctx, tenantId);
      const enterpriseId = enterpriseFilterOf(ctx, principal, request.enterpriseId);
      const page = await filteredPage(
        (p) => ctx.store.listAgents(tenantId, enterpriseId, p),
        () => true,
        pageSizeOf(request.pageSize),
        request.pageToken,
      );
      return { agents: page.items.map(agentToProto), nextPageToken: page.nextPageToken };
    }),
  };
}
