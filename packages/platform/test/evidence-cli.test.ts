import { type SignedBatch, GENESIS_PREV_HASH, generateAgentKeyPair, privateKeyFromPem, sealBatch, toHex } from '@rongtong/core';
import { type EvidenceBundle, type EvidenceBundle__Output, batchPayloadCodec, createMessageCodec } from '@rongtong/protocol';
import { runTsCli } from '@rongtong/testkit';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const cli = (args: string[]) => runTsCli(main, args, {});
const codec = createMessageCodec<EvidenceBundle, EvidenceBundle__Output>('rongtong.v1.EvidenceBundle');
const AGENT = 'agt_cli_evidence';
const keys = generateAgentKeyPair();

/** A bundle over a real chain of 20 signed batches (seq 1..20). */
function makeBundle(): EvidenceBundle {
  const key = privateKeyFromPem(keys.privateKeyPem);
  const batches: SignedBatch[] = [];
  const digests: Uint8Array[] = [];
  let prevHash = GENESIS_PREV_HASH;
  for (let seq = 1n; seq <= 20n; seq++) {
    const payload = batchPayloadCodec.encode({ createTime: { seconds: String(1_780_000_000 + Number(seq)), nanos: 0 } });
    const sealed = sealBatch({ agentId: AGENT, seq, prevHash, payload }, key);
    batches.push(sealed.batch);
    digests.push(sealed.digest);
    prevHash = sealed.digest;
  }
  return {
    record: { id: 'cap_cli', evidence: [{ agentId: AGENT, firstSeq: '1', lastSeq: '20', firstDigest: digests[0]!, lastDigest: digests[19]! }] },
    chains: [
      {
        agentId: AGENT,
        agentPublicKey: keys.publicKey,
        anchorDigest: GENESIS_PREV_HASH,
        firstSeq: '1',
        lastSeq: '20',
        batches: batches.map((b) => ({ ...b, seq: b.seq.toString() })),
      },
    ],
  };
}

describe('rongtong-platform evidence verify', () => {
  let dir: string;
  let good: string;
  let tampered: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rongtong-evidence-'));
    const bundle = makeBundle();
    good = join(dir, 'good.bin');
    writeFileSync(good, codec.encode(bundle));
    const payload = new Uint8Array(bundle.chains![0]!.batches![7]!.payload as Uint8Array);
    payload[2] = payload[2]! ^ 0x01;
    bundle.chains![0]!.batches![7]!.payload = payload;
    tampered = join(dir, 'tampered.bin');
    writeFileSync(tampered, codec.encode(bundle));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 for an untouched bundle, 1 after one byte changes, with a one-line verdict', async () => {
    const ok = await cli(['evidence', 'verify', good]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^VALID: record cap_cli: 1 chain\(s\), 20 batch\(es\) verified; key self-asserted/);
    const bad = await cli(['evidence', 'verify', tampered, '--json']);
    expect(bad.code, bad.stderr).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE', chain: 0, seq: '8' });
  }, 60_000);

  it('pins a key (hex or file), and exits 2 on usage errors', async () => {
    const pinned = await cli(['evidence', 'verify', good, '--public-key', toHex(keys.publicKey)]);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(pinned.stdout).toContain('key pinned');
    const keyFile = join(dir, 'other.key');
    writeFileSync(keyFile, toHex(generateAgentKeyPair().publicKey));
    const wrong = await cli(['evidence', 'verify', good, '--public-key', keyFile]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('INVALID: KEY_MISMATCH');
    expect((await cli(['evidence', 'verify'])).code).toBe(2);
    expect((await cli(['evidence', 'verify', join(dir, 'missing.bin')])).code).toBe(2);
  }, 60_000);
});
