import type Database from 'better-sqlite3';
import type { EnqueueMeta } from './outbox.js';
import { bytesOf, numberOf, stringsOf } from '@rongtong/runtime';

/** A pending record without its payload: what eviction needs. */
export interface PendingHeader {
  /** Rowid: enqueue order. */
  readonly id: bigint;
  /** Agent clock at enqueue, ms. */
  readonly enqueueTime: number;
  /** Payload length. */
  readonly bytes: number;
  readonly samples: number;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly signalIds: readonly string[];
}

/** A pending record with its payload, as enqueued. */
export interface PendingRecord extends PendingHeader {
  readonly payload: Uint8Array;
}

interface PendingRow {
  id: bigint;
  enqueue_time: bigint;
  bytes: bigint;
  samples: bigint;
  first_time: bigint;
  last_time: bigint;
  signal_ids: string;
  payload?: Uint8Array;
}

/** Statements over `pending`; callers run them inside their own transactions and keep the state counters in step. */
export interface PendingTable {
  insert(enqueueTime: number, payload: Uint8Array, meta: EnqueueMeta): void;
  /** The oldest records (enqueue order) for as long as `evict` says yes: stops at the first no. */
  oldestWhile(evict: (record: PendingHeader, index: number) => boolean): PendingHeader[];
  /** Deletes every record up to and including rowid `id`. */
  deleteThrough(id: bigint): void;
  /** Deletes one record. */
  delete(id: bigint): void;
  /** Records enqueued at or after `since`, oldest first, at most `limit`. */
  live(since: number, limit: number): PendingRecord[];
  /** Records enqueued before `before`, oldest first, at most `limit`. */
  backlog(before: number, limit: number): PendingRecord[];
  /** Enqueue time of the oldest record (enqueue order); undefined when none. */
  oldestEnqueueTime(): number | undefined;
}

function headerOf(row: PendingRow): PendingHeader {
  return {
    id: row.id,
    enqueueTime: numberOf(row.enqueue_time),
    bytes: numberOf(row.bytes),
    samples: numberOf(row.samples),
    firstTime: numberOf(row.first_time),
    lastTime: numberOf(row.last_time),
    signalIds: stringsOf(row.signal_ids),
  };
}

function recordOf(row: PendingRow): PendingRecord {
  return { ...headerOf(row), payload: bytesOf(row.payload) };
}

const COLUMNS = 'id, enqueue_time, length(payload) AS bytes, samples, first_time, last_time, signal_ids';

/** Prepares the statements of `pending` on `db`. */
export function createPendingTable(db: Database.Database): PendingTable {
  const insert = db.prepare<[number, Uint8Array, number, number, number, string]>(
    'INSERT INTO pending (enqueue_time, payload, samples, first_time, last_time, signal_ids) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const oldest = db.prepare<[], PendingRow>(`SELECT ${COLUMNS} FROM pending ORDER BY id`);
  const deleteThrough = db.prepare<[bigint]>('DELETE FROM pending WHERE id <= ?');
  const deleteOne = db.prepare<[bigint]>('DELETE FROM pending WHERE id = ?');
  const live = db.prepare<[number, number], PendingRow>(`SELECT ${COLUMNS}, payload FROM pending WHERE enqueue_time >= ? ORDER BY id LIMIT ?`);
  const backlog = db.prepare<[number, number], PendingRow>(`SELECT ${COLUMNS}, payload FROM pending WHERE enqueue_time < ? ORDER BY id LIMIT ?`);
  const first = db.prepare<[], { enqueue_time: bigint }>('SELECT enqueue_time FROM pending ORDER BY id LIMIT 1');

  return {
    insert(enqueueTime, payload, meta) {
      insert.run(enqueueTime, payload, meta.samples, meta.firstTime, meta.lastTime, JSON.stringify(meta.signalIds));
    },
    oldestWhile(evict) {
      const taken: PendingHeader[] = [];
      for (const row of oldest.iterate()) {
        const header = headerOf(row);
        if (!evict(header, taken.length)) break;
        taken.push(header);
      }
      return taken;
    },
    deleteThrough: (id) => void deleteThrough.run(id),
    delete: (id) => void deleteOne.run(id),
    live: (since, limit) => (limit > 0 ? live.all(since, limit).map(recordOf) : []),
    backlog: (before, limit) => (limit > 0 ? backlog.all(before, limit).map(recordOf) : []),
    oldestEnqueueTime() {
      const row = first.get();
      return row ? numberOf(row.enqueue_time) : undefined;
    },
  };
}
