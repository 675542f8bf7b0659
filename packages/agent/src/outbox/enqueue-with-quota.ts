import { addLoss } from './gap-summary.js';
import type { DroppedTotals, EnqueueMeta } from './outbox.js';
import type { OutboxTables } from './outbox-tables.js';

/** Bounds of the pending stage. */
export interface PendingQuota {
  /** Largest total payload size of the pending records, bytes. */
  readonly maxBytes: number;
  /** Oldest a pending record may get (by enqueue time), ms. */
  readonly maxAgeMs: number;
}

/**
 * Stores one pending record enqueued at `now`, then discards the oldest pending records —
 * possibly the new one itself, if it alone exceeds `maxBytes` — until the pending payload
 * bytes are within `quota.maxBytes` and no record is older than `quota.maxAgeMs`. What is
 * discarded is added to the gap summary and the all-time dropped totals. Run it inside one
 * transaction. Returns what was discarded, or undefined when nothing was.
 */
export function enqueueWithQuota(
  t: OutboxTables,
  quota: PendingQuota,
  now: number,
  payload: Uint8Array,
  meta: EnqueueMeta,
): DroppedTotals | undefined {
  t.pending.insert(now, payload, meta);
  t.state.addPending(1, payload.length);
  let bytes = t.state.read().pendingBytes;
  const ageLimit = now - quota.maxAgeMs;
  const evicted = t.pending.oldestWhile((record) => {
    if (bytes <= quota.maxBytes && record.enqueueTime >= ageLimit) return false;
    bytes -= record.bytes;
    return true;
  });
  const last = evicted.at(-1);
  if (!last) return undefined;
  const loss: DroppedTotals = {
    samples: evicted.reduce((n, r) => n + r.samples, 0),
    batches: evicted.length,
    bytes: evicted.reduce((n, r) => n + r.bytes, 0),
  };
  t.pending.deleteThrough(last.id);
  t.state.addPending(-loss.batches, -loss.bytes);
  t.state.addDropped(loss);
  t.gaps.write(addLoss(t.gaps.read(), evicted));
  return loss;
}
