import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_ANCHOR,
  GENESIS_PREV_HASH,
  batchDigest,
  generateAgentKeyPair,
  publicKeyFromRaw,
  rawPublicKey,
  sealBatch,
  toHex,
  verifyChain,
  verifyDigest,
  type SignedBatch,
} from './index.js';

const keys = generateAgentKeyPair();
const otherKeys = generateAgentKeyPair();
const enc = new TextEncoder();

function chainOf(n: number, agentId = 'agent-1'): { batches: SignedBatch[]; digests: Uint8Array[] } {
  const batches: SignedBatch[] = [];
  const digests: Uint8Array[] = [];
  let prevHash = GENESIS_PREV_HASH;
  for (let i = 1; i <= n; i++) {
    const { batch, digest } = sealBatch({ agentId, seq: BigInt(i), prevHash, payload: enc.encode(`payload ${i}`) }, keys.privateKeyPem);
    batches.push(batch);
    digests.push(digest);
    prevHash = digest;
  }
  return { batches, digests };
}

describe('batchDigest', () => {
  it('follows the framing documented on rongtong.v1.SignedBatch', () => {
    const payload = Uint8Array.of(0x0a, 0x03, 0x61, 0x62, 0x63);
    const prevHash = new Uint8Array(32).fill(0xab);
    // "rongtong.v1.batch" 00 | u32be(7) "agent-7" | u64be(258) | prev_hash | u64be(5) | payload
    const framed = Buffer.concat([
      Buffer.from('rongtong.v1.batch\0', 'ascii'),
      Buffer.from([0, 0, 0, 7]),
      Buffer.from('agent-7'),
      Buffer.from([0, 0, 0, 0, 0, 0, 1, 2]),
      Buffer.from(prevHash),
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 5]),
      Buffer.from(payload),
    ]);
    const expected = createHash('sha256').update(framed).digest('hex');
    expect(toHex(batchDigest({ agentId: 'agent-7', seq: 258n, prevHash, payload }))).toBe(expected);
  });

  it('is a stable test vector for other languages', () => {
    const digest = batchDigest({ agentId: 'agent-1', seq: 1n, prevHash: GENESIS_PREV_HASH, payload: new Uint8Array() });
    expect(toHex(digest)).toBe(GOLDEN_GENESIS_DIGEST);
  });

  it('rejects a seq below 1 and a prev hash that is not 32 bytes', () => {
    expect(() => batchDigest({ agentId: 'a', seq: 0n, prevHash: GENESIS_PREV_HASH, payload: new Uint8Array() })).toThrow(/seq/);
    expect(() => batchDigest({ agentId: 'a', seq: 1n, prevHash: new Uint8Array(31), payload: new Uint8Array() })).toThrow(/prevHash/);
  });

  it('separates fields: moving a byte between agent id and payload changes the digest', () => {
    const a = batchDigest({ agentId: 'ab', seq: 1n, prevHash: GENESIS_PREV_HASH, payload: enc.encode('c') });
    const b = batchDigest({ agentId: 'a', seq: 1n, prevHash: GENESIS_PREV_HASH, payload: enc.encode('bc') });
    expect(toHex(a)).not.toBe(toHex(b));
  });
});

describe('Ed25519 batch signatures', () => {
  it('round-trips the raw public key', () => {
    expect(rawPublicKey(publicKeyFromRaw(keys.publicKey))).toEqual(keys.publicKey);
    expect(keys.publicKey).toHaveLength(32);
  });

  it('verifies with the signing key and fails with another key', () => {
    const { batches } = chainOf(1);
    const batch = batches[0]!;
    expect(batch.signature).toHaveLength(64);
    expect(verifyDigest(batchDigest(batch), batch.signature, keys.publicKey)).toBe(true);
    expect(verifyDigest(batchDigest(batch), batch.signature, otherKeys.publicKey)).toBe(false);
    expect(verifyChain([batch], otherKeys.publicKey)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE', seq: 1n });
  });

  it('fails after any single byte of payload, agent id, prev hash or signature changes', () => {
    const { batch } = sealBatch(
      { agentId: 'agent-x', seq: 5n, prevHash: new Uint8Array(32).fill(7), payload: enc.encode('state=Executing;count=42') },
      keys.privateKeyPem,
    );
    const anchor = { seq: 4n, digest: batch.prevHash };
    expect(verifyChain([batch], keys.publicKey, anchor).ok).toBe(true);
    const fields = ['payload', 'signature'] as const;
    for (const field of fields) {
      for (let i = 0; i < batch[field].length; i++) {
        for (const bit of [0x01, 0x80]) {
          const changed = Uint8Array.from(batch[field]);
          changed[i]! ^= bit;
          const result = verifyChain([{ ...batch, [field]: changed }], keys.publicKey, anchor);
          expect(result.ok, `${field}[${i}] ^ ${bit}`).toBe(false);
        }
      }
    }
    const agentBytes = enc.encode(batch.agentId);
    for (let i = 0; i < agentBytes.length; i++) {
      const changed = Uint8Array.from(agentBytes);
      changed[i]! ^= 0x01;
      const agentId = new TextDecoder().decode(changed);
      expect(verifyChain([{ ...batch, agentId }], keys.publicKey, anchor)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
    }
    for (let i = 0; i < 32; i++) {
      const prevHash = Uint8Array.from(batch.prevHash);
      prevHash[i]! ^= 0x01;
      // The anchor moves with it, so the chain link holds and only the signature can catch it.
      expect(verifyChain([{ ...batch, prevHash }], keys.publicKey, { seq: 4n, digest: prevHash })).toMatchObject({
        ok: false,
        reason: 'BAD_SIGNATURE',
      });
    }
  });

  it('fails for any random mutation of the payload (property)', () => {
    const { batch } = sealBatch({ agentId: 'p', seq: 1n, prevHash: GENESIS_PREV_HASH, payload: enc.encode('x'.repeat(64)) }, keys.privateKeyPem);
    fc.assert(
      fc.property(fc.nat({ max: 63 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const payload = Uint8Array.from(batch.payload);
        payload[at]! ^= xor;
        return !verifyChain([{ ...batch, payload }], keys.publicKey).ok;
      }),
    );
  });

  it('never throws on malformed keys or signatures', () => {
    const digest = new Uint8Array(32);
    expect(verifyDigest(digest, new Uint8Array(10), keys.publicKey)).toBe(false);
    expect(verifyDigest(digest, new Uint8Array(64), new Uint8Array(5))).toBe(false);
  });
});

describe('verifyChain', () => {
  it('accepts a whole chain from genesis and reports its tip', () => {
    const { batches, digests } = chainOf(5);
    const result = verifyChain(batches, keys.publicKey, GENESIS_ANCHOR);
    expect(result).toEqual({ ok: true, lastSeq: 5n, lastDigest: digests[4] });
  });

  it('continues from an anchor in the middle', () => {
    const { batches, digests } = chainOf(5);
    expect(verifyChain(batches.slice(2), keys.publicKey, { seq: 2n, digest: digests[1]! }).ok).toBe(true);
    expect(verifyChain(batches.slice(2), keys.publicKey, { seq: 2n, digest: digests[0]! })).toMatchObject({
      ok: false,
      reason: 'CHAIN_BROKEN',
      seq: 3n,
    });
  });

  it('names a seq gap', () => {
    const { batches } = chainOf(4);
    expect(verifyChain([batches[0]!, batches[2]!], keys.publicKey)).toMatchObject({ ok: false, reason: 'SEQ_GAP', seq: 3n });
  });

  it('names a broken chain even when the batch is correctly signed', () => {
    const { batches } = chainOf(2);
    const { batch: forged } = sealBatch({ agentId: 'agent-1', seq: 2n, prevHash: new Uint8Array(32).fill(1), payload: enc.encode('x') }, keys.privateKeyPem);
    expect(verifyChain([batches[0]!, forged], keys.publicKey)).toMatchObject({ ok: false, reason: 'CHAIN_BROKEN', seq: 2n });
  });
});

// Computed independently with Python's hashlib and struct (see docs/security.md).
const GOLDEN_GENESIS_DIGEST = '4845022eb54c63ebc3843c8219140e943b78086343990e37acebb80ffe7d3db8';

describe('the test vector in proto/rongtong/v1/batch.proto', () => {
  // RFC 8032 §7.1 TEST 1 key; payload 0801 is a BatchPayload with sharing_level = RAW.
  const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
  const publicKey = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
  const privateKeyPem = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  })
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();
  const payload = Uint8Array.of(0x08, 0x01);

  it('reproduces the digests and signature the contract documents', () => {
    expect(rawPublicKey(createPublicKey(privateKeyPem))).toEqual(new Uint8Array(publicKey));
    const first = sealBatch({ agentId: 'agt_example', seq: 1n, prevHash: GENESIS_PREV_HASH, payload }, privateKeyPem);
    expect(toHex(first.digest)).toBe('98f66acb16c06fb1b8bb827d850d4503859d9914c3944c756d32a94a0343c0f5');
    expect(toHex(first.batch.signature)).toBe(
      '3d45aed5bc42f6fb0f560f64ca5c12e6e9623a0eab4c648e63b7adb166a722f1aa82a313ac127fa5ab86aa954670816642c1bb0a87685398b6604c42ac59b00a',
    );
    const second = sealBatch({ agentId: 'agt_example', seq: 2n, prevHash: first.digest, payload }, privateKeyPem);
    expect(toHex(second.digest)).toBe('06490a52fc8ba4445b0e4dab6d9bf46bb3022784ea787f0e459768cc9e2798ee');
    expect(verifyChain([first.batch, second.batch], new Uint8Array(publicKey))).toMatchObject({ ok: true, lastSeq: 2n });
  });
});
