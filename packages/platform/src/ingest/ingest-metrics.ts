import type { ErrorCode } from '@rongtong/core';

/**
 * What the ingest service reports as it works. The service calls these synchronously;
 * an implementation must be cheap and must not throw. Wire it to Prometheus (counters
 * and a gauge) or use `createIngestCounters()`, the in-memory default.
 */
export interface IngestMetrics {
  /** A batch was committed; `samples` is the number of raw samples it carried. */
  batchCommitted(samples: number): void;
  /** A batch was acknowledged as a duplicate (already committed; nothing stored). */
  batchDuplicate(): void;
  /** A batch was rejected with `code`; nothing of it was stored. */
  batchRejected(code: ErrorCode): void;
  /** A Publish stream was opened (counted from the call, before Hello). */
  streamOpened(): void;
  /** A Publish stream ended, for whatever reason. */
  streamClosed(): void;
}

/** A point-in-time copy of the in-memory ingest counters. */
export interface IngestMetricsSnapshot {
  /** Batches committed (duplicates excluded). */
  readonly committedBatches: number;
  /** Batches acknowledged as duplicates. */
  readonly duplicateBatches: number;
  /** Raw samples in committed batches. */
  readonly samples: number;
  /** Rejected batches by Rongtong error code (codes never seen are absent). */
  readonly rejects: Readonly<Partial<Record<ErrorCode, number>>>;
  /** Publish streams open now. */
  readonly openStreams: number;
}

/** In-memory `IngestMetrics` that can be read back. */
export interface IngestCounters extends IngestMetrics {
  /** The counters now. */
  snapshot(): IngestMetricsSnapshot;
}

/** In-memory counters: the default `IngestMetrics` of the ingest service. */
export function createIngestCounters(): IngestCounters {
  let committedBatches = 0;
  let duplicateBatches = 0;
  let samples = 0;
  let openStreams = 0;
  const rejects: Partial<Record<ErrorCode, number>> = {};
  return {
    batchCommitted(n) {
      committedBatches += 1;
      samples += n;
    },
    batchDuplicate() {
      duplicateBatches += 1;
    },
    batchRejected(code) {
      rejects[code] = (rejects[code] ?? 0) + 1;
    },
    streamOpened() {
      openStreams += 1;
    },
    streamClosed() {
      openStreams -= 1;
    },
    snapshot() {
      return { committedBatches, duplicateBatches, samples, rejects: { ...rejects }, openStreams };
    },
  };
}

/** Calls every sink in turn (the service's own counters plus an optional external sink). */
export function teeIngestMetrics(...sinks: readonly IngestMetrics[]): IngestMetrics {
  return {
    batchCommitted: (n) => sinks.forEach((s) => s.batchCommitted(n)),
    batchDuplicate: () => sinks.forEach((s) => s.batchDuplicate()),
    batchRejected: (code) => sinks.forEach((s) => s.batchRejected(code)),
    streamOpened: () => sinks.forEach((s) => s.streamOpened()),
    streamClosed: () => sinks.forEach((s) => s.streamClosed()),
  };
}
