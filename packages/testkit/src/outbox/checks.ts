import { expect } from 'vitest';
import type { Outbox, OutboxStats, SealedBatch } from '@rongtong/agent';
import { type ChainAnchor, GENESIS_ANCHOR, verifyChain } from '@rongtong/core';
import type { OpenedOutbox, OutboxTestOverrides } from './harness.js';
import type { TestRecord } from './fixtures.js';

/** Opens a new outbox for the running test (see `outboxOpener`). */
export type OpenOutbox = (overrides?: OutboxTestOverrides) => Promise<OpenedOutbox>;

/** Stats of an outbox that never held anything. */
export const EMPTY_STATS: OutboxStats = {
  pendingRecords: 0,
  pendingBytes: 0,
  oldestPendingTime: undefined,
  sealedBatches: 0,
  lastSealedSeq: 0n,
  lastAckedSeq: 0n,
  dropped: { samples: 0, batches: 0, bytes: 0 },
  gapPending: false,
};

/** Enqueues `records` in order. */
export async function enqueueAll(outbox: Outbox, records: readonly TestRecord[]): Promise<void> {
  for (const r of records) await outbox.enqueue(r.payload, r.meta);
}

/** Total payload bytes of `records`. */
export function bytesOf(records: readonly TestRecord[]): number {
  return records.reduce((n, r) => n + r.payload.length, 0);
}

/** Total samples of `records`. */
export function samplesOf(records: readonly TestRecord[]): number {
  return records.reduce((n, r) => n + r.meta.samples, 0);
}

/** Expects `batches` to continue the chain at `anchor`, signed by `publicKey`, and each digest to be the one the chain computes. */
export function expectChain(batches: readonly SealedBatch[], publicKey: Uint8Array, anchor: ChainAnchor = GENESIS_ANCHOR): void {
  const result = verifyChain(batches, publicKey, anchor);
  expect(result).toMatchObject({ ok: true });
  let previous = anchor.digest;
  for (const b of batches) {
    expect(new Uint8Array(b.prevHash)).toEqual(new Uint8Array(previous));
    previous = b.digest;
  }
  if (result.ok && batches.length > 0) expect(new Uint8Array(result.lastDigest)).toEqual(new Uint8Array(batches.at(-1)!.digest));
}

/** The seqs of `batches`. */
export const seqsOf = (batches: readonly SealedBatch[]): bigint[] => batches.map((b) => b.seq);

/** `[from, from + 1, …, to]` as bigints. */
export function seqRange(from: number, to: number): bigint[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => BigInt(from + i));
}

/** Seals everything pending of `outbox` at `now`, `max` per call, until nothing is left. */
export async function sealAll(outbox: Outbox, now: number, max = 100): Promise<SealedBatch[]> {
  const out: SealedBatch[] = [];
  for (;;) {
    const batch = await outbox.seal(max, { now });
    if (batch.length === 0) return out;
    out.push(...batch);
  }
}
