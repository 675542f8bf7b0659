import * as grpc from '@grpc/grpc-js';
import { createTestPki, type TestPki } from '@rongtong/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RongtongError, createClient } from '../src/index.js';
import { type AdminTestServer, TENANTS, startAdminTestServer } from './support/admin-test-server.js';


/** The server certificate is for `rongtong.test` only; the tests connect to 127.0.0.1. */
describe('TLS and mutual TLS', () => {
  let pki: TestPki;
  let ca: Buffer;
  let tlsServer: AdminTestServer;
  let mtlsServer: AdminTestServer;

  beforeAll(async () => {
    pki = await createTestPki('rongtong.test');
    ca = Buffer.from(pki.ca.cert);
    const keyCertPairs = [{ private_key: Buffer.from(pki.server.key), cert_chain: Buffer.from(pki.server.cert) }];
    tlsServer = await startAdminTestServer(grpc.ServerCredentials.createSsl(null, keyCertPairs, false));
    mtlsServer = await startAdminTestServer(grpc.ServerCredentials.createSsl(ca, keyCertPairs, true));
  }, 60_000);

  afterAll(async () => {
    await tlsServer.close();
    await mtlsServer.close();
  });

  it('verifies the server against the given CA and server name', async () => {
    const client = createClient({ address: tlsServer.address, token: 't', tls: { ca: ca.toString('utf8'), serverNameOverride: 'rongtong.test' } });
    try {
      expect(await client.admin.listTenants({})).toEqual(TENANTS);
      expect(tlsServer.calls.at(-1)?.authorization).toBe('Bearer t');
    } finally {
      client.close();
    }
  });

  it('fails with UNAVAILABLE when the certificate does not match the name or the CA is unknown', async () => {
    const wrongName = createClient({ address: tlsServer.address, tls: { ca, serverNameOverride: 'other.test' } });
    const systemRoots = createClient({ address: tlsServer.address, tls: { serverNameOverride: 'rongtong.test' } });
    try {
      await expect(wrongName.admin.listTenants({}, { timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await expect(systemRoots.admin.listTenants({}, { timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      wrongName.close();
      systemRoots.close();
    }
  });

  it('presents the client certificate for mutual TLS', async () => {
    const withCert = createClient({
      address: mtlsServer.address,
      tls: { ca, cert: pki.client.cert, key: pki.client.key, serverNameOverride: 'rongtong.test' },
    });
    const withoutCert = createClient({ address: mtlsServer.address, tls: { ca, serverNameOverride: 'rongtong.test' } });
    try {
      expect((await withCert.admin.listTenants({})).nextPageToken).toBe('page-2');
      const refused = withoutCert.admin.listTenants({}, { timeoutMs: 2_000 });
      await expect(refused).rejects.toBeInstanceOf(RongtongError);
      await expect(refused).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      withCert.close();
      withoutCert.close();
    }
  });

  it('refuses half a client key pair and an empty address', () => {
    expect(() => createClient({ address: '127.0.0.1:1', tls: { cert: pki.client.cert } })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', fieldViolations: [{ path: 'tls.key', reason: 'mutual TLS needs both cert and key' }] }) as Error,
    );
    expect(() => createClient({ address: ' ' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }) as Error);
  });
});
