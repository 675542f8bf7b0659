import type Database from 'better-sqlite3';
import type { PendingHeader } from './pending-table.js';
import { numberOf, stringsOf } from '@rongtong/runtime';

/**
 * Data the quota discarded and no gap batch has reported yet: exact counts, the union of the
 * records' source time ranges and the set of their signals.
 */
export interface GapSummary {
  readonly samples: number;
  readonly batches: number;
  readonly bytes: number;
  /** Earliest `firstTime` of the discarded records, ms (inclusive). */
  readonly startTime: number;
  /** Latest `lastTime` of the discarded records + 1 ms: the exclusive end of `GapRecord`. */
  readonly endTime: number;
  /** True when a discarded record named no signals: the gap then names none, which means all. */
  readonly allSignals: boolean;
  /** Signal ids of the discarded records, sorted, without duplicates (empty when `allSignals`). */
  readonly signalIds: readonly string[];
}

/** `summary` (if any) plus the loss of `records` (at least one). */
export function addLoss(summary: GapSummary | undefined, records: readonly PendingHeader[]): GapSummary {
  let { samples, batches, bytes, startTime, endTime, allSignals } = summary ?? {
    samples: 0,
    batches: 0,
    bytes: 0,
    startTime: Number.POSITIVE_INFINITY,
    endTime: Number.NEGATIVE_INFINITY,
    allSignals: false,
  };
  const signals = new Set(summary?.signalIds ?? []);
  for (const r of records) {
    samples += r.samples;
    batches += 1;
    bytes += r.bytes;
    startTime = Math.min(startTime, r.firstTime);
    endTime = Math.max(endTime, r.lastTime + 1);
    if (r.signalIds.length === 0) allSignals = true;
    for (const id of r.signalIds) signals.add(id);
  }
  const signalIds = allSignals ? [] : [...signals].sort();
  return { samples, batches, bytes, startTime, endTime, allSignals, signalIds };
}

interface GapRow {
  samples: bigint;
  batches: bigint;
  bytes: bigint;
  start_time: bigint;
  end_time: bigint;
  all_signals: bigint;
  signal_ids: string;
}

/** Statements over `gap_summary` (at most one row); callers run them inside their own transactions. */
export interface GapSummaryTable {
  read(): GapSummary | undefined;
  write(summary: GapSummary): void;
  clear(): void;
}

/** Prepares the statements of `gap_summary` on `db`. */
export function createGapSummaryTable(db: Database.Database): GapSummaryTable {
  const select = db.prepare<[], GapRow>(
    'SELECT samples, batches, bytes, start_time, end_time, all_signals, signal_ids FROM gap_summary WHERE id = 1',
  );
  const upsert = db.prepare<[number, number, number, number, number, number, string]>(
    `INSERT OR REPLACE INTO gap_summary (id, samples, batches, bytes, start_time, end_time, all_signals, signal_ids)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const clear = db.prepare('DELETE FROM gap_summary');
  return {
    read() {
      const row = select.get();
      if (!row) return undefined;
      return {
        samples: numberOf(row.samples),
        batches: numberOf(row.batches),
        bytes: numberOf(row.bytes),
        startTime: numberOf(row.start_time),
        endTime: numberOf(row.end_time),
        allSignals: row.all_signals !== 0n,
        signalIds: stringsOf(row.signal_ids),
      };
    },
    write(s) {
      upsert.run(s.samples, s.batches, s.bytes, s.startTime, s.endTime, s.allSignals ? 1 : 0, JSON.stringify(s.signalIds));
    },
    clear: () => void clear.run(),
  };
}
