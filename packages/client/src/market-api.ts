import type { MarketServiceDefinition } from '@rongtong/protocol';
import type { CallContext } from './call-context.js';
import { contract } from './contract.js';
import { unary } from './unary.js';
import type { UnaryApi } from './unary-api.js';

/** `rongtong.v1.MarketService`: demand and supply items, imports, matches, accept and reject. */
export type MarketApi = UnaryApi<MarketServiceDefinition>;

/** The MarketService methods over a client's channel. */
export function createMarketApi(context: CallContext): MarketApi {
  const s = contract().MarketService.service;
  return {
    createDemandItem: unary(context, s.CreateDemandItem),
    updateDemandItem: unary(context, s.UpdateDemandItem),
    getDemandItem: unary(context, s.GetDemandItem),
    listDemandItems: unary(context, s.ListDemandItems),
    importDemandItems: unary(context, s.ImportDemandItems),
    createSupplyItem: unary(context, s.CreateSupplyItem),
    updateSupplyItem: unary(context, s.UpdateSupplyItem),
    getSupplyItem: unary(context, s.GetSupplyItem),
    listSupplyItems: unary(context, s.ListSupplyItems),
    importSupplyItems: unary(context, s.ImportSupplyItems),
    findMatches: unary(context, s.FindMatches),
    listMatches: unary(context, s.ListMatches),
    acceptMatch: unary(context, s.AcceptMatch),
    rejectMatch: unary(context, s.RejectMatch),
  };
}
