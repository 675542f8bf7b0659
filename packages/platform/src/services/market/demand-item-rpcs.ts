import { DemandItemSchema, ITEM_STATUSES, type ItemStatus } from '@rongtong/core';
import type { MarketServiceHandlers } from '@rongtong/protocol';
import { newId } from '../../auth/token-secret.js';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { DemandItemRecord } from '../../store/market-records.js';
import { DEMAND_MATCHING_FIELDS, DEMAND_MUTABLE_FIELDS, demandItemInput, demandItemToProto } from '../convert/demand-item.js';
import { enumIn, isEnumValue } from '../convert/proto-enum.js';
import { pageSizeOf } from '../paging.js';
import { invalidField, parseRequest, requireField } from '../validate.js';
import { anyFieldChanged, maskedItemFields, mergeFields } from './item-update.js';
import {
  changed,
  demandEvent,
  expireProposedMatches,
  mayRead,
  newEtag,
  notFound,
  ownerOf,
  readAccess,
  staleEtag,
  writeAccess,
} from './market-common.js';

type DemandItemRpcs = Pick<MarketServiceHandlers, 'CreateDemandItem' | 'UpdateDemandItem' | 'GetDemandItem' | 'ListDemandItems'>;

/** A list filter's status: UNSPECIFIED → undefined; an unknown value is INVALID_ARGUMENT naming `status`. */
export function statusFilter(value: string | number): ItemStatus | undefined {
  const status = enumIn('ITEM_STATUS', ITEM_STATUSES, value);
  if (status !== undefined && !isEnumValue(ITEM_STATUSES, status)) throw invalidField('status', `unknown item status ${JSON.stringify(value)}`);
  return status;
}

/** MarketService's demand item RPCs: create, update (field mask + etag), get, list. */
export function createDemandItemRpcs(ctx: PlatformContext): DemandItemRpcs {
  /** The demand item as the caller may see it (others' DRAFT/CLOSED items are NOT_FOUND to restricted tokens). */
  const find = async (tenantId: string, enterpriseId: string, id: string): Promise<DemandItemRecord> => {
    const stored = await ctx.store.getDemandItem(tenantId, id);
    if (!stored || !mayRead(enterpriseId, stored.buyerEnterpriseId, stored.status)) throw notFound('demand item', id);
    return stored;
  };

  return {
    CreateDemandItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = writeAccess(ctx, principal);
      const wanted = requireField(request.demandItem, 'demand_item');
      const buyer = await ownerOf(ctx, principal, tenantId, wanted.buyerEnterpriseId, 'demand_item.buyer_enterprise_id');
      const item = parseRequest(DemandItemSchema, { ...demandItemInput(wanted), buyerEnterpriseId: buyer }, ['demand_item']);
      const now = ctx.now();
      const record: DemandItemRecord = {
        ...item,
        id: newId('dem'),
        tenantId,
        buyerEnterpriseId: buyer,
        committedQuantity: { value: 0, unit: item.quantity.unit },
        createTime: now,
        updateTime: now,
        etag: newEtag(),
      };
      const stored = await ctx.store.createDemandItem(record, demandEvent(record, now));
      await changed(ctx);
      return { demandItem: demandItemToProto(stored) };
    }),

    UpdateDemandItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = writeAccess(ctx, principal);
      const wanted = requireField(request.demandItem, 'demand_item');
      const id = requireField(wanted.id, 'demand_item.id');
      const fields = maskedItemFields(request.updateMask?.paths ?? [], DEMAND_MUTABLE_FIELDS, 'DemandItem');
      const stored = await find(tenantId, principal.enterpriseId, id);
      ctx.auth.requireEnterprise(principal, stored.buyerEnterpriseId);
      if (wanted.etag !== '' && wanted.etag !== stored.etag) throw staleEtag('demand item');
      const merged = mergeFields(stored, demandItemInput(wanted), fields);
      const { id: _id, tenantId: _t, createTime: _c, updateTime: _u, etag: _e, ...mutable } = merged;
      const item = parseRequest(DemandItemSchema, mutable, ['demand_item']);
      const now = ctx.now();
      const record: DemandItemRecord = {
        ...item,
        id: stored.id,
        tenantId,
        buyerEnterpriseId: stored.buyerEnterpriseId,
        createTime: stored.createTime,
        updateTime: now,
        etag: newEtag(),
      };
      const [saved] = await ctx.store.saveDemandItems([record], [demandEvent(record, now)], [stored.etag]);
      if (anyFieldChanged(stored, record, DEMAND_MATCHING_FIELDS)) await expireProposedMatches(ctx, tenantId, { demandItemId: id });
      await changed(ctx);
      return { demandItem: demandItemToProto(saved ?? record) };
    }),

    GetDemandItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = readAccess(ctx, principal);
      const id = requireField(request.demandItemId, 'demand_item_id');
      return { demandItem: demandItemToProto(await find(tenantId, principal.enterpriseId, id)) };
    }),

    ListDemandItems: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = readAccess(ctx, principal);
      const status = statusFilter(request.status);
      const page = await ctx.store.listDemandItems(
        {
          tenantId,
          enterpriseId: request.buyerEnterpriseId,
          category: request.category,
          ...(status === undefined ? {} : { status }),
          ...(principal.enterpriseId === '' ? {} : { visibleTo: principal.enterpriseId }),
        },
        { pageSize: pageSizeOf(request.pageSize), pageToken: request.pageToken },
      );
      return { demandItems: page.items.map(demandItemToProto), nextPageToken: page.nextPageToken };
    }),
  };
}
