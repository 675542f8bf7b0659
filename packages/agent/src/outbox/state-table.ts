import type Database from 'better-sqlite3';
import { GENESIS_PREV_HASH, RongtongError } from '@rongtong/core';
import type { DroppedTotals, OutboxSharingLevel } from './outbox.js';
import { bytesOf, numberOf } from '@rongtong/runtime';

/** The one row of `outbox_state`, decoded. */
export interface OutboxState {
  readonly agentId: string;
  readonly sharingLevel: OutboxSharingLevel;
  readonly lastSealedSeq: bigint;
  readonly lastSealedDigest: Uint8Array;
  readonly lastAckedSeq: bigint;
  readonly lastAckedDigest: Uint8Array;
  readonly pendingCount: number;
  readonly pendingBytes: number;
  readonly dropped: DroppedTotals;
}

interface StateRow {
  agent_id: string;
  sharing_level: string;
  last_sealed_seq: bigint;
  last_sealed_digest: Uint8Array;
  last_acked_seq: bigint;
  last_acked_digest: Uint8Array;
  pending_count: bigint;
  pending_bytes: bigint;
  dropped_samples: bigint;
  dropped_batches: bigint;
  dropped_bytes: bigint;
}

/** Statements over `outbox_state`; callers run them inside their own transactions. */
export interface StateTable {
  /** The state row (after `claim`). */
  read(): OutboxState;
  /**
   * Creates the state row of a new file for `agentId` and `sharingLevel`, or checks that an
   * existing file belongs to them (FAILED_PRECONDITION otherwise: one file, one chain).
   */
  claim(agentId: string, sharingLevel: OutboxSharingLevel, now: number): void;
  /** Moves the chain head (last sealed seq and digest). */
  setHead(seq: bigint, digest: Uint8Array): void;
  /** Records the last acknowledged seq and its digest. */
  setAcked(seq: bigint, digest: Uint8Array): void;
  /** Adds to the pending counters (negative to subtract). */
  addPending(count: number, bytes: number): void;
  /** Adds to the all-time dropped totals. */
  addDropped(dropped: DroppedTotals): void;
}

/** Prepares the statements of `outbox_state` on `db`. */
export function createStateTable(db: Database.Database): StateTable {
  const select = db.prepare<[], StateRow>(
    `SELECT agent_id, sharing_level, last_sealed_seq, last_sealed_digest, last_acked_seq, last_acked_digest,
            pending_count, pending_bytes, dropped_samples, dropped_batches, dropped_bytes
     FROM outbox_state WHERE id = 1`,
  );
  const insert = db.prepare<[string, string, number, Uint8Array, Uint8Array]>(
    `INSERT INTO outbox_state (id, agent_id, sharing_level, create_time, last_sealed_seq, last_sealed_digest,
       last_acked_seq, last_acked_digest, pending_count, pending_bytes, dropped_samples, dropped_batches, dropped_bytes)
     VALUES (1, ?, ?, ?, 0, ?, 0, ?, 0, 0, 0, 0, 0)`,
  );
  const setHead = db.prepare<[bigint, Uint8Array]>('UPDATE outbox_state SET last_sealed_seq = ?, last_sealed_digest = ? WHERE id = 1');
  const setAcked = db.prepare<[bigint, Uint8Array]>('UPDATE outbox_state SET last_acked_seq = ?, last_acked_digest = ? WHERE id = 1');
  const addPending = db.prepare<[number, number]>(
    'UPDATE outbox_state SET pending_count = pending_count + ?, pending_bytes = pending_bytes + ? WHERE id = 1',
  );
  const addDropped = db.prepare<[number, number, number]>(
    `UPDATE outbox_state SET dropped_samples = dropped_samples + ?, dropped_batches = dropped_batches + ?,
       dropped_bytes = dropped_bytes + ? WHERE id = 1`,
  );

  const read = (): OutboxState => {
    const row = select.get();
    if (!row) throw new RongtongError('DATA_LOSS', 'the outbox database has no state row');
    return {
      agentId: row.agent_id,
      sharingLevel: row.sharing_level as OutboxSharingLevel,
      lastSealedSeq: BigInt(row.last_sealed_seq),
      lastSealedDigest: bytesOf(row.last_sealed_digest),
      lastAckedSeq: BigInt(row.last_acked_seq),
      lastAckedDigest: bytesOf(row.last_acked_digest),
      pendingCount: numberOf(row.pending_count),
      pendingBytes: numberOf(row.pending_bytes),
      dropped: {
        samples: numberOf(row.dropped_samples),
        batches: numberOf(row.dropped_batches),
        bytes: numberOf(row.dropped_bytes),
      },
    };
  };

  return {
    read,
    claim(agentId, sharingLevel, now) {
      if (!select.get()) insert.run(agentId, sharingLevel, now, GENESIS_PREV_HASH, GENESIS_PREV_HASH);
      const state = read();
      if (state.agentId !== agentId) {
        throw new RongtongError(
          'FAILED_PRECONDITION',
          `this outbox file holds the chain of agent "${state.agentId}", not "${agentId}": use one file per enrolment`,
          { fieldViolations: [{ path: 'agentId', reason: `the file belongs to agent "${state.agentId}"` }] },
        );
      }
      if (state.sharingLevel !== sharingLevel) {
        throw new RongtongError(
          'FAILED_PRECONDITION',
          `this outbox file holds ${state.sharingLevel} payloads, not ${sharingLevel}: drain it before changing the uplink's sharing level, or use a new file`,
          { fieldViolations: [{ path: 'sharingLevel', reason: `the file holds ${state.sharingLevel} payloads` }] },
        );
      }
    },
    setHead: (seq, digest) => void setHead.run(seq, digest),
    setAcked: (seq, digest) => void setAcked.run(seq, digest),
    addPending: (count, bytes) => void addPending.run(count, bytes),
    addDropped: (d) => void addDropped.run(d.samples, d.batches, d.bytes),
  };
}
