import type Database from 'better-sqlite3';
import type { FeedEventKind, FeedEventRecord, NewFeedEvent } from '../records.js';
import type { ReadEventsQuery } from '../store.js';
import { INT64_MAX, bigintOf, bytesOf, numberOf } from '@rongtong/runtime';

/** Most events one `readEvents` returns. */
export const MAX_READ_EVENTS = 10_000;

interface EventRow {
  seq: bigint;
  tenant_id: string;
  kind: string;
  enterprise_id: string;
  equipment_id: string;
  time: bigint;
  body: Uint8Array;
}

/** The feed_events table: append within other transactions, read in seq order, prune by time. */
export interface FeedTable {
  /** Appends events in order; returns the seq of the last one (the newest seq when `events` is empty). Call inside a transaction. */
  append(events: readonly NewFeedEvent[]): bigint;
  read(query: ReadEventsQuery): FeedEventRecord[];
  /** The highest seq ever handed out (kept by AUTOINCREMENT, so pruning never lowers it); 0n when none. */
  lastSeq(): bigint;
  /** The lowest retained seq; 0n when none. */
  firstSeq(): bigint;
  /** Deletes events with time < before; returns how many. */
  prune(before: number): number;
}

function recordOf(row: EventRow): FeedEventRecord {
  return {
    seq: bigintOf(row.seq),
    tenantId: row.tenant_id,
    kind: row.kind as FeedEventKind,
    enterpriseId: row.enterprise_id,
    equipmentId: row.equipment_id,
    time: numberOf(row.time),
    body: bytesOf(row.body),
  };
}

/** Prepares the feed statements of `db`. */
export function createFeedTable(db: Database.Database): FeedTable {
  const insert = db.prepare<[string, string, string, string, number, Uint8Array]>(
    'INSERT INTO feed_events (tenant_id, kind, enterprise_id, equipment_id, time, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const last = db.prepare<[], { seq: bigint }>("SELECT seq FROM sqlite_sequence WHERE name = 'feed_events'");
  const first = db.prepare<[], { seq: bigint | null }>('SELECT MIN(seq) AS seq FROM feed_events');
  const prune = db.prepare<[number]>('DELETE FROM feed_events WHERE time < ?');
  // One statement per combination of filters, prepared on first use. Lists are bound as
  // JSON arrays (json_each), so the SQL text does not depend on their length.
  const readers = new Map<number, Database.Statement<unknown[], EventRow>>();
  const reader = (kinds: boolean, enterprises: boolean, equipment: boolean) => {
    const key = (kinds ? 1 : 0) | (enterprises ? 2 : 0) | (equipment ? 4 : 0);
    let statement = readers.get(key);
    if (!statement) {
      const where = ['tenant_id = ?', 'seq > ?'];
      if (kinds) where.push('kind IN (SELECT value FROM json_each(?))');
      if (enterprises) where.push('enterprise_id IN (SELECT value FROM json_each(?))');
      if (equipment) where.push('equipment_id IN (SELECT value FROM json_each(?))');
      statement = db.prepare<unknown[], EventRow>(
        `SELECT seq, tenant_id, kind, enterprise_id, equipment_id, time, body FROM feed_events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
      );
      readers.set(key, statement);
    }
    return statement;
  };

  const lastSeq = () => last.get()?.seq ?? 0n;
  return {
    append(events) {
      let seq: bigint | undefined;
      for (const e of events) {
        seq = bigintOf(insert.run(e.tenantId, e.kind, e.enterpriseId, e.equipmentId, e.time, e.body).lastInsertRowid);
      }
      return seq ?? lastSeq();
    },
    read(query) {
      if (query.after >= INT64_MAX) return [];
      const limit = Math.min(MAX_READ_EVENTS, Math.max(1, Math.floor(Number.isFinite(query.limit) ? query.limit : MAX_READ_EVENTS)));
      const kinds = query.kinds ?? [];
      const enterprises = query.enterpriseIds ?? [];
      const equipment = query.equipmentIds ?? [];
      const params: unknown[] = [query.tenantId, query.after < 0n ? 0n : query.after];
      if (kinds.length > 0) params.push(JSON.stringify(kinds));
      if (enterprises.length > 0) params.push(JSON.stringify(enterprises));
      if (equipment.length > 0) params.push(JSON.stringify(equipment));
      params.push(limit);
      return reader(kinds.length > 0, enterprises.length > 0, equipment.length > 0).all(...params).map(recordOf);
    },
    lastSeq,
    firstSeq: () => first.get()?.seq ?? 0n,
    prune: (before) => prune.run(before).changes,
  };
}
