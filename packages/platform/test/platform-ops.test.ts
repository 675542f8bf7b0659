import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { SERVICE_NAMES } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOperatorToken } from '../src/auth/operator-token.js';
import { startMetricsServer, type MetricsServer } from '../src/metrics-server.js';
import { createPlatform, type Platform } from '../src/platform.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';

const require = createRequire(import.meta.url);
const healthProto = join(dirname(require.resolve('grpc-health-check/package.json')), 'proto/health/v1/health.proto');
const reflectionProto = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build/proto/grpc/reflection/v1/reflection.proto');

type Ctor = new (address: string, credentials: grpc.ChannelCredentials) => grpc.Client & Record<string, grpc.MethodDefinition<unknown, unknown> & ((...args: unknown[]) => unknown)>;

function clientOf(protoFile: string, path: string[], address: string): grpc.Client & Record<string, (...args: never[]) => unknown> {
  const loaded = grpc.loadPackageDefinition(loadSync(protoFile, { keepCase: true, defaults: true, enums: String }));
  const ctor = path.reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], loaded) as Ctor;
  return new ctor(address, grpc.credentials.createInsecure());
}

describe('platform operations', () => {
  let store: Store;
  let platform: Platform;
  let address: string;
  let metricsServer: MetricsServer;

  beforeAll(async () => {
    store = createSqliteStore({ path: ':memory:' });
    platform = createPlatform({ store });
    address = `127.0.0.1:${await platform.listen('127.0.0.1:0')}`;
    metricsServer = await startMetricsServer(platform.metrics);
  });

  afterAll(async () => {
    await platform.close(1000);
    await metricsServer.close();
    await store.close();
  });

  it('reports SERVING on gRPC health, overall and per service', async () => {
    const health = clientOf(healthProto, ['grpc', 'health', 'v1', 'Health'], address);
    const check = (service: string) =>
      new Promise<{ status: string }>((resolve, reject) =>
        (health.Check as (req: object, cb: (e: Error | null, r: { status: string }) => void) => void)({ service }, (e, r) => (e ? reject(e) : resolve(r))),
      );
    expect((await check('')).status).toBe('SERVING');
    expect((await check(SERVICE_NAMES.ingest)).status).toBe('SERVING');
    await expect(check('no.such.Service')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    health.close();
  });

  it('lists the rongtong.v1 services through server reflection', async () => {
    const reflection = clientOf(reflectionProto, ['grpc', 'reflection', 'v1', 'ServerReflection'], address);
    type ReflectionResponse = { list_services_response?: { service: { name: string }[] } };
    const call = (reflection.ServerReflectionInfo as () => grpc.ClientDuplexStream<object, ReflectionResponse>)();
    const names = await new Promise<string[]>((resolve, reject) => {
      call.on('data', (r: ReflectionResponse) => {
        resolve((r.list_services_response?.service ?? []).map((s) => s.name));
        call.end();
      });
      call.on('error', reject);
      call.write({ list_services: '*' });
    });
    const served = [SERVICE_NAMES.ingest, SERVICE_NAMES.feed, SERVICE_NAMES.admin, SERVICE_NAMES.onboarding, SERVICE_NAMES.capacity, SERVICE_NAMES.market, 'grpc.health.v1.Health'];
    expect(names).toEqual(expect.arrayContaining(served));
    reflection.close();
  });

  it('serves Prometheus metrics over HTTP on loopback', async () => {
    const res = await fetch(`http://127.0.0.1:${metricsServer.port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const name of ['rongtong_ingest_batches_total', 'rongtong_ingest_rejects_total', 'rongtong_ingest_streams', 'rongtong_feed_lag_events']) {
      expect(text).toContain(`# TYPE ${name}`);
    }
    expect((await fetch(`http://127.0.0.1:${metricsServer.port}/nope`)).status).toBe(404);
  });
});

describe('operator token', () => {
  it('is made once, printed once, and registered from a chosen secret idempotently', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    try {
      const first = await ensureOperatorToken({ store });
      expect(first.createdSecret).toMatch(/^rta_[A-Za-z0-9_-]{43}$/);
      const again = await ensureOperatorToken({ store });
      expect(again).toEqual({ tokenId: first.tokenId });
      const chosen = await ensureOperatorToken({ store, secret: 'a-chosen-operator-secret' });
      expect(chosen.createdSecret).toBeUndefined();
      expect((await ensureOperatorToken({ store, secret: 'a-chosen-operator-secret' })).tokenId).toBe(chosen.tokenId);
      await expect(ensureOperatorToken({ store, secret: 'short' })).rejects.toThrow(/16 characters/);
    } finally {
      await store.close();
    }
  });
});
