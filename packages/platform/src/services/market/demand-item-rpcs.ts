import { DemandItemSchema } from '@rongtong/core';
import type { DemandItem, DemandItem__Output, MarketServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { DemandItemRecord } from '../../store/market-records.js';
import { DEMAND_MATCHING_FIELDS, DEMAND_MUTABLE_FIELDS, demandItemInput, demandItemToProto } from '../convert/demand-item.js';
import { createMarketItemOps, type MarketItemKind } from './item-rpcs.js';
import { demandEvent } from './market-common.js';

type DemandItemRpcs = Pick<MarketServiceHandlers, 'CreateDemandItem' | 'UpdateDemandItem' | 'GetDemandItem' | 'ListDemandItems'>;

/** Demand items for the shared item RPC bodies (owner: the buyer; created with nothing committed). */
function demandItemKind(ctx: PlatformContext): MarketItemKind<typeof DemandItemSchema, DemandItemRecord, DemandItem__Output, DemandItem> {
  return {
    noun: 'demand item',
    field: 'demand_item',
    message: 'DemandItem',
    idPrefix: 'dem',
    ownerField: 'buyer_enterprise_id',
    ownerKey: 'buyerEnterpriseId',
    requestedOwner: (wanted) => wanted.buyerEnterpriseId,
    ownerOf: (record) => record.buyerEnterpriseId,
    schema: DemandItemSchema,
    mutableFields: DEMAND_MUTABLE_FIELDS,
    matchingFields: DEMAND_MATCHING_FIELDS,
    matchKey: 'demandItemId',
    derivedFields: [],
    input: demandItemInput,
    record: (item, stamp, owner, created) => ({
      ...item,
      ...stamp,
      buyerEnterpriseId: owner,
      ...(created ? { committedQuantity: { value: 0, unit: item.quantity.unit } } : {}),
    }),
    event: demandEvent,
    toProto: (record) => Promise.resolve(demandItemToProto(record)),
    get: (tenantId, id) => ctx.store.getDemandItem(tenantId, id),
    create: (record, event) => ctx.store.createDemandItem(record, event),
    save: (records, events, etags) => ctx.store.saveDemandItems(records, events, etags),
    list: (filter, page) => ctx.store.listDemandItems(filter, page),
  };
}

/** MarketService's demand item RPCs: create, update (field mask + etag), get, list. */
export function createDemandItemRpcs(ctx: PlatformContext): DemandItemRpcs {
  const items = createMarketItemOps(ctx, demandItemKind(ctx));
  return {
    CreateDemandItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => ({
      demandItem: await items.create(principal, request.demandItem),
    })),
    UpdateDemandItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => ({
      demandItem: await items.update(principal, request.demandItem, request.updateMask?.paths ?? []),
    })),
    GetDemandItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => ({
      demandItem: await items.get(principal, request.demandItemId),
    })),
    ListDemandItems: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const page = await items.list(principal, request, { enterpriseId: request.buyerEnterpriseId });
      return { demandItems: page.items, nextPageToken: page.nextPageToken };
    }),
  };
}
