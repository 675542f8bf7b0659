import type { KeyObject } from 'node:crypto';
import { RongtongError, sealBatch } from '@rongtong/core';
import { encodeGapPayload } from './gap-payload.js';
import { markHistorical } from './historical-flag.js';
import type { OutboxSharingLevel, SealedBatch } from './outbox.js';
import type { OutboxTables } from './outbox-tables.js';
import type { PendingRecord } from './pending-table.js';
import { INT64_MAX } from '@rongtong/runtime';

/** What sealing needs besides the tables. */
export interface SealContext {
  readonly agentId: string;
  /** The agent's Ed25519 private key. */
  readonly privateKey: KeyObject;
  readonly sharingLevel: OutboxSharingLevel;
  readonly liveWindowMs: number;
}

/**
 * Seals up to `max` batches at `now`, in this order: a gap-only batch if a gap summary is
 * pending (then the summary is cleared); the live records (enqueued at or after
 * `now − liveWindowMs`) oldest-first; the backlog oldest-first, each with `historical` set.
 * Each batch continues the chain (seq = head + 1, prev_hash = head digest) and is signed; the
 * sealed records leave `pending`, and the new head is stored. Run it inside one transaction.
 */
export function sealPending(t: OutboxTables, ctx: SealContext, max: number, now: number): SealedBatch[] {
  const head = t.state.read();
  let seq = head.lastSealedSeq;
  let prevHash = head.lastSealedDigest;
  const out: SealedBatch[] = [];

  const sealOne = (payload: Uint8Array, fields: Pick<SealedBatch, 'kind' | 'historical' | 'samples' | 'firstTime' | 'lastTime'>) => {
    seq += 1n;
    if (seq > INT64_MAX) throw new RongtongError('FAILED_PRECONDITION', `the outbox cannot seal beyond seq ${INT64_MAX}`);
    const { batch, digest } = sealBatch({ agentId: ctx.agentId, seq, prevHash, payload }, ctx.privateKey);
    const sealed: SealedBatch = { ...batch, digest, ...fields, sealTime: now };
    t.sealed.insert(sealed);
    out.push(sealed);
    prevHash = digest;
  };

  const gap = max > 0 ? t.gaps.read() : undefined;
  if (gap) {
    const payload = encodeGapPayload(gap, ctx.sharingLevel, now);
    sealOne(payload, { kind: 'gap', historical: false, samples: 0, firstTime: gap.startTime, lastTime: gap.endTime });
    t.gaps.clear();
  }
  const liveSince = now - ctx.liveWindowMs;
  const live = t.pending.live(liveSince, max - out.length);
  const backlog = t.pending.backlog(liveSince, max - out.length - live.length);
  const take = (records: readonly PendingRecord[], historical: boolean) => {
    for (const record of records) {
      const { samples, firstTime, lastTime } = record;
      sealOne(historical ? markHistorical(record.payload) : record.payload, { kind: 'data', historical, samples, firstTime, lastTime });
      t.pending.delete(record.id);
      t.state.addPending(-1, -record.bytes);
    }
  };
  take(live, false);
  take(backlog, true);
  if (out.length > 0) t.state.setHead(seq, prevHash);
  return out;
}
