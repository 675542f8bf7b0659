import { randomBytes } from 'node:crypto';
import { RongtongError, TenantSchema } from '@rongtong/core';
import type { AdminServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { TenantRecord } from '../../store/records.js';
import { requireOperator } from '../access.js';
import { tenantInput, tenantToProto } from '../convert/tenant.js';
import { filteredPage, pageSizeOf } from '../paging.js';
import { parseRequest, requireField } from '../validate.js';

/** A generated tenant id: `t-` and 16 hex digits (fits `[a-z0-9-]{1,64}`). */
function generateTenantId(): string {
  return `t-${randomBytes(8).toString('hex')}`;
}

/** AdminService.CreateTenant and ListTenants: the deployment operator's tenant management. */
export function createTenantRpcs(ctx: PlatformContext): Pick<AdminServiceHandlers, 'CreateTenant' | 'ListTenants'> {
  return {
    CreateTenant: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      requireOperator(principal);
      const input = tenantInput(requireField(request.tenant, 'tenant'));
      const parsed = parseRequest(TenantSchema, { id: input.id || generateTenantId(), name: input.name }, ['tenant']);
      if (await ctx.store.getTenant(parsed.id)) {
        throw new RongtongError('ALREADY_EXISTS', `tenant ${JSON.stringify(parsed.id)} already exists`);
      }
      const record: TenantRecord = { id: parsed.id, name: parsed.name, createTime: ctx.now() };
      const stored = await ctx.store.createTenant(record);
      ctx.logger.info({ tenantId: stored.id }, 'tenant created');
      return { tenant: tenantToProto(stored) };
    }),

    ListTenants: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      requireOperator(principal);
      const page = await filteredPage(
        (p) => ctx.store.listTenants(p),
        () => true,
        pageSizeOf(request.pageSize),
        request.pageToken,
      );
      return { tenants: page.items.map(tenantToProto), nextPageToken: page.nextPageToken };
    }),
  };
}
