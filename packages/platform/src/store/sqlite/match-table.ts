import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { RongtongError, type MatchStatus } from '@rongtong/core';
import type { AcceptMatchInput, AcceptMatchResult, DemandItemRecord, MatchFilter, MatchRecord } from '../market-records.js';
import type { NewFeedEvent, Page, PageRequest } from '../records.js';
import type { CommitmentTable } from './commitment-table.js';
import type { FeedTable } from './feed-table.js';
import { parseRecord, stringifyRecord } from './json-codec.js';
import type { MarketItemTable } from './market-item-table.js';
import { pageAfter, pageOf, pageSizeOf } from './page-token.js';
import { toStoreError } from './sqlite-errors.js';
import { intKey, jsonList, sortKey } from './sort-key.js';

/** The matches table, and `acceptMatch` across matches, commitments and demand items. */
export interface MatchTable {
  replaceProposed(tenantId: string, demandItemId: string, matches: readonly MatchRecord[], events: readonly NewFeedEvent[]): void;
  get(tenantId: string, id: string): MatchRecord | undefined;
  list(filter: MatchFilter, page: PageRequest): Page<MatchRecord>;
  updateProposed(
    tenantId: string,
    ids: readonly string[],
    status: Exclude<MatchStatus, 'proposed' | 'accepted'>,
    now: number,
    events: (updated: MatchRecord[]) => NewFeedEvent[],
  ): MatchRecord[];
  accept(input: AcceptMatchInput): AcceptMatchResult;
}

/** The listing order: demand item, rank, id. */
function keyOf(m: MatchRecord): string {
  return sortKey(m.demandItemId, intKey(m.rank), m.id);
}

/** Prepares the match statements of `db`; events go to `feed` in the same transaction as each change. */
export function createMatchTable(
  db: Database.Database,
  feed: FeedTable,
  commitments: CommitmentTable,
  demandItems: MarketItemTable<DemandItemRecord>,
): MatchTable {
  const deleteProposed = db.prepare<[string, string, string]>(
    "DELETE FROM matches WHERE tenant_id = ? AND demand_item_id = ? AND supply_item_id = ? AND status = 'proposed'",
  );
  const upsert = db.prepare<unknown[]>(
    `INSERT INTO matches (tenant_id, id, demand_item_id, supply_item_id, buyer_enterprise_id, supplier_enterprise_id, status, sort_key, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, id) DO UPDATE SET status = excluded.status, sort_key = excluded.sort_key, body = excluded.body`,
  );
  const insert = db.prepare<unknown[]>(
    `INSERT INTO matches (tenant_id, id, demand_item_id, supply_item_id, buyer_enterprise_id, supplier_enterprise_id, status, sort_key, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare<[string, string], { body: string }>('SELECT body FROM matches WHERE tenant_id = ? AND id = ?');
  const list = db.prepare<[Record<string, unknown>], { body: string }>(
    `SELECT body FROM matches
     WHERE tenant_id = @tenant AND sort_key > @after
       AND (@demand = '' OR demand_item_id = @demand)
       AND (@supply = '' OR supply_item_id = @supply)
       AND (@enterprise = '' OR buyer_enterprise_id = @enterprise OR supplier_enterprise_id = @enterprise)
       AND (@visible IS NULL OR buyer_enterprise_id IN (SELECT value FROM json_each(@visible))
            OR supplier_enterprise_id IN (SELECT value FROM json_each(@visible)))
       AND (@status IS NULL OR status = @status)
     ORDER BY sort_key LIMIT @limit`,
  );

  const write = (m: MatchRecord, statement: Database.Statement<unknown[]>) =>
    statement.run(m.tenantId, m.id, m.demandItemId, m.supplyItemId, m.buyerEnterpriseId, m.supplierEnterpriseId, m.status, keyOf(m), stringifyRecord(m));
  const get = (tenantId: string, id: string) => {
    const row = select.get(tenantId, id);
    return row && parseRecord<MatchRecord>(row.body);
  };

  const replace = db.transaction(
    (tenantId: string, demandItemId: string, matches: readonly MatchRecord[], events: readonly NewFeedEvent[]) => {
      for (const m of matches) {
        if (m.tenantId !== tenantId || m.demandItemId !== demandItemId) {
          throw new RongtongError('INVALID_ARGUMENT', `match "${m.id}" is not of demand item "${demandItemId}" in tenant "${tenantId}"`);
        }
        deleteProposed.run(tenantId, demandItemId, m.supplyItemId);
        write(m, insert);
      }
      feed.append(events);
    },
  );
  const update = db.transaction(
    (tenantId: string, ids: readonly string[], status: MatchStatus, now: number, events: (updated: MatchRecord[]) => NewFeedEvent[]) => {
      const updated: MatchRecord[] = [];
      for (const id of new Set(ids)) {
        const current = get(tenantId, id);
        if (current?.status !== 'proposed') continue;
        const next: MatchRecord = { ...current, status, updateTime: now };
        write(next, upsert);
        updated.push(next);
      }
      feed.append(events(updated));
      return updated;
    },
  );
  const accept = db.transaction((input: AcceptMatchInput): AcceptMatchResult => {
    const { tenantId } = input;
    const earlier = commitments.findByRequestId(tenantId, input.commitment.requestId);
    if (earlier) {
      const match = get(tenantId, earlier.matchId);
      if (match) return { status: 'replayed', match, commitment: earlier };
    }
    const current = get(tenantId, input.matchId);
    if (!current) return { status: 'not_found' };
    if (current.status !== 'proposed') return { status: 'not_proposed', match: current };
    const demand = demandItems.get(tenantId, current.demandItemId);
    if (!demand) throw new RongtongError('NOT_FOUND', `demand item "${current.demandItemId}" of match "${current.id}" not found`);
    const match: MatchRecord = { ...current, status: 'accepted', updateTime: input.now };
    write(match, upsert);
    const commitment = input.commitment;
    commitments.insert(commitment);
    const demandItem: DemandItemRecord = {
      ...demand,
      committedQuantity: input.demandCommittedQuantity,
      updateTime: input.now,
      etag: randomBytes(9).toString('base64url'),
    };
    demandItems.write(demandItem);
    feed.append(input.events({ match, commitment, demandItem }));
    return { status: 'accepted', match, commitment };
  });
  const copy = <T>(value: T): T => parseRecord<T>(stringifyRecord(value));

  return {
    replaceProposed(tenantId, demandItemId, matches, events) {
      try {
        replace.immediate(tenantId, demandItemId, matches, events);
      } catch (err) {
        throw toStoreError(err, `matches of demand item "${demandItemId}"`);
      }
    },
    get,
    list(filter, page) {
      const size = pageSizeOf(page);
      const rows = list.all({
        tenant: filter.tenantId,
        after: pageAfter(page),
        demand: filter.demandItemId,
        supply: filter.supplyItemId,
        enterprise: filter.enterpriseId,
        visible: jsonList(filter.enterpriseIds),
        status: filter.status ?? null,
        limit: size + 1,
      });
      return pageOf(
        rows.map((r) => parseRecord<MatchRecord>(r.body)),
        size,
        keyOf,
      );
    },
    updateProposed(tenantId, ids, status, now, events) {
      try {
        return update.immediate(tenantId, ids, status, now, events);
      } catch (err) {
        throw toStoreError(err, 'matches');
      }
    },
    accept(input) {
      let result: AcceptMatchResult;
      try {
        result = accept.immediate(input);
      } catch (err) {
        throw toStoreError(err, `acceptance of match "${input.matchId}"`);
      }
      return copy(result);
    },
  };
}
