import { createHash } from 'node:crypto';

/** Length in bytes of a batch digest (SHA-256). */
export const DIGEST_BYTES = 32;

/** `prev_hash` of an agent's first batch (seq 1): 32 zero bytes. */
export const GENESIS_PREV_HASH: Uint8Array = new Uint8Array(DIGEST_BYTES);

/** Domain-separation tag that starts every digested message (followed by one 0x00 byte). */
export const BATCH_DIGEST_TAG = 'rongtong.v1.batch';

const MAX_U64 = (1n << 64n) - 1n;

/** The fields of a batch that its digest covers (everything but the signature). */
export interface BatchDigestInput {
  /** Agent id assigned at enrolment. */
  readonly agentId: string;
  /** Per-agent sequence number, 1 for the first batch. */
  readonly seq: bigint;
  /** Digest of the agent's previous batch; `GENESIS_PREV_HASH` for seq 1. */
  readonly prevHash: Uint8Array;
  /** The protobuf encoding of `rongtong.v1.BatchPayload`, exactly as sent. */
  readonly payload: Uint8Array;
}

/**
 * The canonical digest of a batch, as specified on `rongtong.v1.SignedBatch`:
 *
 * SHA-256( "rongtong.v1.batch" ‖ 0x00 ‖ u32be(len(agent_id)) ‖ agent_id (UTF-8)
 *          ‖ u64be(seq) ‖ prev_hash (32 bytes) ‖ u64be(len(payload)) ‖ payload )
 *
 * The payload is digested as the bytes that were sent, never re-encoded, so any
 * language can verify a batch without a canonical protobuf encoder. Every field is
 * length-prefixed or fixed-size, so no two different inputs share a framing.
 */
export function batchDigest(input: BatchDigestInput): Uint8Array {
  if (input.seq < 1n || input.seq > MAX_U64) throw new RangeError(`seq must be in [1, 2^64): got ${input.seq}`);
  if (input.prevHash.length !== DIGEST_BYTES) {
    throw new RangeError(`prevHash must be ${DIGEST_BYTES} bytes: got ${input.prevHash.length}`);
  }
  const agentId = Buffer.from(input.agentId, 'utf8');
  const header = Buffer.alloc(BATCH_DIGEST_TAG.length + 1 + 4 + agentId.length + 8 + DIGEST_BYTES + 8);
  let at = header.write(BATCH_DIGEST_TAG, 0, 'ascii');
  at = header.writeUInt8(0, at);
  at = header.writeUInt32BE(agentId.length, at);
  at += agentId.copy(header, at);
  at = header.writeBigUInt64BE(input.seq, at);
  at += Buffer.from(input.prevHash.buffer, input.prevHash.byteOffset, input.prevHash.length).copy(header, at);
  header.writeBigUInt64BE(BigInt(input.payload.length), at);
  const digest = createHash('sha256').update(header).update(input.payload).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
}

/** Constant-time-irrelevant byte equality (digests are public). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lower-case hex of bytes, for logs and evidence references. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}
