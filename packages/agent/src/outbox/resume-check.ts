import { GENESIS_PREV_HASH, bytesEqual, toHex } from '@rongtong/core';
import type { ResumeResult } from './outbox.js';
import type { OutboxState } from './state-table.js';

/**
 * Whether the chain can continue from the platform's last committed batch (`seq`, `digest`)
 * given this outbox's state; `digestAt` gives the digest of a sealed, unacknowledged batch.
 * Not ok when the platform is ahead of the last sealed seq, behind the last acknowledged seq
 * (those batches are gone here) or disagrees on the digest at `seq`. Changes nothing.
 */
export function checkResume(
  state: OutboxState,
  digestAt: (seq: bigint) => Uint8Array | undefined,
  seq: bigint,
  digest: Uint8Array,
): ResumeResult {
  if (seq > state.lastSealedSeq) {
    return {
      ok: false,
      reason: 'PLATFORM_AHEAD',
      message:
        `the platform committed up to seq ${seq}, but this outbox of agent "${state.agentId}" sealed only up to ${state.lastSealedSeq}: ` +
        'the outbox was reset or belongs to another enrolment; enrol the agent again',
    };
  }
  if (seq < state.lastAckedSeq) {
    return {
      ok: false,
      reason: 'ACKNOWLEDGED_DATA_MISSING',
      message:
        `the platform's last committed seq is ${seq}, but it acknowledged up to ${state.lastAckedSeq} before: ` +
        `batches ${seq + 1n}…${state.lastAckedSeq} were deleted here after their ack and cannot be resent (the platform lost committed data)`,
    };
  }
  const ours =
    seq === 0n
      ? GENESIS_PREV_HASH
      : seq === state.lastAckedSeq
        ? state.lastAckedDigest
        : seq === state.lastSealedSeq
          ? state.lastSealedDigest
          : digestAt(seq);
  if (ours && !bytesEqual(ours, digest)) {
    return {
      ok: false,
      reason: 'DIGEST_MISMATCH',
      message: `the platform's digest of seq ${seq} is ${toHex(digest)}, this outbox's is ${toHex(ours)}: the chains diverged`,
    };
  }
  return { ok: true, resendFrom: seq + 1n };
}
