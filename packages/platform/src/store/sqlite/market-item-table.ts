import type Database from 'better-sqlite3';
import { RongtongError } from '@rongtong/core';
import type { DemandItemRecord, ItemFilter, SupplyItemRecord } from '../market-records.js';
import type { NewFeedEvent, Page, PageRequest } from '../records.js';
import type { FeedTable } from './feed-table.js';
import { parseRecord, stringifyRecord } from './json-codec.js';
import { pageAfter, pageOf, pageSizeOf } from './page-token.js';
import { isUniqueViolationOf, toStoreError } from './sqlite-errors.js';
import { sortKey, timeKey } from './sort-key.js';

/** The fields of a demand or supply item the table looks at. */
type Item = DemandItemRecord | SupplyItemRecord;

/** Which item table and how to read its owner (buyer or supplier) and region. */
export interface ItemKind<T extends Item> {
  table: 'demand_items' | 'supply_items';
  /** "demand item" / "supply item", for messages. */
  noun: string;
  /** "buyer" / "supplier", for messages. */
  ownerNoun: string;
  ownerOf(item: T): string;
  regionOf(item: T): string;
}

/** The demand_items table. */
export const DEMAND_ITEMS: ItemKind<DemandItemRecord> = {
  table: 'demand_items',
  noun: 'demand item',
  ownerNoun: 'buyer',
  ownerOf: (item) => item.buyerEnterpriseId,
  regionOf: () => '',
};

/** The supply_items table. */
export const SUPPLY_ITEMS: ItemKind<SupplyItemRecord> = {
  table: 'supply_items',
  noun: 'supply item',
  ownerNoun: 'supplier',
  ownerOf: (item) => item.supplierEnterpriseId,
  regionOf: (item) => item.regionCode ?? '',
};

/**
 * A demand_items or supply_items table: the item as JSON, keyed by (tenant, id), with owner,
 * external id (unique per owner when set), category, status, region and etag as columns.
 */
export interface MarketItemTable<T extends Item> {
  create(item: T, event: NewFeedEvent): T;
  save(items: readonly T[], events: readonly NewFeedEvent[], expectedEtags?: readonly string[]): T[];
  get(tenantId: string, id: string): T | undefined;
  findByExternalId(tenantId: string, ownerEnterpriseId: string, externalId: string): T | undefined;
  list(filter: ItemFilter, page: PageRequest): Page<T>;
  /** Writes an item without checks. Call inside a transaction. */
  write(item: T): void;
}

/** The listing order, newest first: create time desc, then id desc (the key compares ascending; listed descending). */
function keyOf(item: Item): string {
  return sortKey(timeKey(item.createTime), item.id);
}

/** Prepares the statements of one item table of `db`; events go to `feed` in the same transaction. */
export function createMarketItemTable<T extends Item>(db: Database.Database, feed: FeedTable, kind: ItemKind<T>): MarketItemTable<T> {
  const { table } = kind;
  const insert = db.prepare<unknown[]>(
    `INSERT INTO ${table} (tenant_id, id, owner_enterprise_id, external_id, category, status, region_code, etag, sort_key, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsert = db.prepare<unknown[]>(
    `INSERT INTO ${table} (tenant_id, id, owner_enterprise_id, external_id, category, status, region_code, etag, sort_key, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, id) DO UPDATE SET owner_enterprise_id = excluded.owner_enterprise_id,
       external_id = excluded.external_id, category = excluded.category, status = excluded.status,
       region_code = excluded.region_code, etag = excluded.etag, sort_key = excluded.sort_key, body = excluded.body`,
  );
  const select = db.prepare<[string, string], { etag: string; body: string }>(`SELECT etag, body FROM ${table} WHERE tenant_id = ? AND id = ?`);
  const byExternalId = db.prepare<[string, string, string], { body: string }>(
    `SELECT body FROM ${table} WHERE tenant_id = ? AND owner_enterprise_id = ? AND external_id = ? AND external_id <> ''`,
  );
  const list = db.prepare<[Record<string, unknown>], { body: string }>(
    `SELECT body FROM ${table}
     WHERE tenant_id = @tenant AND (@after = '' OR sort_key < @after)
       AND (@owner = '' OR owner_enterprise_id = @owner)
       AND (@category = '' OR category = @category OR substr(category, 1, length(@category) + 1) = @category || '.')
       AND (@status IS NULL OR status = @status)
       AND (@visibleTo IS NULL OR status = 'open' OR owner_enterprise_id = @visibleTo)
       AND (@region = '' OR substr(region_code, 1, length(@region)) = @region)
     ORDER BY sort_key DESC LIMIT @limit`,
  );

  const columns = (item: T, statement: Database.Statement<unknown[]>) =>
    statement.run(
      item.tenantId,
      item.id,
      kind.ownerOf(item),
      item.externalId ?? '',
      item.category,
      item.status,
      kind.regionOf(item),
      item.etag,
      keyOf(item),
      stringifyRecord(item),
    );
  const storeError = (err: unknown, item: T): RongtongError => {
    if (isUniqueViolationOf(err, `${table}.external_id`)) {
      return new RongtongError(
        'ALREADY_EXISTS',
        `${kind.ownerNoun} "${kind.ownerOf(item)}" already has a ${kind.noun} with external id "${item.externalId ?? ''}"`,
        { cause: err, fieldViolations: [{ path: 'external_id', reason: 'already used by another item of the same enterprise' }] },
      );
    }
    return toStoreError(err, `${kind.noun} "${item.id}"`);
  };

  const create = db.transaction((item: T, event: NewFeedEvent) => {
    columns(item, insert);
    feed.append([event]);
  });
  const save = db.transaction((items: readonly T[], events: readonly NewFeedEvent[], expectedEtags: readonly string[]) => {
    items.forEach((item, i) => {
      const expected = expectedEtags[i] ?? '';
      if (expected !== '') {
        const current = select.get(item.tenantId, item.id);
        if (current?.etag !== expected) {
          throw new RongtongError(
            'CONFLICT',
            `${kind.noun} "${item.id}" was changed by someone else (etag ${current?.etag ?? 'none'}, expected ${expected}); re-read it and retry`,
          );
        }
      }
      try {
        columns(item, upsert);
      } catch (err) {
        throw storeError(err, item);
      }
    });
    feed.append(events);
  });
  const copy = (item: T): T => parseRecord<T>(stringifyRecord(item));

  return {
    create(item, event) {
      try {
        create.immediate(item, event);
      } catch (err) {
        throw storeError(err, item);
      }
      return copy(item);
    },
    save(items, events, expectedEtags = []) {
      try {
        save.immediate(items, events, expectedEtags);
      } catch (err) {
        throw toStoreError(err, `${kind.noun}s`);
      }
      return items.map(copy);
    },
    get(tenantId, id) {
      const row = select.get(tenantId, id);
      return row && parseRecord<T>(row.body);
    },
    findByExternalId(tenantId, ownerEnterpriseId, externalId) {
      const row = byExternalId.get(tenantId, ownerEnterpriseId, externalId);
      return row && parseRecord<T>(row.body);
    },
    list(filter, page) {
      const size = pageSizeOf(page);
      const rows = list.all({
        tenant: filter.tenantId,
        after: pageAfter(page),
        owner: filter.enterpriseId,
        category: filter.category,
        status: filter.status ?? null,
        visibleTo: filter.visibleTo ?? null,
        region: kind.table === 'supply_items' ? (filter.regionCodePrefix ?? '') : '',
        limit: size + 1,
      });
      return pageOf(
        rows.map((r) => parseRecord<T>(r.body)),
        size,
        keyOf,
      );
    },
    write(item) {
      columns(item, upsert);
    },
  };
}
