import { randomBytes } from 'node:crypto';
import { GENESIS_PREV_HASH, generateAgentKeyPair, sealBatch } from '@rongtong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestService, type IngestService } from '../src/ingest/ingest-service.js';
import {
  createEnterprise,
  createTenant,
  enrollSigningAgent,
  payloadOf,
  sampleOf,
  sealAt,
  sealNext,
  type SigningAgent,
} from './support/ingest-feed-fixtures.js';
import { connectAgent } from './support/ingest-feed-streams.js';
import { startTestServer, type TestServer } from './support/start-test-server.js';

const MAX_BATCH_BYTES = 1_048_576;

/** A valid BatchPayload of exactly `bytes` bytes (one gap record with a long detail). */
function payloadOfSize(bytes: number): Uint8Array {
  let detail = bytes - 32;
  for (;;) {
    const payload = payloadOf({ gaps: [{ detail: 'x'.repeat(detail) }] });
    if (payload.length === bytes) return payload;
    detail += bytes - payload.length;
  }
}

describe('IngestService.Publish: dedup, chain and signature checks', () => {
  let server: TestServer;
  let ingest: IngestService;
  let a: SigningAgent;
  let b: SigningAgent;

  /** What the store holds for an agent: head, batches from seq 1, and the newest feed event seq. */
  const stored = async (agent: SigningAgent) => {
    const record = await server.store.getAgent(agent.tenantId, agent.agentId);
    const batches = await server.store.getBatches(agent.tenantId, agent.agentId, 1n, 1000n);
    return {
      lastSeq: record?.lastSeq,
      lastDigest: Buffer.from(record?.lastDigest ?? []).toString('hex'),
      seqs: batches.map((batch) => batch.seq),
      lastEventSeq: await server.store.lastEventSeq(),
    };
  };

  beforeAll(async () => {
    server = await startTestServer({
      services: [{ service: 'ingest', create: (ctx) => (ingest = createIngestService(ctx)).handlers }],
      limits: { maxBatchBytes: MAX_BATCH_BYTES, maxInFlight: 8 },
    });
    await createTenant(server, 't-publish');
    const enterpriseId = await createEnterprise(server, 't-publish');
    a = await enrollSigningAgent(server, 't-publish', enterpriseId);
    b = await enrollSigningAgent(server, 't-publish', enterpriseId);
  });

  afterAll(async () => {
    ingest.closeAll();
    await server.close();
  });

  it('welcomes a new agent with seq 0, the genesis digest and the limits', async () => {
    const { stream, welcome } = await connectAgent(server, a);
    expect(welcome.lastCommittedSeq).toBe('0');
    expect(Buffer.from(welcome.lastCommittedDigest).equals(Buffer.from(GENESIS_PREV_HASH))).toBe(true);
    expect(welcome.maxBatchBytes).toBe(MAX_BATCH_BYTES);
    expect(welcome.maxInFlight).toBe(8);
    expect((await stream.close()).status).toBe(0);
  });

  it('commits pipelined batches and acknowledges them in seq order', async () => {
    const { stream } = await connectAgent(server, a);
    for (let i = 0; i < 8; i++) stream.send(sealNext(a, payloadOf({ samples: [sampleOf('s-1', i)] })));
    const acks = [];
    for (let i = 0; i < 8; i++) acks.push((await stream.next()).ack);
    expect(acks).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((seq) => ({ seq: String(seq), duplicate: false })));
    expect((await stream.close()).status).toBe(0);
    const now = await stored(a);
    expect(now.lastSeq).toBe(8n);
    expect(now.lastDigest).toBe(Buffer.from(a.head.digest).toString('hex'));
    expect(now.seqs).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);
  });

  it('stores a batch replayed after reconnect once, acknowledging it as a duplicate', async () => {
    const { stream: first } = await connectAgent(server, a);
    const batch = sealNext(a, payloadOf({ samples: [sampleOf('s-1', 9)] }));
    first.send(batch);
    expect((await first.next()).ack).toEqual({ seq: '9', duplicate: false });
    first.call.cancel();
    await first.ended;
    const before = await stored(a);
    const committedBefore = ingest.metrics().committedBatches;

    const { stream, welcome } = await connectAgent(server, a);
    expect(welcome.lastCommittedSeq).toBe('9');
    expect(Buffer.from(welcome.lastCommittedDigest).toString('hex')).toBe(Buffer.from(a.head.digest).toString('hex'));
    stream.send(batch);
    expect((await stream.next()).ack).toEqual({ seq: '9', duplicate: true });
    expect(await stored(a)).toEqual(before);
    expect(before.seqs).toHaveLength(9);
    expect(ingest.metrics().committedBatches).toBe(committedBefore);

    stream.send(sealNext(a));
    expect((await stream.next()).ack).toEqual({ seq: '10', duplicate: false });
    expect((await stream.close()).status).toBe(0);
  });

  it('rejects a seq gap, a broken chain and a bad signature, each with its own code, storing nothing', async () => {
    const { stream } = await connectAgent(server, a);
    const before = await stored(a);
    const rejectsBefore = ingest.metrics().rejects;
    const rejected: string[] = [];
    server.ctx.events.on('batchRejected', (info) => rejected.push(`${info.seq}:${info.code}`));
    const head = a.head;
    const next = head.seq + 1n;

    stream.send(sealAt(a, next + 1n, head.digest, payloadOf()).batch);
    expect((await stream.next()).reject).toMatchObject({ seq: String(next + 1n), code: 'ERROR_CODE_SEQ_GAP' });

    stream.send(sealAt(a, next, randomBytes(32), payloadOf()).batch);
    expect((await stream.next()).reject).toMatchObject({ seq: String(next), code: 'ERROR_CODE_CHAIN_BROKEN' });

    const tampered = sealAt(a, next, head.digest, payloadOf()).batch;
    const signature = Buffer.from(tampered.signature as Buffer);
    signature[10] = (signature[10] ?? 0) ^ 0x01;
    stream.send({ ...tampered, signature });
    expect((await stream.next()).reject).toMatchObject({ seq: String(next), code: 'ERROR_CODE_BAD_SIGNATURE' });

    const foreign = sealBatch({ agentId: a.agentId, seq: next, prevHash: head.digest, payload: payloadOf() }, generateAgentKeyPair().privateKeyPem);
    stream.send({ ...tampered, signature: Buffer.from(foreign.batch.signature) });
    expect((await stream.next()).reject).toMatchObject({ seq: String(next), code: 'ERROR_CODE_BAD_SIGNATURE' });

    const rewritten = sealAt(a, head.seq, randomBytes(32), payloadOf()).batch;
    stream.send(rewritten);
    expect((await stream.next()).reject).toMatchObject({ seq: String(head.seq), code: 'ERROR_CODE_CHAIN_BROKEN' });

    expect(await stored(a)).toEqual(before);
    expect(rejected).toEqual([`${next + 1n}:SEQ_GAP`, `${next}:CHAIN_BROKEN`, `${next}:BAD_SIGNATURE`, `${next}:BAD_SIGNATURE`, `${head.seq}:CHAIN_BROKEN`]);
    const rejects = ingest.metrics().rejects;
    expect((rejects.SEQ_GAP ?? 0) - (rejectsBefore.SEQ_GAP ?? 0)).toBe(1);
    expect((rejects.CHAIN_BROKEN ?? 0) - (rejectsBefore.CHAIN_BROKEN ?? 0)).toBe(2);
    expect((rejects.BAD_SIGNATURE ?? 0) - (rejectsBefore.BAD_SIGNATURE ?? 0)).toBe(2);

    // A reject never ends the stream: the right batch is still taken.
    stream.send(sealNext(a));
    expect((await stream.next()).ack).toEqual({ seq: String(next), duplicate: false });
    expect((await stream.close()).status).toBe(0);
    server.ctx.events.removeAllListeners('batchRejected');
  });

  it('rejects an oversized batch with BATCH_TOO_LARGE and one of exactly the limit is taken', async () => {
    const { stream } = await connectAgent(server, a);
    const before = await stored(a);
    const next = a.head.seq + 1n;
    const fitting = payloadOfSize(MAX_BATCH_BYTES);
    stream.send(sealAt(a, next, a.head.digest, Buffer.alloc(MAX_BATCH_BYTES + 1, 0x08)).batch);
    const reject = (await stream.next()).reject;
    expect(reject).toMatchObject({ seq: String(next), code: 'ERROR_CODE_BATCH_TOO_LARGE' });
    expect(reject?.message).toContain(String(MAX_BATCH_BYTES));
    expect(await stored(a)).toEqual(before);

    expect(fitting.length).toBe(MAX_BATCH_BYTES);
    stream.send(sealNext(a, fitting));
    expect((await stream.next()).ack).toEqual({ seq: String(next), duplicate: false });
    expect((await stream.close()).status).toBe(0);
  });

  it('rejects a payload that is not a BatchPayload and content beyond the sharing level', async () => {
    const { stream: raw } = await connectAgent(server, a);
    const next = a.head.seq + 1n;
    raw.send(sealAt(a, next, a.head.digest, Buffer.from([0x0a, 0xff, 0xff])).batch);
    expect((await raw.next()).reject).toMatchObject({ seq: String(next), code: 'ERROR_CODE_MALFORMED_PAYLOAD' });
    raw.send(sealAt(a, next, a.head.digest, payloadOf({ sharingLevel: 'SHARING_LEVEL_UNSPECIFIED' })).batch);
    expect((await raw.next()).reject).toMatchObject({ seq: String(next), code: 'ERROR_CODE_MALFORMED_PAYLOAD' });
    raw.send(sealAt(a, next, a.head.digest, payloadOf({ sharingLevel: 'SHARING_LEVEL_KPI', samples: [sampleOf('s-1', 1)] })).batch);
    expect((await raw.next()).reject).toMatchObject({ seq: String(next), code: 'ERROR_CODE_PROTOCOL_VIOLATION' });
    raw.send(sealNext(a, payloadOf({ sharingLevel: 'SHARING_LEVEL_KPI', gaps: [{ detail: 'source down' }] })));
    expect((await raw.next()).ack).toEqual({ seq: String(next), duplicate: false });
    expect((await raw.close()).status).toBe(0);

    const { stream: kpi } = await connectAgent(server, a, { sharingLevel: 'SHARING_LEVEL_KPI' });
    kpi.send(sealAt(a, next + 1n, a.head.digest, payloadOf()).batch);
    const reject = (await kpi.next()).reject;
    expect(reject).toMatchObject({ seq: String(next + 1n), code: 'ERROR_CODE_PROTOCOL_VIOLATION' });
    expect(reject?.message).toBe("a SHARING_LEVEL_RAW batch is more detailed than this stream's SHARING_LEVEL_KPI");
    kpi.send(sealAt(a, next + 1n, a.head.digest, payloadOf({ sharingLevel: 'SHARING_LEVEL_CAPACITY', kpis: [{ equipmentId: 'm-1' }] })).batch);
    expect((await kpi.next()).reject).toMatchObject({ code: 'ERROR_CODE_PROTOCOL_VIOLATION', message: 'kpis are not allowed in a SHARING_LEVEL_CAPACITY batch' });
    expect((await kpi.close()).status).toBe(0);
    expect((await stored(a)).lastSeq).toBe(next);
  });

  it("keeps other agents' streams unaffected by one agent's bad batches", async () => {
    const { stream: bad } = await connectAgent(server, a);
    const { stream: good } = await connectAgent(server, b);
    const aBefore = await stored(a);
    const bStart = b.head.seq;
    for (let i = 0; i < 24; i++) {
      good.send(sealNext(b, payloadOf({ samples: [sampleOf('b-1', i)] })));
      const mode = i % 3;
      const next = a.head.seq + 1n;
      if (mode === 0) bad.send(sealAt(a, next + 5n, a.head.digest, payloadOf()).batch);
      else if (mode === 1) bad.send(sealAt(a, next, randomBytes(32), payloadOf()).batch);
      else bad.send({ ...sealAt(a, next, a.head.digest, payloadOf()).batch, signature: randomBytes(64) });
      expect((await good.next()).ack).toEqual({ seq: String(bStart + BigInt(i) + 1n), duplicate: false });
      expect((await bad.next()).reject?.code).toBe(['ERROR_CODE_SEQ_GAP', 'ERROR_CODE_CHAIN_BROKEN', 'ERROR_CODE_BAD_SIGNATURE'][mode]);
    }
    expect((await good.close()).status).toBe(0);
    expect((await bad.close()).status).toBe(0);
    const bNow = await stored(b);
    expect(bNow.lastSeq).toBe(bStart + 24n);
    expect(bNow.seqs).toHaveLength(Number(bStart) + 24);
    const aNow = await stored(a);
    expect([aNow.lastSeq, aNow.lastDigest, aNow.seqs]).toEqual([aBefore.lastSeq, aBefore.lastDigest, aBefore.seqs]);
    expect(ingest.openStreams).toBe(0);
  });
});
