import { RongtongError, type Scope } from '@rongtong/core';
import type { Principal } from '../../auth/principal.js';
import type { PlatformContext } from '../../context.js';
import { enterpriseFilterOf, requireAnyScope } from '../access.js';

/** Scopes that may read capacity data. */
export const CAPACITY_READ_SCOPES: readonly Scope[] = ['capacity:read'];
/** Scopes that may list commitments (capacity and market readers alike). */
export const COMMITMENT_READ_SCOPES: readonly Scope[] = ['capacity:read', 'market:read'];

/** What a CapacityService caller may see: its tenant and the enterprises of it. */
export interface CapacityReader {
  tenantId: string;
  /** The enterprise the request names, or the token's own when restricted; '' : every visible enterprise. */
  enterpriseId: string;
  /** The enterprises a restricted token may see; undefined: the whole tenant. */
  enterpriseIds?: readonly string[];
  /** The principal's own enterprise; '' when it sees the whole tenant. */
  restrictedTo: string;
}

/**
 * Authorizes a CapacityService read: one of `scopes`; a token of a tenant (the operator
 * token, which belongs to no tenant, is refused: these requests name no tenant); a token
 * restricted to an enterprise sees only that enterprise, and naming another in
 * `enterprise_id` is PERMISSION_DENIED.
 */
export function capacityReaderOf(
  ctx: PlatformContext,
  principal: Principal,
  scopes: readonly Scope[],
  requestedEnterpriseId = '',
): CapacityReader {
  requireAnyScope(principal, scopes);
  if (principal.operator || principal.tenantId === '') {
    throw new RongtongError('PERMISSION_DENIED', 'capacity data is per tenant: call with a token of the tenant');
  }
  const enterpriseId = enterpriseFilterOf(ctx, principal, requestedEnterpriseId);
  const restrictedTo = principal.enterpriseId;
  return {
    tenantId: principal.tenantId,
    enterpriseId,
    ...(restrictedTo !== '' ? { enterpriseIds: [restrictedTo] } : {}),
    restrictedTo,
  };
}

/** True when the reader may see data of `enterpriseId`. */
export function canSee(reader: CapacityReader, enterpriseId: string): boolean {
  return reader.restrictedTo === '' || reader.restrictedTo === enterpriseId;
}
