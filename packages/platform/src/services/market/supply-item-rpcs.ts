import { SupplyItemSchema } from '@rongtong/core';
import type { MarketServiceHandlers, SupplyItem, SupplyItem__Output } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { SupplyItemRecord } from '../../store/market-records.js';
import { SUPPLY_MATCHING_FIELDS, SUPPLY_MUTABLE_FIELDS, supplyItemInput, supplyItemToProto } from '../convert/supply-item.js';
import { createMarketItemOps, type MarketItemKind } from './item-rpcs.js';
import { supplyEvent } from './market-common.js';
import { withMeasuredCapacity } from './measured-capacity.js';

type SupplyItemRpcs = Pick<MarketServiceHandlers, 'CreateSupplyItem' | 'UpdateSupplyItem' | 'GetSupplyItem' | 'ListSupplyItems'>;

/**
 * Supply items for the shared item RPC bodies (owner: the supplier). Responses carry the
 * measured capacity computed at read time (see measured-capacity.ts), never stored back.
 */
function supplyItemKind(ctx: PlatformContext): MarketItemKind<typeof SupplyItemSchema, SupplyItemRecord, SupplyItem__Output, SupplyItem> {
  return {
    noun: 'supply item',
    field: 'supply_item',
    message: 'SupplyItem',
    idPrefix: 'sup',
    ownerField: 'supplier_enterprise_id',
    ownerKey: 'supplierEnterpriseId',
    requestedOwner: (wanted) => wanted.supplierEnterpriseId,
    ownerOf: (record) => record.supplierEnterpriseId,
    schema: SupplyItemSchema,
    mutableFields: SUPPLY_MUTABLE_FIELDS,
    matchingFields: SUPPLY_MATCHING_FIELDS,
    matchKey: 'supplyItemId',
    derivedFields: ['measuredCapacity'],
    input: supplyItemInput,
    record: (item, stamp, owner) => ({ ...item, ...stamp, supplierEnterpriseId: owner }),
    event: supplyEvent,
    toProto: async (record) => supplyItemToProto(await withMeasuredCapacity(ctx, record)),
    get: (tenantId, id) => ctx.store.getSupplyItem(tenantId, id),
    create: (record, event) => ctx.store.createSupplyItem(record, event),
    save: (records, events, etags) => ctx.store.saveSupplyItems(records, events, etags),
    list: (filter, page) => ctx.store.listSupplyItems(filter, page),
  };
}

/** MarketService's supply item RPCs: create, update (field mask + etag), get, list. */
export function createSupplyItemRpcs(ctx: PlatformContext): SupplyItemRpcs {
  const items = createMarketItemOps(ctx, supplyItemKind(ctx));
  return {
    CreateSupplyItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => ({
      supplyItem: await items.create(principal, request.supplyItem),
    })),
    UpdateSupplyItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => ({
      supplyItem: await items.update(principal, request.supplyItem, request.updateMask?.paths ?? []),
    })),
    GetSupplyItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => ({
      supplyItem: await items.get(principal, request.supplyItemId),
    })),
    ListSupplyItems: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const filter = { enterpriseId: request.supplierEnterpriseId, regionCodePrefix: request.regionCodePrefix };
      const page = await items.list(principal, request, filter);
      return { supplyItems: page.items, nextPageToken: page.nextPageToken };
    }),
  };
}
