import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestService, type IngestService } from '../src/ingest/ingest-service.js';
import { createAdminService } from '../src/services/admin-service.js';
import type { Store } from '../src/store/store.js';
import { unary } from './support/grpc-call.js';
import { createEnterprise, createTenant, enrollSigningAgent, sealNext, type SigningAgent } from './support/ingest-feed-fixtures.js';
import { connectAgent, openPublishStream, until } from './support/ingest-feed-streams.js';
import { startTestServer, type TestServer } from './support/start-test-server.js';

/** A gate in front of `commitBatch`, so a test can hold batches in flight. Open unless closed. */
function gated(store: Store): { store: Store; close(): void; open(): void; readonly waiting: number } {
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  let waiting = 0;
  return {
    store: {
      ...store,
      async commitBatch(input) {
        waiting += 1;
        await gate;
        waiting -= 1;
        return store.commitBatch(input);
      },
    },
    get waiting() {
      return waiting;
    },
    close() {
      gate = new Promise((resolve) => (release = resolve));
    },
    open() {
      release?.();
      gate = undefined;
    },
  };
}

describe('IngestService.Publish: stream rules, window, shutdown and revocation', () => {
  let server: TestServer;
  let ingest: IngestService;
  let gate: ReturnType<typeof gated>;
  let enterpriseId: string;
  let agent: SigningAgent;

  beforeAll(async () => {
    server = await startTestServer({
      services: [
        {
          service: 'ingest',
          create: (ctx) => {
            gate = gated(ctx.store);
            ingest = createIngestService({ ...ctx, store: gate.store }, { helloTimeoutMs: 300, tokenRecheckMs: 100 });
            return ingest.handlers;
          },
        },
        { service: 'admin', create: (ctx) => createAdminService(ctx) },
      ],
      limits: { maxInFlight: 4 },
    });
    await createTenant(server, 't-rules');
    enterpriseId = await createEnterprise(server, 't-rules');
    agent = await enrollSigningAgent(server, 't-rules', enterpriseId);
  });

  afterAll(async () => {
    gate.open();
    ingest.closeAll();
    await ingest.idle();
    await server.close();
  });

  it('ends a stream whose first message is a batch, or that sends Hello twice, with PROTOCOL_VIOLATION', async () => {
    const early = openPublishStream(server, agent.secret);
    early.send(sealNext({ ...agent }));
    expect(await early.ended).toMatchObject({ status: grpc.status.FAILED_PRECONDITION, code: 'PROTOCOL_VIOLATION', details: 'a batch before Hello' });

    const { stream } = await connectAgent(server, agent);
    stream.call.write({ hello: { agentId: agent.agentId, sharingLevel: 'SHARING_LEVEL_RAW' } });
    expect(await stream.ended).toMatchObject({ status: grpc.status.FAILED_PRECONDITION, code: 'PROTOCOL_VIOLATION' });
  });

  it('ends a stream without Hello after the Hello timeout', async () => {
    const silent = openPublishStream(server, agent.secret);
    expect(await silent.ended).toMatchObject({ status: grpc.status.FAILED_PRECONDITION, code: 'PROTOCOL_VIOLATION', details: 'no Hello within 300 ms' });
  });

  it('checks the credential and the Hello before welcoming', async () => {
    const hello = (secret: string, fields: object) => {
      const stream = openPublishStream(server, secret);
      stream.call.write({ hello: { agentId: agent.agentId, sharingLevel: 'SHARING_LEVEL_RAW', ...fields } });
      return stream.ended;
    };
    expect(await hello('rtg_unknown', {})).toMatchObject({ status: grpc.status.UNAUTHENTICATED, code: 'UNAUTHENTICATED' });
    const other = await enrollSigningAgent(server, 't-rules', enterpriseId);
    expect(await hello(other.secret, {})).toMatchObject({ status: grpc.status.PERMISSION_DENIED, code: 'PERMISSION_DENIED' });
    const feedOnly = await server.createToken({ tenantId: 't-rules', kind: 'api', scopes: ['feed:read'] });
    expect(await hello(feedOnly.secret, {})).toMatchObject({ status: grpc.status.PERMISSION_DENIED, code: 'PERMISSION_DENIED' });
    const invalid = await hello(agent.secret, { agentId: '', sharingLevel: 'SHARING_LEVEL_UNSPECIFIED' });
    expect(invalid).toMatchObject({ status: grpc.status.INVALID_ARGUMENT, code: 'INVALID_ARGUMENT' });
  });

  it('allows exactly max_in_flight unanswered batches and ends the stream when the window is exceeded', async () => {
    const { stream } = await connectAgent(server, agent);
    const start = agent.head.seq;
    gate.close();
    for (let i = 0; i < 4; i++) stream.send(sealNext(agent));
    await new Promise((resolve) => setTimeout(resolve, 50));
    gate.open();
    for (let i = 1n; i <= 4n; i++) expect((await stream.next()).ack).toEqual({ seq: String(start + i), duplicate: false });

    gate.close();
    for (let i = 0; i < 5; i++) stream.send(sealNext(agent));
    expect(await stream.ended).toMatchObject({ status: grpc.status.FAILED_PRECONDITION, code: 'PROTOCOL_VIOLATION', details: 'more than 4 batches in flight' });
    gate.open();
    await until(async () => (await server.store.getAgent('t-rules', agent.agentId))?.lastSeq === start + 5n, 2000, 'the batch being committed');
    agent.head = { seq: start + 5n, digest: (await server.store.getBatches('t-rules', agent.agentId, start + 5n, start + 5n))[0]!.digest };
  });

  it('answers the batches in flight after a half-close, then ends with OK', async () => {
    const { stream } = await connectAgent(server, agent);
    const start = agent.head.seq;
    gate.close();
    for (let i = 0; i < 3; i++) stream.send(sealNext(agent));
    stream.call.end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    gate.open();
    for (let i = 1n; i <= 3n; i++) expect((await stream.next()).ack).toEqual({ seq: String(start + i), duplicate: false });
    expect((await stream.ended).status).toBe(grpc.status.OK);
    expect((await server.store.getAgent('t-rules', agent.agentId))?.lastSeq).toBe(start + 3n);
  });

  it("ends a revoked token's open stream with TOKEN_REVOKED and refuses it afterwards", async () => {
    const victim = await enrollSigningAgent(server, 't-rules', enterpriseId);
    const { stream } = await connectAgent(server, victim);
    const { stream: bystander } = await connectAgent(server, agent);
    stream.send(sealNext(victim));
    expect((await stream.next()).ack).toEqual({ seq: '1', duplicate: false });
    expect(ingest.openStreams).toBe(2);

    await unary(server.clients.admin, 'RevokeToken', { tokenId: victim.tokenId, reason: 'gateway stolen' }, server.operatorSecret);
    expect(await stream.ended).toMatchObject({ status: grpc.status.UNAUTHENTICATED, code: 'TOKEN_REVOKED' });
    expect(ingest.openStreams).toBe(1);

    const again = openPublishStream(server, victim.secret);
    again.call.write({ hello: { agentId: victim.agentId, sharingLevel: 'SHARING_LEVEL_RAW' } });
    expect(await again.ended).toMatchObject({ status: grpc.status.UNAUTHENTICATED, code: 'TOKEN_REVOKED' });

    bystander.send(sealNext(agent));
    expect((await bystander.next()).ack).toEqual({ seq: String(agent.head.seq), duplicate: false });
    expect((await bystander.close()).status).toBe(grpc.status.OK);
  });

  it('re-reads its token now and then, ending the stream even when the revocation message was lost', async () => {
    const victim = await enrollSigningAgent(server, 't-rules', enterpriseId);
    const { stream } = await connectAgent(server, victim);
    stream.send(sealNext(victim));
    expect((await stream.next()).ack).toEqual({ seq: '1', duplicate: false });
    const token = await server.store.getToken('t-rules', victim.tokenId);
    await server.store.revokeToken('t-rules', victim.tokenId, 'quietly', server.clock.now(), {
      tenantId: 't-rules',
      kind: 'token_revoked',
      enterpriseId,
      equipmentId: '',
      time: server.clock.now(),
      body: new Uint8Array(),
    });
    expect(token?.revokeTime).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    stream.send(sealNext(victim));
    expect(await stream.ended).toMatchObject({ status: grpc.status.UNAUTHENTICATED, code: 'TOKEN_REVOKED' });
    expect((await server.store.getAgent('t-rules', victim.agentId))?.lastSeq).toBe(1n);
  });

  it('drains on shutdown: answers batches already received, then ends with UNAVAILABLE; new streams get UNAVAILABLE', async () => {
    const { stream } = await connectAgent(server, agent);
    const start = agent.head.seq;
    gate.close();
    stream.send(sealNext(agent));
    stream.send(sealNext(agent));
    await until(() => gate.waiting === 1, 2000, 'the first batch to reach the store');
    await new Promise((resolve) => setTimeout(resolve, 100));
    ingest.closeAll();
    gate.open();
    expect((await stream.next()).ack).toEqual({ seq: String(start + 1n), duplicate: false });
    expect((await stream.next()).ack).toEqual({ seq: String(start + 2n), duplicate: false });
    expect(await stream.ended).toMatchObject({ status: grpc.status.UNAVAILABLE, code: 'UNAVAILABLE' });

    const late = openPublishStream(server, agent.secret);
    expect(await late.ended).toMatchObject({ status: grpc.status.UNAVAILABLE, code: 'UNAVAILABLE' });
    await ingest.idle();
    expect(ingest.openStreams).toBe(0);
    expect(ingest.metrics()).toEqual({
      committedBatches: 13,
      duplicateBatches: 0,
      samples: 0,
      rejects: {},
      openStreams: 0,
    });
  });
});
