import { RongtongError, type Scope } from '@rongtong/core';
import type { Principal } from '../auth/principal.js';
import type { PlatformContext } from '../context.js';
import type { EnterpriseRecord } from '../store/records.js';

/** Throws PERMISSION_DENIED unless the caller is the deployment operator. */
export function requireOperator(principal: Principal): void {
  if (!principal.operator) throw new RongtongError('PERMISSION_DENIED', 'only the deployment operator credential may do this');
}

/** Throws PERMISSION_DENIED unless the principal holds at least one of `scopes`. */
export function requireAnyScope(principal: Principal, scopes: readonly Scope[]): void {
  if (scopes.some((scope) => principal.operator || principal.scopes.includes(scope))) return;
  throw new RongtongError('PERMISSION_DENIED', `this token lacks the scope: needs one of ${scopes.map((s) => `"${s}"`).join(', ')}`);
}

/** Throws PERMISSION_DENIED when the principal is restricted to an enterprise (it may not act tenant-wide). */
export function requireTenantWide(principal: Principal): void {
  if (principal.enterpriseId !== '') {
    throw new RongtongError('PERMISSION_DENIED', 'this token is restricted to an enterprise and may not act for the whole tenant');
  }
}

/** Throws NOT_FOUND unless the tenant exists (for the operator, who may name any tenant). */
export async function requireTenant(ctx: PlatformContext, tenantId: string): Promise<void> {
  if (!(await ctx.store.getTenant(tenantId))) throw new RongtongError('NOT_FOUND', `tenant ${JSON.stringify(tenantId)} not found`);
}

/** The enterprise filter a listing uses: a restricted principal sees only its enterprise (naming another is PERMISSION_DENIED). */
export function enterpriseFilterOf(ctx: PlatformContext, principal: Principal, requested: string): string {
  if (requested !== '') ctx.auth.requireEnterprise(principal, requested);
  return requested !== '' ? requested : principal.enterpriseId;
}

function notFound(enterpriseId: string): RongtongError {
  return new RongtongError('NOT_FOUND', `enterprise ${JSON.stringify(enterpriseId)} not found`);
}

/**
 * The enterprise `enterpriseId` as the caller may see it. A tenant token finds only its
 * own tenant's enterprises (another tenant's id is NOT_FOUND, as if it did not exist);
 * a token restricted to another enterprise of the tenant gets PERMISSION_DENIED. The
 * operator belongs to no tenant: `tenantHint` names the tenant when the request carries
 * one, otherwise the tenants are searched (the Store has no cross-tenant lookup).
 */
export async function findEnterprise(
  ctx: PlatformContext,
  principal: Principal,
  enterpriseId: string,
  tenantHint = '',
): Promise<EnterpriseRecord> {
  if (!principal.operator) {
    const found = await ctx.store.getEnterprise(principal.tenantId, enterpriseId);
    if (!found) throw notFound(enterpriseId);
    ctx.auth.requireEnterprise(principal, found.id);
    return found;
  }
  if (tenantHint !== '') {
    const found = await ctx.store.getEnterprise(tenantHint, enterpriseId);
    if (!found) throw notFound(enterpriseId);
    return found;
  }
  let pageToken = '';
  do {
    const page = await ctx.store.listTenants({ pageSize: 1000, pageToken });
    for (const tenant of page.items) {
      const found = await ctx.store.getEnterprise(tenant.id, enterpriseId);
      if (found) return found;
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  throw notFound(enterpriseId);
}
