import { DIGEST_BYTES, GENESIS_PREV_HASH, batchDigest, bytesEqual, toHex } from '../batch/batch-digest.js';
import { ED25519_PUBLIC_KEY_BYTES, verifyDigest } from '../batch/signing.js';
import type { SignedBatch } from '../batch/signed-batch.js';

/**
 * Why an evidence bundle does not verify. `SEQ_GAP`, `CHAIN_BROKEN` and `BAD_SIGNATURE`
 * are named like the ingest rejects; the others are specific to evidence.
 */
export type EvidenceFailureReason =
  | 'MALFORMED'
  | 'KEY_MISMATCH'
  | 'ANCHOR_MISMATCH'
  | 'SEQ_GAP'
  | 'CHAIN_BROKEN'
  | 'BAD_SIGNATURE'
  | 'AGENT_MISMATCH'
  | 'RANGE_MISMATCH'
  | 'REF_NOT_COVERED';

/** Options of {@link verifyEvidenceBundle}. */
export interface VerifyEvidenceOptions {
  /**
   * Raw 32-byte Ed25519 public keys the verifier trusts (obtained independently, e.g. at
   * onboarding), by agent id; or one key trusted for every chain. Without a pin the key
   * carried in the bundle is used and the result says it is self-asserted.
   */
  readonly pinnedPublicKey?: Uint8Array | ReadonlyMap<string, Uint8Array>;
}

/** One verified chain of the bundle. */
export interface VerifiedChain {
  readonly agentId: string;
  readonly firstSeq: bigint;
  readonly lastSeq: bigint;
  readonly batches: number;
  /** Hex of the public key the signatures were checked with. */
  readonly publicKeyHex: string;
  /** True when the key was pinned by the verifier; false when taken from the bundle. */
  readonly keyPinned: boolean;
}

/** Result of {@link verifyEvidenceBundle}: ok, or the first failure found. */
export type EvidenceVerifyResult =
  | {
      readonly ok: true;
      readonly recordId: string;
      readonly chains: readonly VerifiedChain[];
      /** True when at least one chain was checked with a key taken from the bundle itself. */
      readonly keySelfAsserted: boolean;
    }
  | {
      readonly ok: false;
      readonly reason: EvidenceFailureReason;
      readonly message: string;
      /** Index of the chain in the bundle, when the failure is in one. */
      readonly chain?: number;
      /** Seq of the batch, when the failure is in one. */
      readonly seq?: bigint;
    };

/** A failure thrown while normalising; caught by {@link verifyEvidenceBundle}. */
class Malformed extends Error {}

type Loose = Record<string, unknown>;

function obj(value: unknown, field: string): Loose {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Malformed(`${field} must be a message`);
  return value as Loose;
}
function arr(value: unknown, field: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Malformed(`${field} must be a list`);
  return value;
}
function str(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new Malformed(`${field} must be a string`);
  return value;
}
function bytes(value: unknown, field: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new Malformed(`${field} must be bytes`);
  if (length !== undefined && value.length !== length) throw new Malformed(`${field} must be ${length} bytes: got ${value.length}`);
  return value;
}
/** uint64 from a bigint, a decimal string (protobuf long as string) or a safe integer. */
function u64(value: unknown, field: string): bigint {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'string' && /^\d{1,20}$/.test(value)) n = BigInt(value);
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else throw new Malformed(`${field} must be an unsigned 64-bit integer`);
  if (n < 0n || n >= 1n << 64n) throw new Malformed(`${field} must be an unsigned 64-bit integer`);
  return n;
}

interface Ref {
  readonly agentId: string;
  readonly firstSeq: bigint;
  readonly lastSeq: bigint;
  readonly firstDigest: Uint8Array;
  readonly lastDigest: Uint8Array;
}
interface Chain {
  readonly agentId: string;
  readonly publicKey: Uint8Array;
  readonly anchorDigest: Uint8Array;
  readonly firstSeq: bigint;
  readonly lastSeq: bigint;
  readonly batches: readonly SignedBatch[];
}

function pick(o: Loose, camel: string, snake: string): unknown {
  return o[camel] ?? o[snake];
}

function normalise(input: unknown): { recordId: string; refs: Ref[]; chains: Chain[] } {
  const bundle = obj(input, 'bundle');
  const record = obj(bundle.record, 'record');
  const refs = arr(record.evidence, 'record.evidence').map((raw, i): Ref => {
    const f = `record.evidence[${i}]`;
    const r = obj(raw, f);
    return {
      agentId: str(pick(r, 'agentId', 'agent_id'), `${f}.agent_id`),
      firstSeq: u64(pick(r, 'firstSeq', 'first_seq'), `${f}.first_seq`),
      lastSeq: u64(pick(r, 'lastSeq', 'last_seq'), `${f}.last_seq`),
      firstDigest: bytes(pick(r, 'firstDigest', 'first_digest'), `${f}.first_digest`, DIGEST_BYTES),
      lastDigest: bytes(pick(r, 'lastDigest', 'last_digest'), `${f}.last_digest`, DIGEST_BYTES),
    };
  });
  const chains = arr(bundle.chains, 'chains').map((raw, i): Chain => {
    const f = `chains[${i}]`;
    const c = obj(raw, f);
    return {
      agentId: str(pick(c, 'agentId', 'agent_id'), `${f}.agent_id`),
      publicKey: bytes(pick(c, 'agentPublicKey', 'agent_public_key'), `${f}.agent_public_key`, ED25519_PUBLIC_KEY_BYTES),
      anchorDigest: bytes(pick(c, 'anchorDigest', 'anchor_digest'), `${f}.anchor_digest`, DIGEST_BYTES),
      firstSeq: u64(pick(c, 'firstSeq', 'first_seq'), `${f}.first_seq`),
      lastSeq: u64(pick(c, 'lastSeq', 'last_seq'), `${f}.last_seq`),
      batches: arr(c.batches, `${f}.batches`).map((rawBatch, j): SignedBatch => {
        const g = `${f}.batches[${j}]`;
        const b = obj(rawBatch, g);
        return {
          agentId: str(pick(b, 'agentId', 'agent_id'), `${g}.agent_id`),
          seq: u64(b.seq, `${g}.seq`),
          prevHash: bytes(pick(b, 'prevHash', 'prev_hash'), `${g}.prev_hash`),
          payload: bytes(b.payload ?? new Uint8Array(0), `${g}.payload`),
          signature: bytes(b.signature, `${g}.signature`),
        };
      }),
    };
  });
  return { recordId: str(record.id, 'record.id'), refs, chains };
}

function pinnedKeyFor(agentId: string, options: VerifyEvidenceOptions): Uint8Array | undefined {
  const pin = options.pinnedPublicKey;
  if (pin === undefined) return undefined;
  if (pin instanceof Uint8Array) return pin;
  return pin.get(agentId);
}

type Failure = Extract<EvidenceVerifyResult, { ok: false }>;

/** Checks one chain; returns its verified summary or the first failure. */
function verifyOneChain(chain: Chain, index: number, options: VerifyEvidenceOptions): VerifiedChain | Failure {
  const fail = (reason: EvidenceFailureReason, message: string, seq?: bigint): Failure =>
    seq === undefined ? { ok: false, reason, message, chain: index } : { ok: false, reason, message, chain: index, seq };
  const pinned = pinnedKeyFor(chain.agentId, options);
  if (pinned !== undefined && !bytesEqual(pinned, chain.publicKey)) {
    return fail('KEY_MISMATCH', `chain ${index} (agent ${chain.agentId}) carries key ${toHex(chain.publicKey)}, not the pinned key ${toHex(pinned)}`);
  }
  const key = pinned ?? chain.publicKey;
  if (chain.firstSeq < 1n || chain.lastSeq < chain.firstSeq) {
    return fail('MALFORMED', `chain ${index}: range [${chain.firstSeq}, ${chain.lastSeq}] is empty or starts below 1`);
  }
  if (chain.firstSeq === 1n && !bytesEqual(chain.anchorDigest, GENESIS_PREV_HASH)) {
    return fail('ANCHOR_MISMATCH', `chain ${index}: a range starting at seq 1 must have the genesis anchor (32 zero bytes)`);
  }
  let expected = chain.firstSeq;
  let prev = chain.anchorDigest;
  for (const batch of chain.batches) {
    if (batch.agentId !== chain.agentId) {
      return fail('AGENT_MISMATCH', `batch seq ${batch.seq} is of agent "${batch.agentId}", not "${chain.agentId}"`, batch.seq);
    }
    if (expected > chain.lastSeq) {
      return fail('RANGE_MISMATCH', `batch seq ${batch.seq} is past the chain range [${chain.firstSeq}, ${chain.lastSeq}]`, batch.seq);
    }
    if (batch.seq !== expected) {
      const reason = batch.seq > chain.lastSeq || batch.seq < chain.firstSeq ? 'RANGE_MISMATCH' : 'SEQ_GAP';
      return fail(reason, `expected seq ${expected}, got ${batch.seq} (chain range [${chain.firstSeq}, ${chain.lastSeq}])`, batch.seq);
    }
    if (batch.prevHash.length !== DIGEST_BYTES || !bytesEqual(batch.prevHash, prev)) {
      const what = expected === chain.firstSeq ? 'the chain anchor digest' : `the digest of seq ${expected - 1n}`;
      const reason = expected === chain.firstSeq ? 'ANCHOR_MISMATCH' : 'CHAIN_BROKEN';
      return fail(reason, `prev_hash of seq ${batch.seq} is not ${what}`, batch.seq);
    }
    const digest = batchDigest(batch);
    if (!verifyDigest(digest, batch.signature, key)) {
      return fail('BAD_SIGNATURE', `signature of seq ${batch.seq} does not verify with the agent's key ${toHex(key)}`, batch.seq);
    }
    prev = digest;
    expected += 1n;
  }
  if (expected - 1n !== chain.lastSeq) {
    return fail('RANGE_MISMATCH', `chain ${index} declares [${chain.firstSeq}, ${chain.lastSeq}] but its batches end at seq ${expected - 1n}`, expected);
  }
  return {
    agentId: chain.agentId,
    firstSeq: chain.firstSeq,
    lastSeq: chain.lastSeq,
    batches: chain.batches.length,
    publicKeyHex: toHex(key),
    keyPinned: pinned !== undefined,
  };
}

/** Digests of a verified chain's first and last batch (recomputed). */
function endDigests(chain: Chain): { first: Uint8Array; last: Uint8Array } {
  return { first: batchDigest(chain.batches[0]!), last: batchDigest(chain.batches[chain.batches.length - 1]!) };
}

/**
 * Verifies an evidence bundle (`rongtong.v1.EvidenceBundle`, decoded) offline: for each
 * chain, the first batch's prev_hash is the anchor digest, seqs run first..last without
 * gaps, each prev_hash is the previous batch's digest and every signature verifies with
 * the agent's key (the pinned one if given, else the key in the bundle); then the
 * record's evidence refs must be exactly the chains' ranges (same agent, seqs and first
 * and last digests, one chain per ref in order). Accepts the protocol's decoded shape
 * (longs as decimal strings, bytes as Buffers) or bigints; never throws — malformed input
 * gives a `MALFORMED` failure naming the field.
 */
export function verifyEvidenceBundle(bundle: unknown, options: VerifyEvidenceOptions = {}): EvidenceVerifyResult {
  let parsed: ReturnType<typeof normalise>;
  try {
    parsed = normalise(bundle);
  } catch (err) {
    return { ok: false, reason: 'MALFORMED', message: err instanceof Error ? err.message : String(err) };
  }
  const { recordId, refs, chains } = parsed;
  if (refs.length === 0) return { ok: false, reason: 'REF_NOT_COVERED', message: `record "${recordId}" names no evidence` };
  if (refs.length !== chains.length) {
    return { ok: false, reason: 'REF_NOT_COVERED', message: `record names ${refs.length} evidence ranges but the bundle has ${chains.length} chains` };
  }
  const verified: VerifiedChain[] = [];
  for (const [i, chain] of chains.entries()) {
    const result = verifyOneChain(chain, i, options);
    if ('ok' in result) return result;
    verified.push(result);
    const ref = refs[i]!;
    const range = `[${ref.firstSeq}, ${ref.lastSeq}] of agent ${ref.agentId}`;
    if (ref.agentId !== chain.agentId || ref.firstSeq !== chain.firstSeq || ref.lastSeq !== chain.lastSeq) {
      return { ok: false, reason: 'REF_NOT_COVERED', chain: i, message: `evidence ref ${i} ${range} is not covered by chain ${i} [${chain.firstSeq}, ${chain.lastSeq}] of agent ${chain.agentId}` };
    }
    const ends = endDigests(chain);
    if (!bytesEqual(ends.first, ref.firstDigest) || !bytesEqual(ends.last, ref.lastDigest)) {
      return { ok: false, reason: 'REF_NOT_COVERED', chain: i, message: `evidence ref ${i} ${range}: its first/last digests differ from the chain's batches` };
    }
  }
  return { ok: true, recordId, chains: verified, keySelfAsserted: verified.some((c) => !c.keyPinned) };
}

/** A one-line human verdict for a result (used by the CLI and examples). */
export function describeEvidenceResult(result: EvidenceVerifyResult): string {
  if (result.ok) {
    const batches = result.chains.reduce((n, c) => n + c.batches, 0);
    const key = result.keySelfAsserted ? 'key self-asserted by the bundle (pin it with a key obtained independently)' : 'key pinned';
    return `VALID: record ${result.recordId || '(no id)'}: ${result.chains.length} chain(s), ${batches} batch(es) verified; ${key}`;
  }
  const where = [result.chain !== undefined ? `chain ${result.chain}` : '', result.seq !== undefined ? `seq ${result.seq}` : ''].filter(Boolean).join(', ');
  return `INVALID: ${result.reason}${where ? ` (${where})` : ''}: ${result.message}`;
}
