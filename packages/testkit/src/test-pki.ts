import selfsigned from 'selfsigned';

/** A PEM key pair. */
export interface PemPair {
  /** PEM of the private key. */
  readonly key: string;
  /** PEM of the certificate. */
  readonly cert: string;
}

/** Certificates for TLS and mutual-TLS tests, made fresh in memory (no key material in the repository). */
export interface TestPki {
  /** The CA every certificate below chains to (except `otherCa` and `rogueClient`). */
  readonly ca: PemPair;
  /** Server certificate for `serverName` (and 127.0.0.1 when the name is localhost). */
  readonly server: PemPair;
  /** Client certificate (CN `client`), for mutual TLS. */
  readonly client: PemPair;
  /** An unrelated CA. */
  readonly otherCa: PemPair;
  /** A client certificate from `otherCa`. */
  readonly rogueClient: PemPair;
}

async function ca(commonName: string): Promise<PemPair> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

async function leaf(commonName: string, issuer: PemPair): Promise<PemPair> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    ca: { key: issuer.key, cert: issuer.cert },
  });
  return { key: pems.private, cert: pems.cert };
}

/** Makes a CA, a server and a client certificate from it, and a rogue CA with its own client. A few seconds (RSA 2048). */
export async function createTestPki(serverName = 'localhost'): Promise<TestPki> {
  const [mainCa, otherCa] = await Promise.all([ca('Rongtong Test CA'), ca('Some Other CA')]);
  const [server, client, rogueClient] = await Promise.all([leaf(serverName, mainCa), leaf('client', mainCa), leaf('rogue', otherCa)]);
  return { ca: mainCa, server, client, otherCa, rogueClient };
}
