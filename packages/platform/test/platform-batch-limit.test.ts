import * as grpc from '@grpc/grpc-js';
import { createClient } from '@rongtong/client';
import { GENESIS_PREV_HASH, generateAgentKeyPair, sealBatch } from '@rongtong/core';
import { batchPayloadCodec, rongtongPackageDefinition, type ProtoGrpcType, type PublishResponse__Output } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantWithEnterprise } from './support/client-onboarding.js';
import { DEFAULT_LIMITS, createPlatform, createSqliteStore, ensureOperatorToken, type Platform, type Store } from '../src/index.js';

const proto = grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType;
const OPERATOR = 'batch-limit-operator-secret';

describe('batch size limit through listen() with default limits', () => {
  let store: Store;
  let platform: Platform;
  let address: string;
  let agent: { id: string; token: string; privateKeyPem: string };

  beforeAll(async () => {
    store = createSqliteStore({ path: ':memory:' });
    platform = createPlatform({ store });
    address = `127.0.0.1:${await platform.listen('127.0.0.1:0')}`;
    await ensureOperatorToken({ store, secret: OPERATOR });
    const admin = createClient({ address, token: OPERATOR, tls: false });
    const { enterpriseId } = await tenantWithEnterprise(admin, 'limits');
    const { secret } = await admin.admin.issueEnrollmentToken({ enterpriseId, ttl: { seconds: '600' } });
    const keys = generateAgentKeyPair();
    const enrolled = await admin.onboarding.enroll({ enrollmentToken: secret, publicKey: Buffer.from(keys.publicKey), agentName: 'gw', hostname: 'gw', agentVersion: '0.1.0' });
    admin.close();
    agent = { id: enrolled.agentId, token: enrolled.apiToken, privateKeyPem: keys.privateKeyPem };
  });

  afterAll(async () => {
    await platform.close(1000);
    await store.close();
  });

  it('rejects a payload just over max_batch_bytes with BATCH_TOO_LARGE naming the field, and the stream carries on', async () => {
    const client = new proto.rongtong.v1.IngestService(address, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${agent.token}`);
    const call = client.Publish(metadata);
    const ended = new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
    call.on('error', () => undefined);
    const responses: PublishResponse__Output[] = [];
    const waiters: (() => void)[] = [];
    call.on('data', (r: PublishResponse__Output) => {
      responses.push(r);
      waiters.shift()?.();
    });
    const next = () => new Promise<PublishResponse__Output>((resolve) => (responses.length > 0 ? resolve(responses.shift()!) : waiters.push(() => resolve(responses.shift()!))));
    const wire = (b: ReturnType<typeof sealBatch>['batch']) => ({
      agentId: b.agentId,
      seq: b.seq.toString(),
      prevHash: Buffer.from(b.prevHash),
      payload: Buffer.from(b.payload),
      signature: Buffer.from(b.signature),
    });

    call.write({ hello: { agentId: agent.id, agentVersion: '0.1.0', sharingLevel: 'SHARING_LEVEL_RAW' } });
    const welcome = (await next()).welcome!;
    expect(welcome.maxBatchBytes).toBe(DEFAULT_LIMITS.maxBatchBytes);

    // A payload one byte over the limit (its content is never looked at: size is checked first).
    const oversized = Buffer.alloc(DEFAULT_LIMITS.maxBatchBytes + 1, 0);
    const big = sealBatch({ agentId: agent.id, seq: 1n, prevHash: GENESIS_PREV_HASH, payload: oversized }, agent.privateKeyPem);
    call.write({ batch: wire(big.batch) });
    const reject = (await next()).reject!;
    expect(reject).toMatchObject({ seq: '1', code: 'ERROR_CODE_BATCH_TOO_LARGE' });
    expect(reject.message).toContain(`batch.payload is ${DEFAULT_LIMITS.maxBatchBytes + 1} bytes; the limit is ${DEFAULT_LIMITS.maxBatchBytes}`);

    const small = sealBatch({ agentId: agent.id, seq: 1n, prevHash: GENESIS_PREV_HASH, payload: batchPayloadCodec.encode({ sharingLevel: 'SHARING_LEVEL_RAW' }) }, agent.privateKeyPem);
    call.write({ batch: wire(small.batch) });
    expect((await next()).ack).toEqual({ seq: '1', duplicate: false });
    call.end();
    expect((await ended).code).toBe(grpc.status.OK);
    client.close();
  }, 30_000);
});
