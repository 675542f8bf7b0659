import { MATCH_STATUSES, RongtongError } from '@rongtong/core';
import type { MarketServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import { matchToProto } from '../convert/match.js';
import { enumIn, isEnumValue } from '../convert/proto-enum.js';
import { pageSizeOf } from '../paging.js';
import { invalidField, requireField } from '../validate.js';
import { findMatch } from './accept-match.js';
import { changed, matchEvent, readAccess, writeAccess } from './market-common.js';

/**
 * ListMatches (restricted tokens see only matches their enterprise is party to) and
 * RejectMatch (a party to the match, or a tenant-wide token; PROPOSED only).
 */
export function createMatchRpcs(ctx: PlatformContext): Pick<MarketServiceHandlers, 'ListMatches' | 'RejectMatch'> {
  return {
    ListMatches: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = readAccess(ctx, principal);
      const status = enumIn('MATCH_STATUS', MATCH_STATUSES, request.status);
      if (status !== undefined && !isEnumValue(MATCH_STATUSES, status)) throw invalidField('status', `unknown match status ${JSON.stringify(request.status)}`);
      const page = await ctx.store.listMatches(
        {
          tenantId,
          demandItemId: request.demandItemId,
          supplyItemId: request.supplyItemId,
          enterpriseId: request.enterpriseId,
          ...(principal.enterpriseId === '' ? {} : { enterpriseIds: [principal.enterpriseId] }),
          ...(status === undefined ? {} : { status }),
        },
        { pageSize: pageSizeOf(request.pageSize), pageToken: request.pageToken },
      );
      return { matches: page.items.map(matchToProto), nextPageToken: page.nextPageToken };
    }),

    RejectMatch: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = writeAccess(ctx, principal);
      const id = requireField(request.matchId, 'match_id');
      const match = await findMatch(ctx, principal, tenantId, id);
      const notProposed = (status: string): RongtongError =>
        new RongtongError('FAILED_PRECONDITION', `match ${JSON.stringify(id)} is ${status.toUpperCase()}: only PROPOSED matches can be rejected`);
      if (match.status !== 'proposed') throw notProposed(match.status);
      const now = ctx.now();
      const [updated] = await ctx.store.updateProposedMatches(tenantId, [id], 'rejected', now, (ms) => ms.map((m) => matchEvent(m, now)));
      if (!updated) throw notProposed((await ctx.store.getMatch(tenantId, id))?.status ?? 'gone');
      ctx.logger.info({ tenantId, matchId: id, by: principal.enterpriseId || principal.tokenId, reason: request.reason }, 'match rejected');
      await changed(ctx);
      return { match: matchToProto(updated) };
    }),
  };
}
