import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { generateAgentKeyPair } from '@rongtong/core';
import { createPlatform, createSqliteStore, ensureOperatorToken, type Platform, type Store } from '@rongtong/platform';
import {
  batchPayloadCodec,
  rongtongPackageDefinition,
  timestampFromMillis,
  type CreateEnterpriseResponse__Output,
  type CreateTenantResponse__Output,
  type EnrollResponse__Output,
  type IssueEnrollmentTokenResponse__Output,
  type ProtoGrpcType,
} from '@rongtong/protocol';
import type { Outbox } from '../../src/outbox/outbox.js';
import type { UplinkOptions } from '../../src/uplink/uplink-options.js';
import { createSqliteOutbox } from '../../src/outbox/sqlite-outbox.js';

const proto = grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType;
const OPERATOR = 'uplink-test-operator-secret';

/** An enrolled agent: id, credential, the credential's token id, and its key. */
export interface TestAgent {
  readonly id: string;
  readonly token: string;
  readonly tokenId: string;
  readonly tenantId: string;
  readonly privateKeyPem: string;
}

/** A platform on a loopback port over an in-memory store, with an operator credential. */
export interface TestPlatform {
  readonly store: Store;
  platform: Platform;
  readonly port: number;
  readonly address: string;
  /** Creates a tenant and an enterprise and issues a one-time enrollment token for it. */
  issueEnrollmentToken(name: string): Promise<string>;
  /** Enrols a new agent (its own tenant and enterprise) through the public gRPC API. */
  enroll(name: string): Promise<TestAgent>;
  /** Revokes a token through the admin API. */
  revoke(tokenId: string): Promise<void>;
  /** Closes the platform (not the store). */
  stopPlatform(): Promise<void>;
  /** A new platform on the same store and port. */
  restartPlatform(): Promise<void>;
  /** Closes platform and store. */
  close(): Promise<void>;
}

type Callback<Res> = (err: grpc.ServiceError | null, res?: Res) => void;

/** Calls a unary method of a grpc-js client with the operator credential. */
function unary<Res>(client: grpc.Client, method: string, req: object, token: string): Promise<Res> {
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${token}`);
  const fn = (client as unknown as Record<string, (req: object, md: grpc.Metadata, cb: Callback<Res>) => void>)[method]!;
  return new Promise((resolve, reject) => {
    fn.call(client, req, md, (err, res) => (err ? reject(err) : resolve(res!)));
  });
}

/** Options of `startTestPlatform`. */
export interface TestPlatformOptions {
  /** The platform's clock (ms); the real one by default. */
  now?: () => number;
}

/** Starts a platform for uplink tests. */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const store = createSqliteStore({ path: ':memory:' });
  const platformOptions = options.now === undefined ? {} : { now: options.now };
  let platform = createPlatform({ store, ...platformOptions });
  const port = await platform.listen('127.0.0.1:0');
  const address = `127.0.0.1:${port}`;
  await ensureOperatorToken({ store, secret: OPERATOR });
  const admin = new proto.rongtong.v1.AdminService(address, grpc.credentials.createInsecure());
  const onboarding = new proto.rongtong.v1.OnboardingService(address, grpc.credentials.createInsecure());
  const result: TestPlatform = {
    store,
    get platform() {
      return platform;
    },
    port,
    address,
    async issueEnrollmentToken(name) {
      const { tenant } = await unary<CreateTenantResponse__Output>(admin, 'CreateTenant', { tenant: { name } }, OPERATOR);
      const { enterprise } = await unary<CreateEnterpriseResponse__Output>(
        admin,
        'CreateEnterprise',
        { tenantId: tenant!.id, enterprise: { unifiedSocialCreditCode: '91350100M000100Y43', name: `${name} 测试企业`, chainLeader: false } },
        OPERATOR,
      );
      const { secret } = await unary<IssueEnrollmentTokenResponse__Output>(admin, 'IssueEnrollmentToken', { enterpriseId: enterprise!.id, ttl: { seconds: '600' } }, OPERATOR);
      return secret;
    },
    async enroll(name) {
      const secret = await result.issueEnrollmentToken(name);
      const keys = generateAgentKeyPair();
      const enrolled = await unary<EnrollResponse__Output>(
        onboarding,
        'Enroll',
        { enrollmentToken: secret, publicKey: Buffer.from(keys.publicKey), agentName: name, hostname: name, agentVersion: '0.1.0' },
        OPERATOR,
      );
      return { id: enrolled.agentId, token: enrolled.apiToken, tokenId: enrolled.tokenId, tenantId: enrolled.tenantId, privateKeyPem: keys.privateKeyPem };
    },
    async revoke(tokenId) {
      await unary(admin, 'RevokeToken', { tokenId, reason: 'test' }, OPERATOR);
    },
    async stopPlatform() {
      await platform.close(200);
    },
    async restartPlatform() {
      platform = createPlatform({ store, ...platformOptions });
      await platform.listen(address);
    },
    async close() {
      admin.close();
      onboarding.close();
      await platform.close(200);
      await store.close();
    },
  };
  return result;
}

/** A SQLite outbox in a fresh temp dir; `remove` closes it and deletes the dir. */
export function tempOutbox(agent: TestAgent, now?: () => number): { outbox: Outbox; path: string; remove: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-uplink-'));
  const path = join(dir, 'outbox.db');
  const outbox = createSqliteOutbox({ path, agentId: agent.id, privateKeyPem: agent.privateKeyPem, sharingLevel: 'SHARING_LEVEL_RAW', quota: { maxBytes: 10_000_000, maxAgeMs: 86_400_000 }, ...(now ? { now } : {}) });
  return {
    outbox,
    path,
    async remove() {
      await outbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Enqueues `n` small payloads (an empty RAW batch payload each, with a create time). */
export async function enqueuePayloads(outbox: Outbox, n: number, t0 = Date.now()): Promise<void> {
  for (let i = 0; i < n; i++) {
    const payload = batchPayloadCodec.encode({ sharingLevel: 'SHARING_LEVEL_RAW', createTime: timestampFromMillis(t0 + i) });
    await outbox.enqueue(payload, { samples: 0, firstTime: t0 + i, lastTime: t0 + i, signalIds: [] });
  }
}

/** Seqs the platform store holds for the agent, in order. */
export async function storedSeqs(store: Store, agent: TestAgent): Promise<bigint[]> {
  const batches = await store.getBatches(agent.tenantId, agent.id, 1n, 1_000_000n);
  return batches.map((b) => b.seq);
}

/** Resolves once the async `condition()` holds; rejects naming `what` after `timeoutMs`. */
export async function eventually(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** 1n..n as bigints. */
export const range = (n: number): bigint[] => Array.from({ length: n }, (_, i) => BigInt(i + 1));

/** A test platform for the whole describe block, plus cleanups run before it closes. */
export interface TestPlatformFixture {
  /** The running platform (set in beforeAll). */
  readonly p: TestPlatform;
  /** Work to undo after the block (outboxes, temp dirs), run before the platform closes. */
  readonly cleanups: (() => Promise<void>)[];
}

/** Starts a test platform in `beforeAll` and closes it (after the cleanups) in `afterAll`. */
export function useTestPlatform(options: TestPlatformOptions = {}): TestPlatformFixture {
  let platform: TestPlatform | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    platform = await startTestPlatform(options);
  });
  afterAll(async () => {
    for (const c of cleanups) await c();
    await platform?.close();
  });
  return {
    get p() {
      if (!platform) throw new Error('the test platform is not started yet');
      return platform;
    },
    cleanups,
  };
}

/** Raw samples the store holds for an agent (decoded from every stored batch payload). */
export async function storedSampleCount(store: Store, tenantId: string, agentId: string): Promise<number> {
  const batches = await store.getBatches(tenantId, agentId, 1n, 1_000_000n);
  return batches.reduce((n, b) => n + batchPayloadCodec.decode(b.payload).samples.length, 0);
}

/**
 * Options of a raw uplink of `agent` to `address` over plaintext loopback with `outbox`
 * (polling every 20 ms); `overrides` replace or add fields.
 */
export function testUplinkOptions(
  name: string,
  address: string,
  agent: Pick<TestAgent, 'id' | 'token'>,
  outbox: Outbox,
  overrides: Partial<UplinkOptions> = {},
): UplinkOptions {
  return {
    name,
    address,
    token: agent.token,
    tls: false,
    agentId: agent.id,
    agentVersion: '0.1.0',
    sharingLevel: 'SHARING_LEVEL_RAW',
    outbox,
    pollMs: 20,
    ...overrides,
  };
}
