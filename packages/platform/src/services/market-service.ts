import type { MarketServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../context.js';
import { createAcceptMatchRpc, type AcceptMatchDeps } from './market/accept-match.js';
import { createDemandItemRpcs } from './market/demand-item-rpcs.js';
import { createFindMatchesRpc } from './market/find-matches.js';
import { createImportRpcs } from './market/import-rpcs.js';
import { createMatchRpcs } from './market/match-rpcs.js';
import { createSupplyItemRpcs } from './market/supply-item-rpcs.js';

/**
 * The `rongtong.v1.MarketService` implementation (issue #7): demand and supply lists
 * (create, update with field mask and etag, get, list, CSV/XLSX import), ranked matches
 * with explanations (FindMatches, ListMatches, RejectMatch) and commitments (AcceptMatch).
 * Reads need `market:read`, writes `market:write`; enterprise-restricted tokens write only
 * their enterprise's items and read OPEN items of the tenant plus their own. Supply items
 * carry their measured capacity, computed from the supplier's capacity records when read.
 * `deps.refreshFuture` is the capacity engine's recomputation of a supplier's future
 * records, awaited by AcceptMatch. Register it with
 * `server.addService(definition['rongtong.v1.MarketService'], handlers)`.
 */
export function createMarketService(ctx: PlatformContext, deps: AcceptMatchDeps): MarketServiceHandlers {
  const scoped = { ...ctx, logger: ctx.logger.child({ component: 'market-service' }) };
  return {
    ...createDemandItemRpcs(scoped),
    ...createSupplyItemRpcs(scoped),
    ...createImportRpcs(scoped),
    ...createFindMatchesRpc(scoped),
    ...createMatchRpcs(scoped),
    ...createAcceptMatchRpc(scoped, deps),
  };
}
