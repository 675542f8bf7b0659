import { Writable } from 'node:stream';
import { createClient } from '@rongtong/client';
import { generateAgentKeyPair } from '@rongtong/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { tenantWithEnterprise } from './support/client-onboarding.js';
import { createPlatform, createSqliteStore, ensureOperatorToken } from '../src/index.js';

describe('logs', () => {
  it('never contain a token secret, even at trace level and on failed calls', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const store = createSqliteStore({ path: ':memory:' });
    const platform = createPlatform({ store, logger: pino({ level: 'trace' }, sink) });
    const operator = 'log-test-operator-secret-42';
    const secrets: string[] = [operator];
    try {
      const address = `127.0.0.1:${await platform.listen('127.0.0.1:0')}`;
      await ensureOperatorToken({ store, secret: operator });
      const admin = createClient({ address, token: operator, tls: false });
      const { tenantId, enterpriseId } = await tenantWithEnterprise(admin, 'logs');
      const enrollment = await admin.admin.issueEnrollmentToken({ enterpriseId, ttl: { seconds: '600' } });
      const api = await admin.admin.issueApiToken({ tenantId, scopes: ['SCOPE_FEED_READ'], ttl: { seconds: '600' } });
      const enrolled = await admin.onboarding.enroll({
        enrollmentToken: enrollment.secret,
        publicKey: Buffer.from(generateAgentKeyPair().publicKey),
        agentName: 'gw',
        hostname: 'gw',
        agentVersion: '0.1.0',
      });
      secrets.push(enrollment.secret, api.secret, enrolled.apiToken);
      // Failures: a reused enrollment token, a revoked token, a token that does not exist.
      await expect(admin.onboarding.enroll({ enrollmentToken: enrollment.secret, publicKey: Buffer.alloc(32, 1), agentName: 'x', hostname: 'x', agentVersion: '0.1.0' })).rejects.toMatchObject({ code: 'TOKEN_ALREADY_USED' });
      await admin.admin.revokeToken({ tokenId: api.token!.id, reason: 'test' });
      const revoked = createClient({ address, token: api.secret, tls: false });
      await expect(revoked.admin.listTenants({})).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
      revoked.close();
      const bogus = createClient({ address, token: 'rta_not-a-real-token-but-secret-looking', tls: false });
      secrets.push('rta_not-a-real-token-but-secret-looking');
      await expect(bogus.admin.listTenants({})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      bogus.close();
      admin.close();
    } finally {
      await platform.close(500);
      await store.close();
    }
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(logged).not.toContain(secret);
  });
});
