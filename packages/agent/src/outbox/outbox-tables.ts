import type Database from 'better-sqlite3';
import { type CheckpointTable, createCheckpointTable } from './checkpoint-table.js';
import { type GapSummaryTable, createGapSummaryTable } from './gap-summary.js';
import { type PendingTable, createPendingTable } from './pending-table.js';
import { type SealedTable, createSealedTable } from './sealed-table.js';
import { type StateTable, createStateTable } from './state-table.js';

/** The prepared statements of every outbox table on one database. */
export interface OutboxTables {
  readonly state: StateTable;
  readonly pending: PendingTable;
  readonly gaps: GapSummaryTable;
  readonly sealed: SealedTable;
  readonly checkpoint: CheckpointTable;
}

/** Prepares the statements of every outbox table on `db` (migrated). */
export function createOutboxTables(db: Database.Database): OutboxTables {
  return {
    state: createStateTable(db),
    pending: createPendingTable(db),
    gaps: createGapSummaryTable(db),
    sealed: createSealedTable(db),
    checkpoint: createCheckpointTable(db),
  };
}
