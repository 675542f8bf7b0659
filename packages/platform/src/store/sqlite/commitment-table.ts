import type Database from 'better-sqlite3';
import type { CommitmentFilter, CommitmentRecord } from '../capacity-records.js';
import type { Page, PageRequest } from '../records.js';
import { parseRecord, stringifyRecord } from './json-codec.js';
import { pageAfter, pageOf, pageSizeOf } from './page-token.js';
import { jsonList, sortKey, timeKey } from './sort-key.js';

/**
 * The commitments table (written by `acceptMatch`): the record as JSON with buyer,
 * supplier, items, status, request id and the span of its allocations as columns (the time
 * filter narrows by the span, then checks each allocation in the JSON body).
 */
export interface CommitmentTable {
  /** Inserts a commitment. Call inside a transaction. */
  insert(commitment: CommitmentRecord): void;
  get(tenantId: string, id: string): CommitmentRecord | undefined;
  /** The commitment created with this non-empty request id. */
  findByRequestId(tenantId: string, requestId: string): CommitmentRecord | undefined;
  list(filter: CommitmentFilter, page: PageRequest): Page<CommitmentRecord>;
}

/** The listing order, newest first: create time desc, then id desc (the key compares ascending; listed descending). */
function keyOf(c: CommitmentRecord): string {
  return sortKey(timeKey(c.createTime), c.id);
}

/** Prepares the commitment statements of `db`. */
export function createCommitmentTable(db: Database.Database): CommitmentTable {
  const insert = db.prepare<unknown[]>(
    `INSERT INTO commitments (tenant_id, id, match_id, demand_item_id, supply_item_id, buyer_enterprise_id, supplier_enterprise_id,
       status, request_id, start_time, end_time, sort_key, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare<[string, string], { body: string }>('SELECT body FROM commitments WHERE tenant_id = ? AND id = ?');
  const byRequest = db.prepare<[string, string], { body: string }>(
    "SELECT body FROM commitments WHERE tenant_id = ? AND request_id = ? AND request_id <> ''",
  );
  const list = db.prepare<[Record<string, unknown>], { body: string }>(
    `SELECT body FROM commitments
     WHERE tenant_id = @tenant AND (@after = '' OR sort_key < @after)
       AND (@enterprise = '' OR buyer_enterprise_id = @enterprise OR supplier_enterprise_id = @enterprise)
       AND (@visible IS NULL OR buyer_enterprise_id IN (SELECT value FROM json_each(@visible))
            OR supplier_enterprise_id IN (SELECT value FROM json_each(@visible)))
       AND (@demand = '' OR demand_item_id = @demand)
       AND (@supply = '' OR supply_item_id = @supply)
       AND (@supplier IS NULL OR supplier_enterprise_id = @supplier)
       AND (@status IS NULL OR status = @status)
       AND (@from IS NULL OR end_time > @from)
       AND (@to IS NULL OR start_time < @to)
       AND (@from IS NULL AND @to IS NULL OR EXISTS (
         SELECT 1 FROM json_each(body, '$.allocations') AS a
         WHERE (@from IS NULL OR json_extract(a.value, '$.endTime') > @from)
           AND (@to IS NULL OR json_extract(a.value, '$.startTime') < @to)))
     ORDER BY sort_key DESC LIMIT @limit`,
  );

  return {
    insert(c) {
      const start = Math.min(...c.allocations.map((a) => a.startTime));
      const end = Math.max(...c.allocations.map((a) => a.endTime));
      insert.run(
        c.tenantId,
        c.id,
        c.matchId,
        c.demandItemId,
        c.supplyItemId,
        c.buyerEnterpriseId,
        c.supplierEnterpriseId,
        c.status,
        c.requestId,
        Number.isFinite(start) ? start : 0,
        Number.isFinite(end) ? end : 0,
        keyOf(c),
        stringifyRecord(c),
      );
    },
    get(tenantId, id) {
      const row = select.get(tenantId, id);
      return row && parseRecord<CommitmentRecord>(row.body);
    },
    findByRequestId(tenantId, requestId) {
      if (requestId === '') return undefined;
      const row = byRequest.get(tenantId, requestId);
      return row && parseRecord<CommitmentRecord>(row.body);
    },
    list(filter, page) {
      const size = pageSizeOf(page);
      const rows = list.all({
        tenant: filter.tenantId,
        after: pageAfter(page),
        enterprise: filter.enterpriseId,
        visible: jsonList(filter.enterpriseIds),
        demand: filter.demandItemId,
        supply: filter.supplyItemId,
        supplier: filter.supplierEnterpriseId ?? null,
        status: filter.status ?? null,
        from: filter.from ?? null,
        to: filter.to ?? null,
        limit: size + 1,
      });
      return pageOf(
        rows.map((r) => parseRecord<CommitmentRecord>(r.body)),
        size,
        keyOf,
      );
    },
  };
}
