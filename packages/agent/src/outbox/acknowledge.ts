import { RongtongError } from '@rongtong/core';
import type { OutboxTables } from './outbox-tables.js';

/**
 * Cumulative acknowledgement: deletes every sealed batch with seq ≤ `seq` and records `seq`
 * and its digest as the last acknowledged. A seq at or below the last acknowledged one does
 * nothing; one above the last sealed seq is FAILED_PRECONDITION. Run it inside one transaction.
 */
export function acknowledgeThrough(t: OutboxTables, seq: bigint): void {
  const state = t.state.read();
  if (seq <= state.lastAckedSeq) return;
  if (seq > state.lastSealedSeq) {
    throw new RongtongError(
      'FAILED_PRECONDITION',
      `cannot acknowledge seq ${seq}: the outbox of agent "${state.agentId}" has sealed only up to ${state.lastSealedSeq}`,
    );
  }
  const digest = seq === state.lastSealedSeq ? state.lastSealedDigest : t.sealed.digestAt(seq);
  if (!digest) throw new RongtongError('DATA_LOSS', `the sealed batch ${seq} of agent "${state.agentId}" is missing from the outbox`);
  t.sealed.deleteThrough(seq);
  t.state.setAcked(seq, digest);
}
