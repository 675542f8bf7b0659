import type { Migration } from '@rongtong/runtime';

/**
 * The schema of the SQLite outbox, oldest first. Never edit a migration that has shipped:
 * append a new one. Integers are 64-bit (seqs read as bigint), bytes are BLOBs, times are
 * integer ms since the Unix epoch.
 *
 * - `outbox_state`: one row — whose chain this is (agent id, sharing level), the chain head
 *   (last sealed seq and digest), the last acknowledged seq and digest, counters of the
 *   pending stage (kept in step with `pending` in every transaction) and what the quota
 *   discarded, all time.
 * - `pending`: unsealed records in enqueue order (rowid), payload exactly as enqueued.
 * - `gap_summary`: at most one row — discarded data not yet sealed into a gap batch.
 * - `sealed`: signed batches not yet acknowledged, by seq.
 * - `checkpoint_signal` (v2): per signal, the source time of the newest sample the pipeline
 *   has accounted for in this outbox; `checkpoint_state` (v2): at most one row, the state of
 *   the deriver feeding the outbox. Both change in the same transaction as the data.
 */
export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox-state-pending-gap-sealed',
    sql: `
      CREATE TABLE outbox_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        agent_id TEXT NOT NULL CHECK (agent_id <> ''),
        sharing_level TEXT NOT NULL,
        create_time INTEGER NOT NULL,
        last_sealed_seq INTEGER NOT NULL CHECK (last_sealed_seq >= 0),
        last_sealed_digest BLOB NOT NULL,
        last_acked_seq INTEGER NOT NULL CHECK (last_acked_seq >= 0 AND last_acked_seq <= last_sealed_seq),
        last_acked_digest BLOB NOT NULL,
        pending_count INTEGER NOT NULL CHECK (pending_count >= 0),
        pending_bytes INTEGER NOT NULL CHECK (pending_bytes >= 0),
        dropped_samples INTEGER NOT NULL,
        dropped_batches INTEGER NOT NULL,
        dropped_bytes INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE pending (
        id INTEGER PRIMARY KEY,
        enqueue_time INTEGER NOT NULL,
        payload BLOB NOT NULL,
        samples INTEGER NOT NULL CHECK (samples >= 0),
        first_time INTEGER NOT NULL,
        last_time INTEGER NOT NULL,
        signal_ids TEXT NOT NULL
      ) STRICT;
      CREATE INDEX pending_by_enqueue_time ON pending (enqueue_time);

      CREATE TABLE gap_summary (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        samples INTEGER NOT NULL,
        batches INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        all_signals INTEGER NOT NULL,
        signal_ids TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sealed (
        seq INTEGER PRIMARY KEY CHECK (seq > 0),
        prev_hash BLOB NOT NULL,
        digest BLOB NOT NULL,
        payload BLOB NOT NULL,
        signature BLOB NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('data', 'gap')),
        historical INTEGER NOT NULL,
        samples INTEGER NOT NULL,
        first_time INTEGER NOT NULL,
        last_time INTEGER NOT NULL,
        seal_time INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'checkpoint',
    sql: `
      CREATE TABLE checkpoint_signal (
        signal_id TEXT PRIMARY KEY CHECK (signal_id <> ''),
        source_time INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE checkpoint_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        deriver_state TEXT NOT NULL
      ) STRICT;
    `,
  },
];
