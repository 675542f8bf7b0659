/**
 * Platform ingest throughput: committed-and-acknowledged samples per second over real gRPC
 * on loopback, with 1, 8 and 32 concurrent agent streams at batch sizes 100 and 1,000,
 * against a file-backed SQLite store (WAL, synchronous=NORMAL) — next to the raw
 * better-sqlite3 rate of inserting the same samples as rows in batched transactions,
 * measured in the same run. Batches are sealed (signed) before timing starts, so the
 * numbers are the platform's cost, not the agent's. Bounded: 192,000 samples per case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { createClient } from '@rongtong/client';
import { GENESIS_PREV_HASH, generateAgentKeyPair, sealBatch, type SignedBatch } from '@rongtong/core';
import { createPlatform, createSqliteStore, ensureOperatorToken } from '@rongtong/platform';
import {
  batchPayloadCodec,
  rongtongPackageDefinition,
  timestampFromMillis,
  type ProtoGrpcType,
  type PublishResponse__Output,
} from '@rongtong/protocol';

export const title = 'Platform ingest: acked samples/s over gRPC into SQLite';

const TOTAL_SAMPLES = 192_000;
const WINDOW = 8;
const proto = grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType;

interface Agent {
  id: string;
  token: string;
  batches: SignedBatch[];
}

function sealAll(agentId: string, privateKeyPem: string, batches: number, batchSize: number, signalPrefix: string): SignedBatch[] {
  const out: SignedBatch[] = [];
  let prevHash = GENESIS_PREV_HASH;
  const t0 = Date.now();
  for (let b = 0; b < batches; b++) {
    const payload = batchPayloadCodec.encode({
      sharingLevel: 'SHARING_LEVEL_RAW',
      samples: Array.from({ length: batchSize }, (_, i) => ({
        signalId: `${signalPrefix}/s${i % 16}`,
        sourceTime: timestampFromMillis(t0 + (b * batchSize + i) * 10),
        value: { doubleValue: (b * batchSize + i) % 1000 },
        quality: 'QUALITY_GOOD' as const,
      })),
    });
    const { batch, digest } = sealBatch({ agentId, seq: BigInt(b + 1), prevHash, payload }, privateKeyPem);
    out.push(batch);
    prevHash = digest;
  }
  return out;
}

/** Publishes an agent's batches with a window of WINDOW in flight; resolves when all are acked. */
function publish(address: string, agent: Agent): Promise<void> {
  const client = new proto.rongtong.v1.IngestService(address, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${agent.token}`);
  const call = client.Publish(metadata);
  let next = 0;
  let acked = 0;
  const send = () => {
    while (next < agent.batches.length && next - acked < WINDOW) {
      const b = agent.batches[next++]!;
      call.write({ batch: { agentId: b.agentId, seq: b.seq.toString(), prevHash: Buffer.from(b.prevHash), payload: Buffer.from(b.payload), signature: Buffer.from(b.signature) } });
    }
  };
  return new Promise<void>((resolve, reject) => {
    call.on('data', (r: PublishResponse__Output) => {
      if (r.welcome) send();
      else if (r.ack) {
        acked++;
        if (acked === agent.batches.length) {
          call.end();
          client.close();
          resolve();
        } else send();
      } else if (r.reject) reject(new Error(`rejected: ${r.reject.code} ${r.reject.message}`));
    });
    call.on('error', reject);
    call.write({ hello: { agentId: agent.id, agentVersion: '0.1.0', sharingLevel: 'SHARING_LEVEL_RAW' } });
  });
}

async function platformCase(streams: number, batchSize: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-bench-'));
  const store = createSqliteStore({ path: join(dir, 'platform.db') });
  const platform = createPlatform({ store });
  try {
    const address = `127.0.0.1:${await platform.listen('127.0.0.1:0')}`;
    const operator = await ensureOperatorToken({ store, secret: 'bench-operator-secret-0123456789' });
    void operator;
    const admin = createClient({ address, token: 'bench-operator-secret-0123456789', tls: false });
    const { tenant } = await admin.admin.createTenant({ tenant: { name: 'bench' } });
    const { enterprise } = await admin.admin.createEnterprise({
      tenantId: tenant!.id,
      enterprise: { unifiedSocialCreditCode: '91350100M000100Y43', name: '基准测试企业', chainLeader: false },
    });
    const batchesPerAgent = Math.ceil(TOTAL_SAMPLES / (streams * batchSize));
    const agents: Agent[] = [];
    for (let a = 0; a < streams; a++) {
      const { secret } = await admin.admin.issueEnrollmentToken({ enterpriseId: enterprise!.id, ttl: { seconds: '3600' } });
      const keys = generateAgentKeyPair();
      const unauth = createClient({ address, tls: false });
      const enrolled = await unauth.onboarding.enroll({ enrollmentToken: secret, publicKey: Buffer.from(keys.publicKey), agentName: `bench-${a}`, hostname: 'bench', agentVersion: '0.1.0' });
      unauth.close();
      agents.push({ id: enrolled.agentId, token: enrolled.apiToken, batches: sealAll(enrolled.agentId, keys.privateKeyPem, batchesPerAgent, batchSize, `agent${a}`) });
    }
    admin.close();
    const start = process.hrtime.bigint();
    await Promise.all(agents.map((agent) => publish(address, agent)));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return (streams * batchesPerAgent * batchSize) / seconds;
  } finally {
    await platform.close(1000);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function rawSqliteRate(batchSize: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-bench-raw-'));
  const db = new Database(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE samples (signal_id TEXT NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL)');
    const insert = db.prepare('INSERT INTO samples (signal_id, t, value) VALUES (?, ?, ?)');
    const insertBatch = db.transaction((from: number) => {
      for (let i = 0; i < batchSize; i++) insert.run(`agent/s${i % 16}`, from + i, (from + i) % 1000);
    });
    const start = process.hrtime.bigint();
    for (let from = 0; from < TOTAL_SAMPLES; from += batchSize) insertBatch(from);
    return TOTAL_SAMPLES / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<string> {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const lines = ['| streams | batch size | acked samples / s | raw better-sqlite3 rows / s (same batch size) |', '|---:|---:|---:|---:|'];
  for (const batchSize of [100, 1000]) {
    const raw = rawSqliteRate(batchSize);
    for (const streams of [1, 8, 32]) {
      const rate = await platformCase(streams, batchSize);
      lines.push(`| ${streams} | ${batchSize.toLocaleString('en-US')} | ${fmt(rate)} | ${fmt(raw)} |`);
    }
  }
  return `${lines.join('\n')}\n\n${TOTAL_SAMPLES.toLocaleString('en-US')} samples per case, window ${WINDOW} batches per stream, client and server in one process on the same cores.`;
}
