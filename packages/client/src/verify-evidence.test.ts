import {
  type SignedBatch,
  GENESIS_PREV_HASH,
  batchDigest,
  generateAgentKeyPair,
  privateKeyFromPem,
  sealBatch,
} from '@rongtong/core';
import { type EvidenceBundle, type EvidenceBundle__Output, batchPayloadCodec, createMessageCodec } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { verifyEvidence } from './verify-evidence.js';

const bundleCodec = createMessageCodec<EvidenceBundle, EvidenceBundle__Output>('rongtong.v1.EvidenceBundle');
const AGENT = 'agt_evidence_1';
const keys = generateAgentKeyPair();
const privateKey = privateKeyFromPem(keys.privateKeyPem);

/** A real chain of 30 signed batches (seq 1..30) with encoded BatchPayloads. */
function sealChain(count: number): { batches: SignedBatch[]; digests: Uint8Array[] } {
  const batches: SignedBatch[] = [];
  const digests: Uint8Array[] = [];
  let prevHash = GENESIS_PREV_HASH;
  for (let seq = 1n; seq <= BigInt(count); seq++) {
    const payload = batchPayloadCodec.encode({ createTime: { seconds: String(1_780_000_000 + Number(seq) * 60), nanos: 0 } });
    const sealed = sealBatch({ agentId: AGENT, seq, prevHash, payload }, privateKey);
    batches.push(sealed.batch);
    digests.push(sealed.digest);
    prevHash = sealed.digest;
  }
  return { batches, digests };
}

const { batches: ALL, digests: DIGESTS } = sealChain(30);
const FIRST = 6; // evidence range seq 6..29 (24 batches), anchored on seq 5
const LAST = 29;

const toProto = (b: SignedBatch) => ({ agentId: b.agentId, seq: b.seq.toString(), prevHash: b.prevHash, payload: b.payload, signature: b.signature });

function bundle(overrides: { batches?: SignedBatch[]; refFirst?: number; refLast?: number; key?: Uint8Array } = {}): EvidenceBundle {
  const refFirst = overrides.refFirst ?? FIRST;
  const refLast = overrides.refLast ?? LAST;
  return {
    record: {
      id: 'cap_1',
      type: 'CAPACITY_TYPE_USED',
      derivation: 'USED = test',
      evidence: [
        { agentId: AGENT, firstSeq: String(refFirst), lastSeq: String(refLast), firstDigest: DIGESTS[refFirst - 1]!, lastDigest: DIGESTS[refLast - 1]! },
      ],
    },
    chains: [
      {
        agentId: AGENT,
        agentPublicKey: overrides.key ?? keys.publicKey,
        anchorDigest: DIGESTS[FIRST - 2]!,
        firstSeq: String(FIRST),
        lastSeq: String(LAST),
        batches: (overrides.batches ?? ALL.slice(FIRST - 1, LAST)).map(toProto),
      },
    ],
  };
}

describe('verifyEvidence', () => {
  it('verifies an untouched bundle from its protobuf bytes; the key is self-asserted unless pinned', () => {
    const bytes = bundleCodec.encode(bundle());
    const result = verifyEvidence(bytes);
    expect(result).toMatchObject({ ok: true, recordId: 'cap_1', keySelfAsserted: true });
    expect(result.ok && result.chains[0]).toMatchObject({ firstSeq: 6n, lastSeq: 29n, batches: 24, keyPinned: false });
    expect(verifyEvidence(bytes, { pinnedPublicKey: keys.publicKey })).toMatchObject({ ok: true, keySelfAsserted: false });
    expect(verifyEvidence(bundleCodec.decode(bytes))).toMatchObject({ ok: true });
  });

  it('fails after any single byte of a stored batch changes (60 deterministic flips)', () => {
    const stored = ALL.slice(FIRST - 1, LAST);
    const fields = ['payload', 'signature', 'prevHash', 'seq'] as const;
    const seen = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const index = (k * 7) % stored.length;
      const field = fields[k % fields.length]!;
      const original = stored[index]!;
      let tampered: SignedBatch;
      if (field === 'seq') tampered = { ...original, seq: original.seq ^ (1n << BigInt(k % 8)) };
      else {
        const bytes = new Uint8Array(original[field]);
        const at = (k * 13) % bytes.length;
        bytes[at] = bytes[at]! ^ (1 << (k % 8));
        tampered = { ...original, [field]: bytes };
      }
      const batches = stored.map((b, i) => (i === index ? tampered : b));
      const result = verifyEvidence(bundleCodec.encode(bundle({ batches })));
      expect(result.ok, `flip ${k}: ${field} of seq ${original.seq}`).toBe(false);
      if (result.ok) continue;
      seen.add(result.reason);
      if (field === 'payload' || field === 'signature') {
        expect(result).toMatchObject({ reason: 'BAD_SIGNATURE', seq: original.seq, chain: 0 });
      } else if (field === 'prevHash') {
        expect(result).toMatchObject({ reason: index === 0 ? 'ANCHOR_MISMATCH' : 'CHAIN_BROKEN', seq: original.seq });
      } else {
        expect(['SEQ_GAP', 'RANGE_MISMATCH']).toContain(result.reason);
      }
    }
    expect(seen).toEqual(new Set(['BAD_SIGNATURE', 'CHAIN_BROKEN', 'SEQ_GAP', 'RANGE_MISMATCH']));
  });

  it('fails on a missing batch, a batch out of range, a wrong key and uncovered refs', () => {
    const stored = ALL.slice(FIRST - 1, LAST);
    expect(verifyEvidence(bundle({ batches: stored.filter((b) => b.seq !== 12n) }))).toMatchObject({ ok: false, reason: 'SEQ_GAP', seq: 13n });
    expect(verifyEvidence(bundle({ batches: stored.slice(0, -1) }))).toMatchObject({ ok: false, reason: 'RANGE_MISMATCH' });
    expect(verifyEvidence(bundle({ batches: [...stored, ALL[LAST]!] }))).toMatchObject({ ok: false, reason: 'RANGE_MISMATCH', seq: 30n });
    const badAnchor = bundle();
    badAnchor.chains![0]!.anchorDigest = DIGESTS[0]!;
    expect(verifyEvidence(badAnchor)).toMatchObject({ ok: false, reason: 'ANCHOR_MISMATCH', seq: 6n });
    const other = generateAgentKeyPair().publicKey;
    expect(verifyEvidence(bundle({ key: other }))).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE', seq: 6n });
    expect(verifyEvidence(bundle(), { pinnedPublicKey: other })).toMatchObject({ ok: false, reason: 'KEY_MISMATCH', chain: 0 });
    expect(verifyEvidence(bundle({ refFirst: 5 }))).toMatchObject({ ok: false, reason: 'REF_NOT_COVERED' });
    expect(verifyEvidence(bundle({ refLast: 30 }))).toMatchObject({ ok: false, reason: 'REF_NOT_COVERED' });
    const wrongDigest = bundle();
    wrongDigest.record!.evidence![0]!.lastDigest = batchDigest(ALL[0]!);
    expect(verifyEvidence(wrongDigest)).toMatchObject({ ok: false, reason: 'REF_NOT_COVERED' });
  });

  it('never throws on malformed input', () => {
    expect(verifyEvidence(new Uint8Array([0xff, 0xff, 0xff]))).toMatchObject({ ok: false, reason: 'MALFORMED' });
    expect(verifyEvidence(new Uint8Array(0))).toMatchObject({ ok: false, reason: 'MALFORMED' });
    const noKey = bundle();
    noKey.chains![0]!.agentPublicKey = new Uint8Array(3);
    const malformed = verifyEvidence(bundleCodec.encode(noKey));
    expect(malformed).toMatchObject({ ok: false, reason: 'MALFORMED' });
    expect(!malformed.ok && malformed.message).toContain('chains[0].agent_public_key');
  });
});
