import * as grpc from '@grpc/grpc-js';
import { verifyEvidence } from '@rongtong/client';
import { GENESIS_PREV_HASH, batchDigest, verifyEvidenceBundle } from '@rongtong/core';
import { evidenceBundleCodec, type EvidenceBundle__Output } from '@rongtong/protocol';
import { runTsCli } from '@rongtong/testkit';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceBatchBytes, evidencePage, type EvidencePosition } from '../src/services/capacity/evidence-page.js';
import type { CapacityRecordRow } from '../src/store/capacity-records.js';
import { capacityRow, collectEvidence, evidenceRefOf, startFileTestServer } from './support/capacity-fixtures.js';
import { publishGapBatches } from './support/feed-producer.js';
import { failureOf, unary } from './support/grpc-call.js';
import { createEnterprise, createTenant, enrollSigningAgent, issueApiToken, type SigningAgent } from './support/ingest-feed-fixtures.js';
import type { TestServer } from './support/start-test-server.js';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/** The batches of a bundle's chains as (agent, seq) strings, for comparing chains. */
function seqsOf(bundle: EvidenceBundle__Output): string[][] {
  return bundle.chains.map((c) => c.batches.map((b) => `${b.agentId}#${b.seq}`));
}

describe('CapacityService.GetEvidence', () => {
  let dir: string;
  let server: TestServer;
  let a1: SigningAgent;
  let a2: SigningAgent;
  let b1: SigningAgent;
  let tamperAgent: SigningAgent;
  let lossAgent: SigningAgent;
  let reader: string;
  let readerA: string;
  let readerB: string;
  let marketOnly: string;
  let otherTenant: string;
  let record: CapacityRecordRow;
  let superseded: CapacityRecordRow;
  let recordB: CapacityRecordRow;
  let tamperRecord: CapacityRecordRow;
  let lossRecord: CapacityRecordRow;

  const put = async (row: CapacityRecordRow): Promise<CapacityRecordRow> => (await server.store.putCapacityRecords([row], []))[0]!;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rongtong-evidence-service-'));
    server = await startFileTestServer(dir);
    await createTenant(server, 'ten-ev');
    await createTenant(server, 'ten-other');
    const entA = await createEnterprise(server, 'ten-ev');
    const entB = await createEnterprise(server, 'ten-ev');
    a1 = await enrollSigningAgent(server, 'ten-ev', entA);
    a2 = await enrollSigningAgent(server, 'ten-ev', entA);
    b1 = await enrollSigningAgent(server, 'ten-ev', entB);
    tamperAgent = await enrollSigningAgent(server, 'ten-ev', entA);
    lossAgent = await enrollSigningAgent(server, 'ten-ev', entA);
    await publishGapBatches(server, a1, 12, 1);
    await publishGapBatches(server, a2, 5, 2);
    await publishGapBatches(server, b1, 3, 1);
    await publishGapBatches(server, tamperAgent, 4, 1);
    await publishGapBatches(server, lossAgent, 4, 1);

    reader = (await issueApiToken(server, 'ten-ev', ['capacity:read'])).secret;
    readerA = (await issueApiToken(server, 'ten-ev', ['capacity:read'], entA)).secret;
    readerB = (await issueApiToken(server, 'ten-ev', ['capacity:read'], entB)).secret;
    marketOnly = (await issueApiToken(server, 'ten-ev', ['market:read'])).secret;
    otherTenant = (await issueApiToken(server, 'ten-other', ['capacity:read'])).secret;

    const s = server.store;
    const refs = [await evidenceRefOf(s, 'ten-ev', a1.agentId, 3n, 10n), await evidenceRefOf(s, 'ten-ev', a2.agentId, 1n, 5n)];
    superseded = await put(capacityRow('ten-ev', entA, 'cnc-1', 0, refs, { quantity: { value: 4000, unit: '' } }));
    record = await put(capacityRow('ten-ev', entA, 'cnc-1', 0, refs));
    recordB = await put(capacityRow('ten-ev', entB, 'press-1', 0, [await evidenceRefOf(s, 'ten-ev', b1.agentId, 1n, 3n)]));
    tamperRecord = await put(capacityRow('ten-ev', entA, 'cnc-2', 0, [await evidenceRefOf(s, 'ten-ev', tamperAgent.agentId, 1n, 4n)]));
    lossRecord = await put(capacityRow('ten-ev', entA, 'cnc-3', 0, [await evidenceRefOf(s, 'ten-ev', lossAgent.agentId, 2n, 4n)]));
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('returns the record with one verifiable chain per evidence ref, anchored at the batch before the range', async () => {
    const response = await unary(server.clients.capacity, 'GetEvidence', { recordId: record.id }, reader);
    expect(response.nextPageToken).toBe('');
    const bundle = response.bundle!;
    expect(bundle.record?.id).toBe(record.id);
    expect(bundle.chains.map((c) => [c.agentId, c.firstSeq, c.lastSeq, c.batches.length])).toEqual([
      [a1.agentId, '3', '10', 8],
      [a2.agentId, '1', '5', 5],
    ]);
    const [stored2] = await server.store.getBatches('ten-ev', a1.agentId, 2n, 2n);
    expect(Buffer.from(bundle.chains[0]!.anchorDigest)).toEqual(Buffer.from(stored2!.digest));
    expect(Buffer.from(bundle.chains[1]!.anchorDigest)).toEqual(Buffer.from(GENESIS_PREV_HASH));
    expect(Buffer.from(bundle.chains[0]!.agentPublicKey)).toEqual(Buffer.from(a1.keys.publicKey));
    // The batches exactly as stored (and as signed).
    const [stored5] = await server.store.getBatches('ten-ev', a1.agentId, 5n, 5n);
    const sent5 = bundle.chains[0]!.batches[2]!;
    expect([sent5.seq, Buffer.from(sent5.payload), Buffer.from(sent5.signature), Buffer.from(sent5.prevHash)]).toEqual([
      '5',
      Buffer.from(stored5!.payload),
      Buffer.from(stored5!.signature),
      Buffer.from(stored5!.prevHash),
    ]);

    const pins = new Map([[a1.agentId, a1.keys.publicKey], [a2.agentId, a2.keys.publicKey]]);
    const core = verifyEvidenceBundle(bundle, { pinnedPublicKey: pins });
    expect(core).toMatchObject({ ok: true, recordId: record.id, keySelfAsserted: false });
    const client = verifyEvidence(evidenceBundleCodec.encode(bundle), { pinnedPublicKey: pins });
    expect(client.ok).toBe(true);
    // A key of another agent does not verify the bundle.
    expect(verifyEvidence(bundle, { pinnedPublicKey: b1.keys.publicKey })).toMatchObject({ ok: false, reason: 'KEY_MISMATCH' });
  });

  it('pages with page_size 1 and 5 give the same chains, each page re-anchored and repeating the record', async () => {
    const whole = await collectEvidence(server, reader, record.id, 0);
    expect(whole.pages).toHaveLength(1);
    const ones = await collectEvidence(server, reader, record.id, 1);
    expect(ones.pages).toHaveLength(13);
    expect(seqsOf(ones.bundle)).toEqual(seqsOf(whole.bundle));
    expect(ones.bundle.chains.map((c) => c.anchorDigest)).toEqual(whole.bundle.chains.map((c) => c.anchorDigest));
    for (const page of ones.pages) {
      expect(page.record?.id).toBe(record.id);
      expect(page.chains.map((c) => [c.agentId, c.firstSeq, c.lastSeq])).toEqual(whole.bundle.chains.map((c) => [c.agentId, c.firstSeq, c.lastSeq]));
      expect(page.chains.reduce((n, c) => n + c.batches.length, 0)).toBe(1);
      // The page's batch continues from its anchor.
      for (const chain of page.chains) {
        for (const batch of chain.batches) expect(Buffer.from(batch.prevHash)).toEqual(Buffer.from(chain.anchorDigest));
      }
    }
    // A middle page of chain 0: anchored at the digest of the batch before it.
    const page4 = ones.pages[3]!.chains[0]!;
    const prev = ones.pages[2]!.chains[0]!.batches[0]!;
    expect(Buffer.from(page4.anchorDigest)).toEqual(
      Buffer.from(batchDigest({ agentId: prev.agentId, seq: BigInt(prev.seq), prevHash: prev.prevHash, payload: prev.payload })),
    );
    expect(verifyEvidenceBundle(ones.bundle)).toMatchObject({ ok: true, keySelfAsserted: true });

    const fives = await collectEvidence(server, reader, record.id, 5);
    expect(fives.pages.map((p) => p.chains.map((c) => c.batches.length))).toEqual([[5, 0], [3, 2], [0, 3]]);
    expect(seqsOf(fives.bundle)).toEqual(seqsOf(whole.bundle));
    expect(verifyEvidenceBundle(fives.bundle).ok).toBe(true);
  });

  it('keeps a page within the byte budget, with at least one batch per page', async () => {
    const keys = new Map([[a1.agentId, a1.keys.publicKey], [a2.agentId, a2.keys.publicKey]]);
    const [b3, b4] = await server.store.getBatches('ten-ev', a1.agentId, 3n, 4n);
    // Room for two batches of chain 0 (their sizes plus framing), not three.
    const twoBatches = evidenceBatchBytes(b3!) + evidenceBatchBytes(b4!);
    expect(twoBatches).toBeGreaterThan(b3!.payload.length + b4!.payload.length + 2 * (64 + 32 + a1.agentId.length));
    const sizes: number[][] = [];
    let position: EvidencePosition | undefined = { chain: 0, seq: 3n };
    while (position) {
      const page = await evidencePage(server.store, 'ten-ev', record.evidence, keys, position, { maxBatches: Infinity, maxBytes: twoBatches });
      sizes.push(page.chains.map((c) => c.batches?.length ?? 0));
      position = page.next;
    }
    expect(sizes.slice(0, 4)).toEqual([[2, 0], [2, 0], [2, 0], [2, 0]]);
    expect(sizes.flat().reduce((n, k) => n + k, 0)).toBe(13);
    const tiny = await evidencePage(server.store, 'ten-ev', record.evidence, keys, { chain: 1, seq: 2n }, { maxBatches: Infinity, maxBytes: 1 });
    expect(tiny.chains.map((c) => c.batches?.length)).toEqual([0, 1]);
    expect(tiny.next).toEqual({ chain: 1, seq: 3n });
  });

  it('resolves a superseded record by its old id', async () => {
    const stored = await server.store.getCapacityRecord('ten-ev', superseded.id);
    expect(stored?.supersededBy).toBe(record.id);
    const { bundle } = await collectEvidence(server, reader, superseded.id, 0);
    expect(bundle.record?.quantity?.value).toBe(4000);
    expect(verifyEvidenceBundle(bundle)).toMatchObject({ ok: true, recordId: superseded.id });
  });

  it('verifies with `rongtong-platform evidence verify` and fails after one byte of a stored batch payload changes', async () => {
    const before = await collectEvidence(server, reader, tamperRecord.id, 0);
    const good = join(dir, 'good.bin');
    writeFileSync(good, evidenceBundleCodec.encode(before.bundle));
    const ok = await runTsCli(main, ['evidence', 'verify', good, '--json'], {});
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, recordId: tamperRecord.id });

    const db = new Database(server.dbPath);
    try {
      const row = db.prepare('SELECT payload FROM batches WHERE agent_id = ? AND seq = ?').get(tamperAgent.agentId, 3) as { payload: Buffer };
      const payload = Buffer.from(row.payload);
      payload[payload.length - 1] = payload[payload.length - 1]! ^ 0x01;
      db.prepare('UPDATE batches SET payload = ? WHERE agent_id = ? AND seq = ?').run(payload, tamperAgent.agentId, 3);
    } finally {
      db.close();
    }

    const after = await collectEvidence(server, reader, tamperRecord.id, 0);
    const result = verifyEvidenceBundle(after.bundle);
    expect(result).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE', chain: 0, seq: 3n });
    expect(verifyEvidence(evidenceBundleCodec.encode(after.bundle))).toMatchObject({ ok: false, seq: 3n });
    const bad = join(dir, 'tampered.bin');
    writeFileSync(bad, evidenceBundleCodec.encode(after.bundle));
    const failed = await runTsCli(main, ['evidence', 'verify', bad], {});
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stdout).toMatch(/^INVALID: BAD_SIGNATURE \(chain 0, seq 3\)/);
    // Paging does not hide it.
    expect(verifyEvidenceBundle((await collectEvidence(server, reader, tamperRecord.id, 1)).bundle)).toMatchObject({ ok: false, seq: 3n });
  }, 60_000);

  it('fails with DATA_LOSS when a batch of the range or its anchor is missing', async () => {
    expect(verifyEvidenceBundle((await collectEvidence(server, reader, lossRecord.id, 0)).bundle).ok).toBe(true);
    const db = new Database(server.dbPath);
    try {
      db.prepare('DELETE FROM batches WHERE agent_id = ? AND seq = ?').run(lossAgent.agentId, 3);
    } finally {
      db.close();
    }
    const failure = await failureOf(unary(server.clients.capacity, 'GetEvidence', { recordId: lossRecord.id }, reader));
    expect(failure).toMatchObject({ status: grpc.status.DATA_LOSS, code: 'DATA_LOSS' });
    expect(failure.message).toContain('batch 3');
    // The first page (seq 2 only) is still served; the next one fails.
    const first = await unary(server.clients.capacity, 'GetEvidence', { recordId: lossRecord.id, pageSize: 1 }, reader);
    expect(first.bundle?.chains[0]?.batches.map((b) => b.seq)).toEqual(['2']);
    const next = { recordId: lossRecord.id, pageSize: 1, pageToken: first.nextPageToken };
    expect((await failureOf(unary(server.clients.capacity, 'GetEvidence', next, reader))).code).toBe('DATA_LOSS');
  });

  it('hides records of other tenants and of enterprises a restricted token may not see', async () => {
    const get = (recordId: string, secret?: string) => unary(server.clients.capacity, 'GetEvidence', { recordId }, secret);
    expect((await get(record.id, readerA)).bundle?.record?.id).toBe(record.id);
    expect((await get(recordB.id, readerB)).bundle?.record?.id).toBe(recordB.id);
    for (const [recordId, secret] of [[record.id, readerB], [recordB.id, readerA], [record.id, otherTenant], ['cap_unknown', reader]] as const) {
      expect(await failureOf(get(recordId, secret))).toMatchObject({ status: grpc.status.NOT_FOUND, code: 'NOT_FOUND' });
    }
    expect((await failureOf(get(record.id, marketOnly))).code).toBe('PERMISSION_DENIED');
    expect((await failureOf(get(record.id, server.operatorSecret))).code).toBe('PERMISSION_DENIED');
    expect((await failureOf(get(record.id))).code).toBe('UNAUTHENTICATED');
  });

  it('rejects bad requests naming the field', async () => {
    const call = (request: { recordId?: string; pageSize?: number; pageToken?: string }) =>
      failureOf(unary(server.clients.capacity, 'GetEvidence', request, reader));
    expect(await call({ recordId: '' })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: ['record_id'] });
    expect(await call({ recordId: record.id, pageSize: -1 })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: ['page_size'] });
    expect(await call({ recordId: record.id, pageToken: 'not-a-token' })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: ['page_token'] });
    // A token of another record does not continue this one.
    const other = await unary(server.clients.capacity, 'GetEvidence', { recordId: tamperRecord.id, pageSize: 1 }, reader);
    expect(other.nextPageToken).not.toBe('');
    expect(await call({ recordId: record.id, pageToken: other.nextPageToken })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: ['page_token'] });
  });
});
