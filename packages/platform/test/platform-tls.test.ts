import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createTestPki, type PemPair } from '@rongtong/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, type Platform } from '../src/platform.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';

const require = createRequire(import.meta.url);
const healthProto = join(dirname(require.resolve('grpc-health-check/package.json')), 'proto/health/v1/health.proto');
const Health = (grpc.loadPackageDefinition(loadSync(healthProto, { enums: String })) as unknown as {
  grpc: { health: { v1: { Health: new (address: string, creds: grpc.ChannelCredentials) => grpc.Client & { Check: (r: object, cb: (e: grpc.ServiceError | null, r?: { status: string }) => void) => void } } } };
}).grpc.health.v1.Health;

function check(address: string, creds: grpc.ChannelCredentials): Promise<string> {
  const client = new Health(address, creds);
  return new Promise<string>((resolve, reject) => {
    client.Check({ service: '' }, (err, res) => {
      client.close();
      if (err) reject(err);
      else resolve(res!.status);
    });
  });
}

describe('TLS and mutual TLS', () => {
  let ca: PemPair;
  let otherCa: PemPair;
  let server: PemPair;
  let clientCert: PemPair;
  let rogueClient: PemPair;
  let store: Store;
  let tlsPlatform: Platform;
  let mtlsPlatform: Platform;
  let tlsAddress: string;
  let mtlsAddress: string;

  beforeAll(async () => {
    ({ ca, otherCa, server, client: clientCert, rogueClient } = await createTestPki('localhost'));
    store = createSqliteStore({ path: ':memory:' });
    tlsPlatform = createPlatform({ store });
    tlsAddress = `localhost:${await tlsPlatform.listen('127.0.0.1:0', { tls: { cert: server.cert, key: server.key } })}`;
    mtlsPlatform = createPlatform({ store });
    mtlsAddress = `localhost:${await mtlsPlatform.listen('127.0.0.1:0', {
      tls: { cert: server.cert, key: server.key, ca: ca.cert, requireClientCert: true },
    })}`;
  }, 60_000);

  afterAll(async () => {
    await tlsPlatform.close(500);
    await mtlsPlatform.close(500);
    await store.close();
  });

  it('serves a client that trusts the CA', async () => {
    expect(await check(tlsAddress, grpc.credentials.createSsl(Buffer.from(ca.cert)))).toBe('SERVING');
  });

  it('is refused by a client that trusts another CA', async () => {
    await expect(check(tlsAddress, grpc.credentials.createSsl(Buffer.from(otherCa.cert)))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('does not answer plaintext', async () => {
    await expect(check(tlsAddress, grpc.credentials.createInsecure())).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('with mutual TLS, serves a client certificate from the CA', async () => {
    const creds = grpc.credentials.createSsl(Buffer.from(ca.cert), Buffer.from(clientCert.key), Buffer.from(clientCert.cert));
    expect(await check(mtlsAddress, creds)).toBe('SERVING');
  });

  it('with mutual TLS, refuses a client without a certificate or with one from another CA', async () => {
    await expect(check(mtlsAddress, grpc.credentials.createSsl(Buffer.from(ca.cert)))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    const rogue = grpc.credentials.createSsl(Buffer.from(ca.cert), Buffer.from(rogueClient.key), Buffer.from(rogueClient.cert));
    await expect(check(mtlsAddress, rogue)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('refuses mutual TLS without a CA', async () => {
    const platform = createPlatform({ store });
    try {
      await expect(platform.listen('127.0.0.1:0', { tls: { cert: server.cert, key: server.key, requireClientCert: true } })).rejects.toThrow(
        /requireClientCert needs tls.ca/,
      );
    } finally {
      await platform.close(100);
    }
  });
});
