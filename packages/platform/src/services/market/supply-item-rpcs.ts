import { SupplyItemSchema } from '@rongtong/core';
import type { MarketServiceHandlers } from '@rongtong/protocol';
import { newId } from '../../auth/token-secret.js';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { SupplyItemRecord } from '../../store/market-records.js';
import { SUPPLY_MATCHING_FIELDS, SUPPLY_MUTABLE_FIELDS, supplyItemInput, supplyItemToProto } from '../convert/supply-item.js';
import { pageSizeOf } from '../paging.js';
import { parseRequest, requireField } from '../validate.js';
import { statusFilter } from './demand-item-rpcs.js';
import { withMeasuredCapacity } from './measured-capacity.js';
import { anyFieldChanged, maskedItemFields, mergeFields } from './item-update.js';
import {
  changed,
  supplyEvent,
  expireProposedMatches,
  mayRead,
  newEtag,
  notFound,
  ownerOf,
  readAccess,
  staleEtag,
  writeAccess,
} from './market-common.js';

type SupplyItemRpcs = Pick<MarketServiceHandlers, 'CreateSupplyItem' | 'UpdateSupplyItem' | 'GetSupplyItem' | 'ListSupplyItems'>;

/** MarketService's supply item RPCs: create, update (field mask + etag), get, list. Responses
 * carry the measured capacity computed at read time (see measured-capacity.ts). */
export function createSupplyItemRpcs(ctx: PlatformContext): SupplyItemRpcs {
  /** The supply item as the caller may see it (others' DRAFT/CLOSED items are NOT_FOUND to restricted tokens). */
  const find = async (tenantId: string, enterpriseId: string, id: string): Promise<SupplyItemRecord> => {
    const stored = await ctx.store.getSupplyItem(tenantId, id);
    if (!stored || !mayRead(enterpriseId, stored.supplierEnterpriseId, stored.status)) throw notFound('supply item', id);
    return stored;
  };

  return {
    CreateSupplyItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = writeAccess(ctx, principal);
      const wanted = requireField(request.supplyItem, 'supply_item');
      const supplier = await ownerOf(ctx, principal, tenantId, wanted.supplierEnterpriseId, 'supply_item.supplier_enterprise_id');
      const item = parseRequest(SupplyItemSchema, { ...supplyItemInput(wanted), supplierEnterpriseId: supplier }, ['supply_item']);
      const now = ctx.now();
      const record: SupplyItemRecord = {
        ...item,
        id: newId('sup'),
        tenantId,
        supplierEnterpriseId: supplier,
        createTime: now,
        updateTime: now,
        etag: newEtag(),
      };
      const stored = await ctx.store.createSupplyItem(record, supplyEvent(record, now));
      await changed(ctx);
      return { supplyItem: supplyItemToProto(await withMeasuredCapacity(ctx, stored)) };
    }),

    UpdateSupplyItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = writeAccess(ctx, principal);
      const wanted = requireField(request.supplyItem, 'supply_item');
      const id = requireField(wanted.id, 'supply_item.id');
      const fields = maskedItemFields(request.updateMask?.paths ?? [], SUPPLY_MUTABLE_FIELDS, 'SupplyItem');
      const stored = await find(tenantId, principal.enterpriseId, id);
      ctx.auth.requireEnterprise(principal, stored.supplierEnterpriseId);
      if (wanted.etag !== '' && wanted.etag !== stored.etag) throw staleEtag('supply item');
      const merged = mergeFields(stored, supplyItemInput(wanted), fields);
      const { id: _id, tenantId: _t, createTime: _c, updateTime: _u, etag: _e, measuredCapacity: _m, ...mutable } = merged;
      const item = parseRequest(SupplyItemSchema, mutable, ['supply_item']);
      const now = ctx.now();
      const record: SupplyItemRecord = {
        ...item,
        id: stored.id,
        tenantId,
        supplierEnterpriseId: stored.supplierEnterpriseId,
        createTime: stored.createTime,
        updateTime: now,
        etag: newEtag(),
      };
      const [saved] = await ctx.store.saveSupplyItems([record], [supplyEvent(record, now)], [stored.etag]);
      if (anyFieldChanged(stored, record, SUPPLY_MATCHING_FIELDS)) await expireProposedMatches(ctx, tenantId, { supplyItemId: id });
      await changed(ctx);
      return { supplyItem: supplyItemToProto(await withMeasuredCapacity(ctx, saved ?? record)) };
    }),

    GetSupplyItem: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = readAccess(ctx, principal);
      const id = requireField(request.supplyItemId, 'supply_item_id');
      return { supplyItem: supplyItemToProto(await withMeasuredCapacity(ctx, await find(tenantId, principal.enterpriseId, id))) };
    }),

    ListSupplyItems: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = readAccess(ctx, principal);
      const status = statusFilter(request.status);
      const page = await ctx.store.listSupplyItems(
        {
          tenantId,
          enterpriseId: request.supplierEnterpriseId,
          category: request.category,
          regionCodePrefix: request.regionCodePrefix,
          ...(status === undefined ? {} : { status }),
          ...(principal.enterpriseId === '' ? {} : { visibleTo: principal.enterpriseId }),
        },
        { pageSize: pageSizeOf(request.pageSize), pageToken: request.pageToken },
      );
      const items = await Promise.all(page.items.map((item) => withMeasuredCapacity(ctx, item)));
      return { supplyItems: items.map(supplyItemToProto), nextPageToken: page.nextPageToken };
    }),
  };
}
