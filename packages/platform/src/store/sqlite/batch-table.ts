import type Database from 'better-sqlite3';
import { RongtongError, type SharingLevel } from '@rongtong/core';
import type { BatchRecord } from '../records.js';
import type { CommitBatchInput, CommitBatchResult } from '../store.js';
import type { FactTable } from './fact-table.js';
import type { FeedTable } from './feed-table.js';
import { toStoreError } from './sqlite-errors.js';
import { INT64_MAX, bigintOf, bytesOf, clampSeq, numberOf, sameBytes } from '@rongtong/runtime';

interface BatchRow {
  tenant_id: string;
  agent_id: string;
  seq: bigint;
  prev_hash: Uint8Array;
  digest: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
  sharing_level: string;
  historical: bigint;
  commit_time: bigint;
}

/** The batches table and the chain heads in agents. */
export interface BatchTable {
  commit(input: CommitBatchInput): CommitBatchResult;
  range(tenantId: string, agentId: string, fromSeq: bigint, toSeq: bigint): BatchRecord[];
}

function batchOf(row: BatchRow): BatchRecord {
  return {
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    seq: bigintOf(row.seq),
    prevHash: bytesOf(row.prev_hash),
    digest: bytesOf(row.digest),
    payload: bytesOf(row.payload),
    signature: bytesOf(row.signature),
    sharingLevel: row.sharing_level as SharingLevel,
    historical: row.historical !== 0n,
    commitTime: numberOf(row.commit_time),
  };
}

/** Prepares the batch statements of `db`; events go to `feed` and facts (with dirty marks) to `facts` in the same transaction. */
export function createBatchTable(db: Database.Database, feed: FeedTable, facts: FactTable): BatchTable {
  const head = db.prepare<[string, string], { last_seq: bigint; last_digest: Uint8Array }>(
    'SELECT last_seq, last_digest FROM agents WHERE tenant_id = ? AND id = ?',
  );
  const storedDigest = db.prepare<[string, bigint], { digest: Uint8Array }>('SELECT digest FROM batches WHERE agent_id = ? AND seq = ?');
  const insert = db.prepare<unknown[]>(
    `INSERT INTO batches (agent_id, seq, tenant_id, prev_hash, digest, payload, signature, sharing_level, historical, commit_time)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const advance = db.prepare<[bigint, Uint8Array, number, string]>(
    'UPDATE agents SET last_seq = ?, last_digest = ?, last_batch_time = ? WHERE id = ?',
  );
  const range = db.prepare<[string, string, bigint, bigint], BatchRow>(
    `SELECT tenant_id, agent_id, seq, prev_hash, digest, payload, signature, sharing_level, historical, commit_time
     FROM batches WHERE agent_id = ? AND tenant_id = ? AND seq BETWEEN ? AND ? ORDER BY seq`,
  );

  // Read the head, compare, write: one IMMEDIATE transaction, so no other connection
  // can move the head in between.
  const commit = db.transaction(({ batch, events, facts: batchFacts }: CommitBatchInput): CommitBatchResult => {
    const current = head.get(batch.tenantId, batch.agentId);
    if (!current) throw new RongtongError('NOT_FOUND', `agent "${batch.agentId}" not found in tenant "${batch.tenantId}"`);
    const lastSeq = bigintOf(current.last_seq);
    const lastDigest = bytesOf(current.last_digest);
    const outOfOrder: CommitBatchResult = { status: 'out_of_order', lastSeq, lastDigest };
    if (batch.seq >= 1n && batch.seq <= lastSeq) {
      const stored = storedDigest.get(batch.agentId, batch.seq);
      return stored && sameBytes(bytesOf(stored.digest), batch.digest) ? { status: 'duplicate' } : outOfOrder;
    }
    if (batch.seq !== lastSeq + 1n || batch.seq > INT64_MAX || !sameBytes(batch.prevHash, lastDigest)) return outOfOrder;
    insert.run(
      batch.agentId,
      batch.seq,
      batch.tenantId,
      batch.prevHash,
      batch.digest,
      batch.payload,
      batch.signature,
      batch.sharingLevel,
      batch.historical ? 1 : 0,
      batch.commitTime,
    );
    advance.run(batch.seq, batch.digest, batch.commitTime, batch.agentId);
    if (batchFacts && batchFacts.length > 0) facts.insert(batchFacts);
    return { status: 'committed', lastEventSeq: feed.append(events) };
  });

  return {
    commit(input) {
      try {
        return commit.immediate(input);
      } catch (err) {
        throw toStoreError(err, `batch ${input.batch.seq} of agent "${input.batch.agentId}"`);
      }
    },
    range(tenantId, agentId, fromSeq, toSeq) {
      if (toSeq < 0n || fromSeq > INT64_MAX || fromSeq > toSeq) return [];
      return range.all(agentId, tenantId, clampSeq(fromSeq), clampSeq(toSeq)).map(batchOf);
    },
  };
}
