import { type BatchDigestInput, DIGEST_BYTES, GENESIS_PREV_HASH, batchDigest, bytesEqual } from './batch-digest.js';
import { signDigest, verifyDigest } from './signing.js';
import type { KeyObject } from 'node:crypto';

/** A batch as it travels (`rongtong.v1.SignedBatch`), with seq as a bigint. */
export interface SignedBatch extends BatchDigestInput {
  /** Ed25519 signature of the batch digest by the agent's key (64 bytes). */
  readonly signature: Uint8Array;
}

/** Seals a batch: computes its digest and signs it. Returns the batch and its digest. */
export function sealBatch(
  input: BatchDigestInput,
  privateKey: KeyObject | string,
): { batch: SignedBatch; digest: Uint8Array } {
  const digest = batchDigest(input);
  return { batch: { ...input, signature: signDigest(digest, privateKey) }, digest };
}

/** Why a batch does not verify: the ingest reject codes of the same name. */
export type BatchVerifyFailure = 'BAD_SIGNATURE' | 'CHAIN_BROKEN' | 'SEQ_GAP';

/** Result of checking one batch or a chain of them. */
export type ChainVerifyResult =
  | { readonly ok: true; readonly lastSeq: bigint; readonly lastDigest: Uint8Array }
  | { readonly ok: false; readonly seq: bigint; readonly reason: BatchVerifyFailure; readonly message: string };

/** Where a chain continues from: the last committed batch (seq 0 + genesis hash for a new agent). */
export interface ChainAnchor {
  readonly seq: bigint;
  readonly digest: Uint8Array;
}

/** The anchor of an agent that has committed nothing yet. */
export const GENESIS_ANCHOR: ChainAnchor = { seq: 0n, digest: GENESIS_PREV_HASH };

/**
 * Checks that `batches` continue the chain at `anchor`, each signed by `publicKey`:
 * seq increases by exactly one, each `prevHash` is the previous digest, each signature
 * verifies. Stops at the first failure and names the batch and the reason. Used by the
 * platform's ingest (one batch at a time) and by offline evidence verification.
 */
export function verifyChain(
  batches: Iterable<SignedBatch>,
  publicKey: KeyObject | Uint8Array,
  anchor: ChainAnchor = GENESIS_ANCHOR,
): ChainVerifyResult {
  let seq = anchor.seq;
  let digest = anchor.digest;
  for (const batch of batches) {
    if (batch.seq !== seq + 1n) {
      return { ok: false, seq: batch.seq, reason: 'SEQ_GAP', message: `expected seq ${seq + 1n}, got ${batch.seq}` };
    }
    if (batch.prevHash.length !== DIGEST_BYTES || !bytesEqual(batch.prevHash, digest)) {
      return { ok: false, seq: batch.seq, reason: 'CHAIN_BROKEN', message: `prev_hash of seq ${batch.seq} is not the digest of seq ${seq}` };
    }
    const next = batchDigest(batch);
    if (!verifyDigest(next, batch.signature, publicKey)) {
      return { ok: false, seq: batch.seq, reason: 'BAD_SIGNATURE', message: `signature of seq ${batch.seq} does not verify with the agent's key` };
    }
    seq = batch.seq;
    digest = next;
  }
  return { ok: true, lastSeq: seq, lastDigest: digest };
}
