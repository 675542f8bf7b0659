import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRongtongError } from '@rongtong/core';
import { crypto_utils } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate, listServerCertificates, rejectServerCertificate, trustServerCertificate, trustStoreFolder } from '../src/index.js';
import { makeUserCertificate, tempDir } from './support/test-server.js';

describe('trust store', () => {
  const dir = tempDir('trust');
  const pkiDir = join(dir.path, 'pki');
  let pem: string;
  let thumbprint: string;
  let derThumbprint: string;

  beforeAll(async () => {
    const a = await makeUserCertificate(join(dir.path, 'a'));
    const b = await makeUserCertificate(join(dir.path, 'b'));
    pem = a.certificate;
    const der = crypto_utils.convertPEMtoDER(b.certificate);
    thumbprint = describeCertificate(crypto_utils.convertPEMtoDER(pem)).thumbprint;
    derThumbprint = describeCertificate(der).thumbprint;
    mkdirSync(trustStoreFolder(pkiDir, 'rejected'), { recursive: true });
    mkdirSync(trustStoreFolder(pkiDir, 'trusted'), { recursive: true });
    writeFileSync(join(trustStoreFolder(pkiDir, 'rejected'), 'machine[x].pem'), pem);
    writeFileSync(join(trustStoreFolder(pkiDir, 'trusted'), 'other.der'), der);
    writeFileSync(join(trustStoreFolder(pkiDir, 'rejected'), 'machine[x].pem.mutex'), '');
    writeFileSync(join(trustStoreFolder(pkiDir, 'rejected'), 'garbage.pem'), 'not a certificate');
  }, 30_000);

  afterAll(() => dir.remove());

  it('lists trusted then rejected certificates with thumbprint, subject and validity', async () => {
    const entries = await listServerCertificates(pkiDir);
    expect(entries.map((e) => [e.status, e.thumbprint])).toEqual([
      ['trusted', derThumbprint],
      ['rejected', thumbprint],
    ]);
    expect(entries[1]).toMatchObject({
      subject: 'CN=rongtong-test-user, O=Rongtong',
      issuer: 'CN=rongtong-test-user, O=Rongtong',
      applicationUri: 'urn:rongtong:test-user',
      file: join(trustStoreFolder(pkiDir, 'rejected'), 'machine[x].pem'),
    });
    expect(entries[1]!.validTo.getTime()).toBeGreaterThan(entries[1]!.validFrom.getTime());
    expect(await listServerCertificates(join(dir.path, 'does-not-exist'))).toEqual([]);
  });

  it('accepts and rejects by thumbprint (any case, with or without colons), idempotently', async () => {
    const spaced = thumbprint.toUpperCase().match(/../g)!.join(':');
    const trusted = await trustServerCertificate(pkiDir, spaced);
    expect(trusted).toMatchObject({ thumbprint, status: 'trusted', file: join(trustStoreFolder(pkiDir, 'trusted'), 'machine[x].pem') });
    expect(readFileSync(trusted.file, 'utf8')).toBe(pem);
    expect(await trustServerCertificate(pkiDir, thumbprint)).toMatchObject({ status: 'trusted' });
    expect((await listServerCertificates(pkiDir)).filter((e) => e.thumbprint === thumbprint).map((e) => e.status)).toEqual(['trusted']);

    expect(await rejectServerCertificate(pkiDir, thumbprint)).toMatchObject({ status: 'rejected' });
    expect(await rejectServerCertificate(pkiDir, thumbprint)).toMatchObject({ status: 'rejected' });
    expect((await listServerCertificates(pkiDir)).filter((e) => e.thumbprint === thumbprint).map((e) => e.status)).toEqual(['rejected']);
  });

  it('says NOT_FOUND for an unknown thumbprint and INVALID_ARGUMENT for a malformed one', async () => {
    const unknown = await trustServerCertificate(pkiDir, '0'.repeat(40)).catch((err: unknown) => err);
    expect(isRongtongError(unknown) && unknown.code).toBe('NOT_FOUND');
    expect((unknown as Error).message).toMatch(/no server certificate with thumbprint 0{40}/);
    const malformed = await trustServerCertificate(pkiDir, 'abc').catch((err: unknown) => err);
    expect(isRongtongError(malformed) && malformed.code).toBe('INVALID_ARGUMENT');
  });
});
