import type Database from 'better-sqlite3';
import { numberOf } from '@rongtong/runtime';
import type { OutboxCheckpoint } from './outbox.js';

/** Statements over `checkpoint_signal` and `checkpoint_state`; callers run them inside their own transactions. */
export interface CheckpointTable {
  /** Merges `checkpoint` into the saved one: per signal the later time wins; a given deriver state replaces the saved one. */
  save(checkpoint: OutboxCheckpoint): void;
  /** The saved checkpoint. */
  read(): OutboxCheckpoint;
}

/** Prepares the statements of the checkpoint tables on `db`. */
export function createCheckpointTable(db: Database.Database): CheckpointTable {
  const upsertSignal = db.prepare<[string, number]>(
    `INSERT INTO checkpoint_signal (signal_id, source_time) VALUES (?, ?)
     ON CONFLICT (signal_id) DO UPDATE SET source_time = max(source_time, excluded.source_time)`,
  );
  const upsertState = db.prepare<[string]>(
    'INSERT INTO checkpoint_state (id, deriver_state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET deriver_state = excluded.deriver_state',
  );
  const signals = db.prepare<[], { signal_id: string; source_time: bigint }>('SELECT signal_id, source_time FROM checkpoint_signal');
  const state = db.prepare<[], { deriver_state: string }>('SELECT deriver_state FROM checkpoint_state WHERE id = 1');

  return {
    save(checkpoint) {
      for (const [signalId, time] of Object.entries(checkpoint.sourceTimes)) upsertSignal.run(signalId, time);
      if (checkpoint.deriverState !== undefined) upsertState.run(checkpoint.deriverState);
    },
    read() {
      const sourceTimes: Record<string, number> = {};
      for (const row of signals.iterate()) sourceTimes[row.signal_id] = numberOf(row.source_time);
      const saved = state.get();
      return saved === undefined ? { sourceTimes } : { sourceTimes, deriverState: saved.deriver_state };
    },
  };
}
