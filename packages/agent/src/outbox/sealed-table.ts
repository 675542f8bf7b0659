import type Database from 'better-sqlite3';
import type { SealedBatch } from './outbox.js';
import { bytesOf, numberOf } from '@rongtong/runtime';

interface SealedRow {
  seq: bigint;
  prev_hash: Uint8Array;
  digest: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
  kind: string;
  historical: bigint;
  samples: bigint;
  first_time: bigint;
  last_time: bigint;
  seal_time: bigint;
}

/** Statements over `sealed`; callers run them inside their own transactions. */
export interface SealedTable {
  insert(batch: SealedBatch): void;
  /** Batches with seq > `after`, in seq order, at most `limit`; `agentId` fills the field the table does not store. */
  after(agentId: string, after: bigint, limit: number): SealedBatch[];
  /** The digest of the batch with `seq`, if it is still here. */
  digestAt(seq: bigint): Uint8Array | undefined;
  /** Deletes every batch with seq ≤ `seq`. */
  deleteThrough(seq: bigint): void;
  count(): number;
}

/** Prepares the statements of `sealed` on `db`. */
export function createSealedTable(db: Database.Database): SealedTable {
  const insert = db.prepare<[bigint, Uint8Array, Uint8Array, Uint8Array, Uint8Array, string, number, number, number, number, number]>(
    `INSERT INTO sealed (seq, prev_hash, digest, payload, signature, kind, historical, samples, first_time, last_time, seal_time)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const after = db.prepare<[bigint, number], SealedRow>(
    `SELECT seq, prev_hash, digest, payload, signature, kind, historical, samples, first_time, last_time, seal_time
     FROM sealed WHERE seq > ? ORDER BY seq LIMIT ?`,
  );
  const digestAt = db.prepare<[bigint], { digest: Uint8Array }>('SELECT digest FROM sealed WHERE seq = ?');
  const deleteThrough = db.prepare<[bigint]>('DELETE FROM sealed WHERE seq <= ?');
  const count = db.prepare<[], { n: bigint }>('SELECT COUNT(*) AS n FROM sealed');

  return {
    insert(b) {
      insert.run(
        b.seq,
        b.prevHash,
        b.digest,
        b.payload,
        b.signature,
        b.kind,
        b.historical ? 1 : 0,
        b.samples,
        b.firstTime,
        b.lastTime,
        b.sealTime,
      );
    },
    after(agentId, from, limit) {
      return after.all(from, limit).map((row) => ({
        agentId,
        seq: BigInt(row.seq),
        prevHash: bytesOf(row.prev_hash),
        digest: bytesOf(row.digest),
        payload: bytesOf(row.payload),
        signature: bytesOf(row.signature),
        kind: row.kind === 'gap' ? 'gap' : 'data',
        historical: row.historical !== 0n,
        samples: numberOf(row.samples),
        firstTime: numberOf(row.first_time),
        lastTime: numberOf(row.last_time),
        sealTime: numberOf(row.seal_time),
      }));
    },
    digestAt(seq) {
      const row = digestAt.get(seq);
      return row ? bytesOf(row.digest) : undefined;
    },
    deleteThrough: (seq) => void deleteThrough.run(seq),
    count: () => numberOf(count.get()?.n ?? 0n),
  };
}
