import { RongtongError, SCOPES, type FieldViolation, type Scope } from '@rongtong/core';
import type { AdminServiceHandlers, IssueApiTokenRequest__Output } from '@rongtong/protocol';
import type { Principal } from '../../auth/principal.js';
import { newTokenRecord } from '../../auth/token-record.js';
import { generateSecret } from '../../auth/token-secret.js';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import { findEnterprise, requireTenant } from '../access.js';
import { enumIn, isEnumValue } from '../convert/proto-enum.js';
import { tokenToProto } from '../convert/token.js';
import { expireTimeOf } from '../expiration.js';
import { invalidArgument, invalidField, requireField } from '../validate.js';

/** Longest token description accepted, in characters. */
const MAX_DESCRIPTION = 1024;

function descriptionOf(description: string): string {
  if (description.length > MAX_DESCRIPTION) throw invalidField('description', `must be at most ${MAX_DESCRIPTION} characters`);
  return description;
}

/** The scopes of an IssueApiToken request: at least one, each known (duplicates dropped). */
function scopesOf(values: IssueApiTokenRequest__Output['scopes']): Scope[] {
  if (values.length === 0) throw invalidField('scopes', 'at least one scope is required');
  const scopes: Scope[] = [];
  const violations: FieldViolation[] = [];
  values.forEach((value, i) => {
    const scope = enumIn('SCOPE', SCOPES, value);
    if (!isEnumValue(SCOPES, scope)) violations.push({ path: `scopes.${i}`, reason: `unknown or unspecified scope ${JSON.stringify(value)}` });
    else if (!scopes.includes(scope)) scopes.push(scope);
  });
  if (violations.length > 0) throw invalidArgument(violations);
  return scopes;
}

/** A token restricted to an enterprise issues only tokens restricted to it, with no scope it lacks. */
function checkDelegation(principal: Principal, enterpriseId: string, scopes: readonly Scope[]): void {
  if (principal.enterpriseId === '') return;
  if (enterpriseId !== principal.enterpriseId) {
    throw new RongtongError('PERMISSION_DENIED', 'a token restricted to an enterprise may only issue tokens restricted to the same enterprise');
  }
  const extra = scopes.filter((s) => !principal.scopes.includes(s));
  if (extra.length > 0) {
    throw new RongtongError('PERMISSION_DENIED', `may not grant scopes this token lacks: ${extra.join(', ')}`);
  }
}

/** AdminService.IssueEnrollmentToken and IssueApiToken. Secrets are returned once and stored only as hashes. */
export function createIssueTokenRpcs(ctx: PlatformContext): Pick<AdminServiceHandlers, 'IssueEnrollmentToken' | 'IssueApiToken'> {
  return {
    IssueEnrollmentToken: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      ctx.auth.requireScope(principal, 'admin');
      const enterpriseId = requireField(request.enterpriseId, 'enterprise_id');
      const now = ctx.now();
      const expireTime = expireTimeOf(request, now, ctx.limits.maxEnrollmentTokenTtlMs);
      const description = descriptionOf(request.description);
      const enterprise = await findEnterprise(ctx, principal, enterpriseId);
      const secret = generateSecret('enrollment');
      const record = newTokenRecord({
        tenantId: enterprise.tenantId,
        kind: 'enrollment',
        scopes: [],
        enterpriseId: enterprise.id,
        description,
        createTime: now,
        expireTime,
        secret,
      });
      const stored = await ctx.store.createToken(record);
      ctx.logger.info({ tokenId: stored.id, tenantId: stored.tenantId, enterpriseId: stored.enterpriseId }, 'enrollment token issued');
      return { token: tokenToProto(stored), secret };
    }),

    IssueApiToken: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      ctx.auth.requireScope(principal, 'admin');
      const tenantId = ctx.auth.tenantOf(principal, request.tenantId);
      const scopes = scopesOf(request.scopes);
      const now = ctx.now();
      const expireTime = expireTimeOf(request, now);
      const description = descriptionOf(request.description);
      checkDelegation(principal, request.enterpriseId, scopes);
      if (principal.operator) await requireTenant(ctx, tenantId);
      if (request.enterpriseId !== '' && !(await ctx.store.getEnterprise(tenantId, request.enterpriseId))) {
        throw new RongtongError('NOT_FOUND', `enterprise ${JSON.stringify(request.enterpriseId)} not found`);
      }
      const secret = generateSecret('api');
      const record = newTokenRecord({ tenantId, kind: 'api', scopes, enterpriseId: request.enterpriseId, description, createTime: now, expireTime, secret });
      const stored = await ctx.store.createToken(record);
      ctx.logger.info({ tokenId: stored.id, tenantId, scopes }, 'API token issued');
      return { token: tokenToProto(stored), secret };
    }),
  };
}
