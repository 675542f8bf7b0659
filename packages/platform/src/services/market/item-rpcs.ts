import { ITEM_STATUSES, type ItemStatus } from '@rongtong/core';
import type { z } from 'zod';
import { newId } from '../../auth/token-secret.js';
import type { Principal } from '../../auth/principal.js';
import type { PlatformContext } from '../../context.js';
import type { ItemFilter } from '../../store/market-records.js';
import type { NewFeedEvent, Page, PageRequest } from '../../store/records.js';
import { enumIn, isEnumValue } from '../convert/proto-enum.js';
import { pageSizeOf } from '../paging.js';
import { invalidField, parseRequest, requireField } from '../validate.js';
import { anyFieldChanged, maskedItemFields, mergeFields } from './item-update.js';
import { changed, expireProposedMatches, mayRead, newEtag, notFound, ownerOf, readAccess, staleEtag, writeAccess } from './market-common.js';

/** The platform-set fields every stored market item carries. */
export interface ItemStamp {
  id: string;
  tenantId: string;
  createTime: number;
  updateTime: number;
  etag: string;
}

/** A stored demand or supply item, as the shared RPC bodies see it. */
export type StoredItem = ItemStamp & { status: ItemStatus };

/** A request's item: what the shared RPC bodies read before converting it. */
interface WantedItem {
  id: string;
  etag: string;
}

/**
 * What differs between the demand and supply item RPCs: names used in errors, the schema,
 * the converters and the store methods. `R` is the stored record, `W` the request's item,
 * `P` the response's item.
 */
export interface MarketItemKind<S extends z.ZodType, R extends StoredItem, W extends WantedItem, P> {
  /** In NOT_FOUND / CONFLICT messages: `demand item`. */
  noun: string;
  /** The request field and prefix of error paths: `demand_item`. */
  field: string;
  /** The proto message, in update mask errors: `DemandItem`. */
  message: string;
  /** Prefix of new ids: `dem`. */
  idPrefix: string;
  /** The owner's proto field name: `buyer_enterprise_id`. */
  ownerField: string;
  /** The owner's domain field name: `buyerEnterpriseId`. */
  ownerKey: string;
  /** The owner enterprise a request names ('' when unset). */
  requestedOwner(wanted: W): string;
  /** The owner enterprise of a stored item. */
  ownerOf(record: R): string;
  schema: S;
  /** Client-settable fields by proto name, with their domain names. */
  mutableFields: Readonly<Record<string, string>>;
  /** Fields whose change expires the item's PROPOSED matches. */
  matchingFields: readonly string[];
  /** The match filter field naming this item. */
  matchKey: 'demandItemId' | 'supplyItemId';
  /** Read-time fields a stored item may carry that the schema must not see again. */
  derivedFields: readonly string[];
  /** The request's item as an unvalidated domain object (owner included). */
  input(wanted: W): Readonly<Record<string, unknown>>;
  /** The stored record of a validated item, its stamp and owner; `created` on create. */
  record(item: z.output<S>, stamp: ItemStamp, owner: string, created: boolean): R;
  event(record: R, now: number): NewFeedEvent;
  toProto(record: R): Promise<P>;
  get(tenantId: string, id: string): Promise<R | undefined>;
  create(record: R, event: NewFeedEvent): Promise<R>;
  save(records: R[], events: NewFeedEvent[], expectedEtags: readonly string[]): Promise<R[]>;
  list(filter: ItemFilter, page: PageRequest): Promise<Page<R>>;
}

/** A list request's common fields. */
interface ListRequest {
  status: string | number;
  category: string;
  pageSize: number;
  pageToken: string;
}

/** The bodies of an item kind's Create/Update/Get/List RPCs, returning response items. */
export interface MarketItemOps<W, P> {
  create(principal: Principal, wanted: W | null | undefined): Promise<P>;
  update(principal: Principal, wanted: W | null | undefined, maskPaths: readonly string[]): Promise<P>;
  get(principal: Principal, id: string): Promise<P>;
  /** `filter`: the kind's owner (`enterpriseId`) and any further filters. */
  list(principal: Principal, request: ListRequest, filter: Pick<ItemFilter, 'enterpriseId' | 'regionCodePrefix'>): Promise<{ items: P[]; nextPageToken: string }>;
}

/** A list filter's status: UNSPECIFIED → undefined; an unknown value is INVALID_ARGUMENT naming `status`. */
export function statusFilter(value: string | number): ItemStatus | undefined {
  const status = enumIn('ITEM_STATUS', ITEM_STATUSES, value);
  if (status !== undefined && !isEnumValue(ITEM_STATUSES, status)) throw invalidField('status', `unknown item status ${JSON.stringify(value)}`);
  return status;
}

/** The shared Create/Update/Get/List bodies of MarketService's demand and supply item RPCs. */
export function createMarketItemOps<S extends z.ZodType, R extends StoredItem, W extends WantedItem, P>(
  ctx: PlatformContext,
  kind: MarketItemKind<S, R, W, P>,
): MarketItemOps<W, P> {
  const { field } = kind;

  /** The item as the caller may see it (others' DRAFT/CLOSED items are NOT_FOUND to restricted tokens). */
  const find = async (tenantId: string, enterpriseId: string, id: string): Promise<R> => {
    const stored = await kind.get(tenantId, id);
    if (!stored || !mayRead(enterpriseId, kind.ownerOf(stored), stored.status)) throw notFound(kind.noun, id);
    return stored;
  };

  return {
    async create(principal, request) {
      const tenantId = writeAccess(ctx, principal);
      const wanted = requireField(request, field);
      const owner = await ownerOf(ctx, principal, tenantId, kind.requestedOwner(wanted), `${field}.${kind.ownerField}`);
      const item = parseRequest(kind.schema, { ...kind.input(wanted), [kind.ownerKey]: owner }, [field]);
      const now = ctx.now();
      const stamp = { id: newId(kind.idPrefix), tenantId, createTime: now, updateTime: now, etag: newEtag() };
      const record = kind.record(item, stamp, owner, true);
      const stored = await kind.create(record, kind.event(record, now));
      await changed(ctx);
      return kind.toProto(stored);
    },

    async update(principal, request, maskPaths) {
      const tenantId = writeAccess(ctx, principal);
      const wanted = requireField(request, field);
      const id = requireField(wanted.id, `${field}.id`);
      const fields = maskedItemFields(maskPaths, kind.mutableFields, kind.message);
      const stored = await find(tenantId, principal.enterpriseId, id);
      const owner = kind.ownerOf(stored);
      ctx.auth.requireEnterprise(principal, owner);
      if (wanted.etag !== '' && wanted.etag !== stored.etag) throw staleEtag(kind.noun);
      const merged = mergeFields(stored, kind.input(wanted), fields);
      const { id: _id, tenantId: _t, createTime: _c, updateTime: _u, etag: _e, ...mutable } = merged;
      for (const derived of kind.derivedFields) delete mutable[derived];
      const item = parseRequest(kind.schema, mutable, [field]);
      const now = ctx.now();
      const stamp = { id: stored.id, tenantId, createTime: stored.createTime, updateTime: now, etag: newEtag() };
      const record = kind.record(item, stamp, owner, false);
      const [saved] = await kind.save([record], [kind.event(record, now)], [stored.etag]);
      if (anyFieldChanged(stored, record, kind.matchingFields)) await expireProposedMatches(ctx, tenantId, { [kind.matchKey]: id });
      await changed(ctx);
      return kind.toProto(saved ?? record);
    },

    async get(principal, requestedId) {
      const tenantId = readAccess(ctx, principal);
      const id = requireField(requestedId, `${field}_id`);
      return kind.toProto(await find(tenantId, principal.enterpriseId, id));
    },

    async list(principal, request, filter) {
      const tenantId = readAccess(ctx, principal);
      const status = statusFilter(request.status);
      const page = await kind.list(
        {
          tenantId,
          category: request.category,
          ...filter,
          ...(status === undefined ? {} : { status }),
          ...(principal.enterpriseId === '' ? {} : { visibleTo: principal.enterpriseId }),
        },
        { pageSize: pageSizeOf(request.pageSize), pageToken: request.pageToken },
      );
      return { items: await Promise.all(page.items.map((item) => kind.toProto(item))), nextPageToken: page.nextPageToken };
    },
  };
}
