import { RongtongError } from '@rongtong/core';
import type { AdminServiceHandlers } from '@rongtong/protocol';
import { BUS_TOPICS } from '../../bus/bus.js';
import type { PlatformContext } from '../../context.js';
import { buildFeedEvent } from '../../feed/feed-event.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import { emitSafely } from '../../platform-events.js';
import type { TokenKind, TokenRecord } from '../../store/records.js';
import { enterpriseFilterOf, requireTenant } from '../access.js';
import { enumIn, isEnumValue } from '../convert/proto-enum.js';
import { isTokenActive, tokenToProto } from '../convert/token.js';
import { notifyFeed } from '../feed-notify.js';
import { filteredPage, pageSizeOf } from '../paging.js';
import { invalidField, requireField } from '../validate.js';

/** Token kinds in the order of the proto enum `rongtong.v1.TokenKind`. */
const TOKEN_KINDS: readonly TokenKind[] = ['enrollment', 'api', 'agent'];
/** Longest revocation reason accepted, in characters. */
const MAX_REASON = 1024;

/** AdminService.RevokeToken and ListTokens. */
export function createTokenRpcs(ctx: PlatformContext): Pick<AdminServiceHandlers, 'RevokeToken' | 'ListTokens'> {
  /** Tells every instance to end the token's open streams. The store already says it is revoked, so a failure is only logged. */
  const announce = async (tokenId: string): Promise<void> => {
    try {
      await ctx.bus.publish(BUS_TOPICS.tokenRevoked, new TextEncoder().encode(tokenId));
    } catch (err) {
      ctx.logger.warn({ err, tokenId }, 'could not publish a token revocation');
    }
  };

  return {
    RevokeToken: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      ctx.auth.requireScope(principal, 'admin');
      const tokenId = requireField(request.tokenId, 'token_id');
      if (request.reason.length > MAX_REASON) throw invalidField('reason', `must be at most ${MAX_REASON} characters`);
      const token = await ctx.store.getToken(principal.operator ? '' : principal.tenantId, tokenId);
      if (!token) throw new RongtongError('NOT_FOUND', `token ${JSON.stringify(tokenId)} not found`);
      if (principal.enterpriseId !== '' && token.enterpriseId !== principal.enterpriseId) {
        throw new RongtongError('PERMISSION_DENIED', 'this token is restricted to another enterprise');
      }
      if (token.revokeTime !== 0) {
        // Idempotent: keep the first time and reason, append no second event; announce
        // again in case the first announcement was lost.
        await announce(token.id);
        return { token: tokenToProto(token) };
      }
      const now = ctx.now();
      const expected: TokenRecord = { ...token, revokeTime: now, revokeReason: request.reason };
      const event = buildFeedEvent({
        tenantId: token.tenantId,
        kind: 'token_revoked',
        enterpriseId: token.enterpriseId,
        agentId: token.agentId,
        time: now,
        payload: { token: tokenToProto(expected) },
      });
      const revoked = await ctx.store.revokeToken(token.tenantId, token.id, request.reason, now, event);
      if (!revoked) throw new RongtongError('NOT_FOUND', `token ${JSON.stringify(tokenId)} not found`);
      ctx.logger.info({ tokenId: revoked.id, tenantId: revoked.tenantId, kind: revoked.kind }, 'token revoked');
      emitSafely(ctx.events, ctx.logger, 'tokenRevoked', revoked);
      await announce(revoked.id);
      await notifyFeed(ctx);
      return { token: tokenToProto(revoked) };
    }),

    ListTokens: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      ctx.auth.requireScope(principal, 'admin');
      const tenantId = ctx.auth.tenantOf(principal, request.tenantId);
      if (principal.operator) await requireTenant(ctx, tenantId);
      const kind = enumIn('TOKEN_KIND', TOKEN_KINDS, request.kind);
      if (kind !== undefined && !isEnumValue(TOKEN_KINDS, kind)) throw invalidField('kind', `unknown token kind ${JSON.stringify(kind)}`);
      const enterpriseId = enterpriseFilterOf(ctx, principal, request.enterpriseId);
      const filter = {
        ...(enterpriseId !== '' ? { enterpriseId } : {}),
        ...(kind !== undefined ? { kind } : {}),
        includeRevoked: request.includeInactive,
      };
      const now = ctx.now();
      const page = await filteredPage(
        (p) => ctx.store.listTokens(tenantId, filter, p),
        (t) => request.includeInactive || isTokenActive(t, now),
        pageSizeOf(request.pageSize),
        request.pageToken,
      );
      return { tokens: page.items.map(tokenToProto), nextPageToken: page.nextPageToken };
    }),
  };
}
