import { GENESIS_PREV_HASH, RongtongError, type EvidenceRef } from '@rongtong/core';
import type { EvidenceChain, SignedBatch } from '@rongtong/protocol';
import type { BatchRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { invalidField } from '../validate.js';

/**
 * One page of the batch chains behind a capacity record (GetEvidence). Chains follow the
 * record's evidence refs in order; a page carries the batches from a position (chain
 * index and seq) on until the batch or byte budget is spent, and names where the next
 * page continues.
 */

/** Where a page starts: the chain (index into record.evidence) and the seq within it. */
export interface EvidencePosition {
  chain: number;
  seq: bigint;
}

/** The budget of one page. */
export interface EvidencePageLimits {
  /** Most batches over all chains (Infinity: no limit). */
  maxBatches: number;
  /** Most bytes of batches (estimated as encoded); a page always carries at least one batch. */
  maxBytes: number;
}

/** One page: every chain (ids, key, range, anchor) and the batches of this page; `next` when more follow. */
export interface EvidencePage {
  chains: EvidenceChain[];
  next?: EvidencePosition;
}

/** Batches read from the store per call. */
const FETCH_CHUNK = 256;
/** Protobuf framing of a SignedBatch inside a chain beyond its byte fields: tags, lengths, the seq varint. */
const BATCH_OVERHEAD = 32;

function dataLoss(message: string): RongtongError {
  return new RongtongError('DATA_LOSS', message);
}

/** The encoded size of a stored batch inside an EvidenceChain (an upper bound, for the page budget). */
export function evidenceBatchBytes(b: BatchRecord): number {
  return b.payload.length + b.signature.length + b.prevHash.length + Buffer.byteLength(b.agentId) + BATCH_OVERHEAD;
}

/** A stored batch as the agent signed it (`SignedBatch`: agent, seq, prev_hash, payload, signature — bytes unchanged). */
export function signedBatchOf(b: BatchRecord): SignedBatch {
  return {
    agentId: b.agentId,
    seq: b.seq.toString(),
    prevHash: Buffer.from(b.prevHash),
    payload: Buffer.from(b.payload),
    signature: Buffer.from(b.signature),
  };
}

/** The page token of a position: opaque base64url of the record id, chain index and seq. */
export function encodeEvidenceToken(recordId: string, position: EvidencePosition): string {
  return Buffer.from(JSON.stringify({ r: recordId, c: position.chain, s: position.seq.toString() }), 'utf8').toString('base64url');
}

/** The position a page token names; '' is the start. INVALID_ARGUMENT `page_token` for a token of another record or out of range. */
export function decodeEvidenceToken(token: string, recordId: string, refs: readonly EvidenceRef[]): EvidencePosition {
  if (token === '') return { chain: 0, seq: refs[0]?.firstSeq ?? 1n };
  const bad = () => invalidField('page_token', 'not a page token from a previous GetEvidence response for this record_id');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (value === null || typeof value !== 'object') throw bad();
  const { r, c, s } = value as Record<string, unknown>;
  if (r !== recordId || typeof c !== 'number' || !Number.isInteger(c) || typeof s !== 'string' || !/^\d{1,20}$/.test(s)) throw bad();
  const ref = refs[c];
  const seq = BigInt(s);
  if (!ref || seq < ref.firstSeq || seq > ref.lastSeq) throw bad();
  return { chain: c, seq };
}

/** Reads stored batches of an agent one at a time or in chunks, for one tenant. */
class BatchReader {
  constructor(
    private readonly store: Store,
    private readonly tenantId: string,
  ) {}

  /** Digest of the batch before `seq` (the anchor a range starting at `seq` needs); 32 zero bytes for seq 1. */
  async anchorBefore(agentId: string, seq: bigint): Promise<Uint8Array> {
    if (seq <= 1n) return GENESIS_PREV_HASH;
    const [before] = await this.store.getBatches(this.tenantId, agentId, seq - 1n, seq - 1n);
    if (!before) throw dataLoss(`batch ${seq - 1n} of agent ${agentId} (the anchor of the evidence range) is missing from the store`);
    return before.digest;
  }

  /** Batches `from…to` of the agent, all present and in order; DATA_LOSS naming the first missing seq. */
  async range(agentId: string, from: bigint, to: bigint): Promise<BatchRecord[]> {
    const batches = await this.store.getBatches(this.tenantId, agentId, from, to);
    let expected = from;
    for (const b of batches) {
      if (b.seq !== expected) break;
      expected += 1n;
    }
    if (expected <= to) throw dataLoss(`batch ${expected} of agent ${agentId} (in the evidence range) is missing from the store`);
    return batches;
  }
}

/**
 * The page of `refs`' chains starting at `start`, within `limits`. Chains before the
 * start chain are complete (no batches), chains after it not begun; each carries the
 * anchor digest of where its batches on this page start (or would continue). Throws
 * DATA_LOSS when a batch of a range, or the batch before it, is missing.
 */
export async function evidencePage(
  store: Store,
  tenantId: string,
  refs: readonly EvidenceRef[],
  publicKeys: ReadonlyMap<string, Uint8Array>,
  start: EvidencePosition,
  limits: EvidencePageLimits,
): Promise<EvidencePage> {
  const reader = new BatchReader(store, tenantId);
  const chains: EvidenceChain[] = [];
  let next: EvidencePosition | undefined;
  let count = 0;
  let bytes = 0;
  const full = (): boolean => count >= limits.maxBatches || (count > 0 && bytes >= limits.maxBytes);

  for (const [i, ref] of refs.entries()) {
    // Where this chain's batches on this page start: past the end for chains already sent.
    let from = i < start.chain ? ref.lastSeq + 1n : i === start.chain ? start.seq : ref.firstSeq;
    const batches: SignedBatch[] = [];
    const anchor = await reader.anchorBefore(ref.agentId, from);
    while (from <= ref.lastSeq && next === undefined) {
      if (full()) {
        next = { chain: i, seq: from };
        break;
      }
      const room = Number.isFinite(limits.maxBatches) ? limits.maxBatches - count : FETCH_CHUNK;
      const end = from + BigInt(Math.min(room, FETCH_CHUNK)) - 1n;
      const to = end < ref.lastSeq ? end : ref.lastSeq;
      for (const b of await reader.range(ref.agentId, from, to)) {
        const size = evidenceBatchBytes(b);
        if (count > 0 && bytes + size > limits.maxBytes) {
          next = { chain: i, seq: b.seq };
          break;
        }
        batches.push(signedBatchOf(b));
        count += 1;
        bytes += size;
        from = b.seq + 1n;
      }
    }
    chains.push({
      agentId: ref.agentId,
      agentPublicKey: Buffer.from(publicKeys.get(ref.agentId) ?? new Uint8Array(0)),
      anchorDigest: Buffer.from(anchor),
      firstSeq: ref.firstSeq.toString(),
      lastSeq: ref.lastSeq.toString(),
      batches,
    });
  }
  return next === undefined ? { chains } : { chains, next };
}
