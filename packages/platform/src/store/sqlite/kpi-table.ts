import type Database from 'better-sqlite3';
import type { KpiFilter, KpiRecord } from '../capacity-records.js';
import type { NewFeedEvent, Page, PageRequest } from '../records.js';
import type { FeedTable } from './feed-table.js';
import { parseRecord, stringifyRecord } from './json-codec.js';
import { pageAfter, pageOf, pageSizeOf } from './page-token.js';
import { toStoreError } from './sqlite-errors.js';
import { jsonList, jsonNonEmpty, sortKey, timeKey } from './sort-key.js';

/** The kpis table: one row per KPI identity (tenant, enterprise, level, equipment, product, granularity, start). */
export interface KpiTable {
  put(kpis: readonly KpiRecord[], events: readonly NewFeedEvent[]): void;
  list(filter: KpiFilter, page: PageRequest): Page<KpiRecord>;
}

/** The listing order: start, enterprise, level, equipment, product, granularity. */
function keyOf(k: KpiRecord): string {
  return sortKey(timeKey(k.startTime), k.enterpriseId, k.level, k.equipmentId ?? '', k.productId ?? '', k.granularity);
}

/** Prepares the KPI statements of `db`; events go to `feed` in the same transaction. */
export function createKpiTable(db: Database.Database, feed: FeedTable): KpiTable {
  const upsert = db.prepare<unknown[]>(
    `INSERT INTO kpis (tenant_id, enterprise_id, level, equipment_id, product_id, granularity, start_time, end_time, sort_key, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, enterprise_id, level, equipment_id, product_id, granularity, start_time)
     DO UPDATE SET end_time = excluded.end_time, sort_key = excluded.sort_key, body = excluded.body`,
  );
  const list = db.prepare<[Record<string, unknown>], { body: string }>(
    `SELECT body FROM kpis
     WHERE tenant_id = @tenant AND sort_key > @after
       AND (@enterprise = '' OR enterprise_id = @enterprise)
       AND (@visible IS NULL OR enterprise_id IN (SELECT value FROM json_each(@visible)))
       AND (@level IS NULL OR level = @level)
       AND (@equipment IS NULL OR equipment_id IN (SELECT value FROM json_each(@equipment)))
       AND (@granularity IS NULL OR granularity = @granularity)
       AND product_id = @product
       AND (@from IS NULL OR end_time > @from)
       AND (@to IS NULL OR start_time < @to)
     ORDER BY sort_key LIMIT @limit`,
  );

  const put = db.transaction((kpis: readonly KpiRecord[], events: readonly NewFeedEvent[]) => {
    for (const k of kpis) {
      upsert.run(
        k.tenantId,
        k.enterpriseId,
        k.level,
        k.equipmentId ?? '',
        k.productId ?? '',
        k.granularity,
        k.startTime,
        k.endTime,
        keyOf(k),
        stringifyRecord(k),
      );
    }
    feed.append(events);
  });

  return {
    put(kpis, events) {
      try {
        put.immediate(kpis, events);
      } catch (err) {
        throw toStoreError(err, 'KPIs');
      }
    },
    list(filter, page) {
      const size = pageSizeOf(page);
      const rows = list.all({
        tenant: filter.tenantId,
        after: pageAfter(page),
        enterprise: filter.enterpriseId,
        visible: jsonList(filter.enterpriseIds),
        level: filter.level ?? null,
        equipment: jsonNonEmpty(filter.equipmentIds),
        granularity: filter.granularity ?? null,
        product: filter.productId,
        from: filter.from ?? null,
        to: filter.to ?? null,
        limit: size + 1,
      });
      return pageOf(
        rows.map((r) => parseRecord<KpiRecord>(r.body)),
        size,
        keyOf,
      );
    },
  };
}
