import {
  DIGEST_BYTES,
  RongtongError,
  batchDigest,
  bytesEqual,
  verifyChain,
  verifyDigest,
  type ChainAnchor,
  type SignedBatch,
} from '@rongtong/core';
import { toBigInt, type SignedBatch__Output } from '@rongtong/protocol';
import type { Store } from '../store/store.js';

/** Who sent a batch, as far as verification needs. */
export interface BatchSender {
  readonly tenantId: string;
  readonly agentId: string;
  /** The agent's raw 32-byte Ed25519 public key, registered at enrolment. */
  readonly publicKey: Uint8Array;
}

/** Result of `verifyBatch`: a replay of a committed batch, or the next link of the chain. */
export type BatchVerdict =
  | { readonly kind: 'duplicate'; readonly seq: bigint }
  | { readonly kind: 'next'; readonly batch: SignedBatch; readonly digest: Uint8Array };

/**
 * Checks the envelope of a batch before anything else is looked at: the payload size
 * (BATCH_TOO_LARGE), the agent id (PROTOCOL_VIOLATION: a batch for another agent) and
 * the seq (SEQ_GAP for 0). Returns the batch with its seq as a bigint.
 */
export function checkEnvelope(batch: SignedBatch__Output, sender: BatchSender, maxBatchBytes: number): SignedBatch {
  if (batch.payload.length > maxBatchBytes) {
    throw new RongtongError('BATCH_TOO_LARGE', `batch.payload is ${batch.payload.length} bytes; the limit is ${maxBatchBytes} (Welcome.max_batch_bytes)`, {
      fieldViolations: [{ path: 'batch.payload', reason: `larger than ${maxBatchBytes} bytes` }],
    });
  }
  if (batch.agentId !== sender.agentId) {
    throw new RongtongError('PROTOCOL_VIOLATION', `a batch of agent "${batch.agentId}" on the stream of agent "${sender.agentId}"`);
  }
  const seq = toBigInt(batch.seq);
  if (seq < 1n) throw new RongtongError('SEQ_GAP', 'batch seq starts at 1');
  return { agentId: batch.agentId, seq, prevHash: batch.prevHash, payload: batch.payload, signature: batch.signature };
}

/**
 * Verifies a batch against the agent's chain head with its public key (through core's
 * `verifyChain`). A seq at or below the head is a replay: acknowledged as a duplicate
 * when its digest equals the stored one and its signature verifies, CHAIN_BROKEN when the
 * digest differs. Above the head: SEQ_GAP, CHAIN_BROKEN or BAD_SIGNATURE, else `next`.
 * Throws a RongtongError with the reject code.
 */
export async function verifyBatch(batch: SignedBatch, sender: BatchSender, head: ChainAnchor, store: Store): Promise<BatchVerdict> {
  if (batch.seq <= head.seq) return verifyReplay(batch, sender, store);
  const result = verifyChain([batch], sender.publicKey, head);
  if (!result.ok) throw new RongtongError(result.reason, result.message);
  return { kind: 'next', batch, digest: result.lastDigest };
}

async function verifyReplay(batch: SignedBatch, sender: BatchSender, store: Store): Promise<BatchVerdict> {
  if (batch.prevHash.length !== DIGEST_BYTES) {
    throw new RongtongError('CHAIN_BROKEN', `prev_hash of seq ${batch.seq} is not ${DIGEST_BYTES} bytes`);
  }
  const [stored] = await store.getBatches(sender.tenantId, sender.agentId, batch.seq, batch.seq);
  const digest = batchDigest(batch);
  if (!stored || !bytesEqual(stored.digest, digest)) {
    throw new RongtongError('CHAIN_BROKEN', `seq ${batch.seq} was committed with a different digest`);
  }
  if (!verifyDigest(digest, batch.signature, sender.publicKey)) {
    throw new RongtongError('BAD_SIGNATURE', `signature of seq ${batch.seq} does not verify with the agent's key`);
  }
  return { kind: 'duplicate', seq: batch.seq };
}
