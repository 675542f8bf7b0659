import type Database from 'better-sqlite3';
import type { CapacityRecordFilter, CapacityRecordRow } from '../capacity-records.js';
import type { NewFeedEvent, Page, PageRequest } from '../records.js';
import type { FeedTable } from './feed-table.js';
import { parseRecord, stringifyRecord } from './json-codec.js';
import { pageAfter, pageOf, pageSizeOf } from './page-token.js';
import { toStoreError } from './sqlite-errors.js';
import { jsonList, jsonNonEmpty, sortKey, timeKey } from './sort-key.js';

/**
 * The capacity_records table: every stored record by (tenant, id), the identity columns
 * (scope, capability, granularity, start, type) unique among current records
 * (`superseded_by` ''). `supersededBy` lives in its column; the JSON body is the record as put.
 */
export interface CapacityRecordTable {
  put(records: readonly CapacityRecordRow[], events: readonly NewFeedEvent[]): CapacityRecordRow[];
  get(tenantId: string, id: string): CapacityRecordRow | undefined;
  list(filter: CapacityRecordFilter, page: PageRequest): Page<CapacityRecordRow>;
}

/** Identity columns of a record, in column order after tenant_id. */
function identityOf(r: CapacityRecordRow): [string, string, string, string, string, string, number, string] {
  return [
    r.scope.level,
    r.scope.enterpriseId,
    r.scope.id ?? '',
    r.capability?.kind ?? '',
    r.capability?.id ?? '',
    r.granularity,
    r.startTime,
    r.type,
  ];
}

/** The listing order: start, scope (enterprise, level, id), capability (kind, id), granularity, type, id. */
function keyOf(r: CapacityRecordRow): string {
  const [level, enterprise, scopeId, kind, capabilityId, granularity, start, type] = identityOf(r);
  return sortKey(timeKey(start), enterprise, level, scopeId, kind, capabilityId, granularity, type, r.id);
}

function rowOf(row: { body: string; superseded_by: string }): CapacityRecordRow {
  return { ...parseRecord<CapacityRecordRow>(row.body), supersededBy: row.superseded_by };
}

/** Prepares the capacity-record statements of `db`; events go to `feed` in the same transaction. */
export function createCapacityRecordTable(db: Database.Database, feed: FeedTable): CapacityRecordTable {
  const supersede = db.prepare<unknown[]>(
    `UPDATE capacity_records SET superseded_by = ?
     WHERE tenant_id = ? AND scope_level = ? AND scope_enterprise_id = ? AND scope_id = ? AND capability_kind = ?
       AND capability_id = ? AND granularity = ? AND start_time = ? AND type = ? AND superseded_by = ''`,
  );
  const insert = db.prepare<unknown[]>(
    `INSERT INTO capacity_records (tenant_id, id, enterprise_id, scope_level, scope_enterprise_id, scope_id, capability_kind,
       capability_id, granularity, start_time, end_time, type, confidence, superseded_by, sort_key, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)`,
  );
  const select = db.prepare<[string, string], { body: string; superseded_by: string }>(
    'SELECT body, superseded_by FROM capacity_records WHERE tenant_id = ? AND id = ?',
  );
  const list = db.prepare<[Record<string, unknown>], { body: string; superseded_by: string }>(
    `SELECT body, superseded_by FROM capacity_records
     WHERE tenant_id = @tenant AND superseded_by = '' AND sort_key > @after
       AND (@enterprise = '' OR enterprise_id = @enterprise)
       AND (@visible IS NULL OR enterprise_id IN (SELECT value FROM json_each(@visible)))
       AND (@level IS NULL OR scope_level = @level)
       AND (@equipment IS NULL OR (scope_level = 'equipment' AND scope_id IN (SELECT value FROM json_each(@equipment))))
       AND (@capabilities IS NULL OR capability_id IN (SELECT value FROM json_each(@capabilities)))
       AND (@granularity IS NULL OR granularity = @granularity)
       AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
       AND confidence >= @confidence
       AND (@from IS NULL OR end_time > @from)
       AND (@to IS NULL OR start_time < @to)
     ORDER BY sort_key LIMIT @limit`,
  );

  const put = db.transaction((records: readonly CapacityRecordRow[], events: readonly NewFeedEvent[]) => {
    for (const r of records) {
      const identity = identityOf(r);
      supersede.run(r.id, r.tenantId, ...identity);
      insert.run(
        r.tenantId,
        r.id,
        r.enterpriseId,
        ...identity.slice(0, 7),
        r.endTime,
        r.type,
        r.confidence.value,
        keyOf(r),
        stringifyRecord({ ...r, supersededBy: '' }),
      );
    }
    feed.append(events);
  });

  return {
    put(records, events) {
      try {
        put.immediate(records, events);
      } catch (err) {
        throw toStoreError(err, 'capacity records');
      }
      return records.map((r) => parseRecord<CapacityRecordRow>(stringifyRecord({ ...r, supersededBy: '' })));
    },
    get(tenantId, id) {
      const row = select.get(tenantId, id);
      return row && rowOf(row);
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
        capabilities: jsonNonEmpty(filter.capabilityIds),
        granularity: filter.granularity ?? null,
        types: jsonNonEmpty(filter.types),
        confidence: Number.isFinite(filter.minimumConfidence) ? filter.minimumConfidence : 0,
        from: filter.from ?? null,
        to: filter.to ?? null,
        limit: size + 1,
      });
      return pageOf(rows.map(rowOf), size, keyOf);
    },
  };
}
