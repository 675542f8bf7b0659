import { type KeyObject, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/**
 * X.509 certificates for TLS tests, made in memory with node:crypto alone (ECDSA P-256,
 * SHA-256): a tiny DER encoder writes the few structures a certificate needs. No key
 * material in the repository, no openssl binary, no dependency.
 */

/** A PEM certificate and its PEM (PKCS #8) private key. */
export interface PemPair {
  readonly cert: string;
  readonly key: string;
}

/** A CA, a server certificate for 127.0.0.1 / localhost and a client certificate from it, and an unrelated CA. */
export interface TestCertificates {
  readonly ca: PemPair;
  readonly server: PemPair;
  readonly client: PemPair;
  readonly otherCa: PemPair;
}

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const seq = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const octets = (content: Buffer) => der(0x04, content);
const bool = (value: boolean) => der(0x01, Buffer.from([value ? 0xff : 0x00]));
const explicit = (n: number, content: Buffer) => der(0xa0 + n, content);

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1);
  return der(0x02, (b[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** A BIT STRING of whole bytes (`unused` trailing bits of the last byte unused). */
const bits = (content: Buffer, unused = 0) => der(0x03, Buffer.concat([Buffer.from([unused]), content]));

function utcTime(date: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const text = `${p(date.getUTCFullYear() % 100)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
  return der(0x17, Buffer.from(text, 'ascii'));
}

const name = (commonName: string) => seq(set(seq(oid('2.5.4.3'), der(0x0c, Buffer.from(commonName, 'utf8')))));
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

interface Issuer {
  readonly name: string;
  readonly key: KeyObject;
}

function certificate(subject: string, publicKey: KeyObject, issuer: Issuer, extensions: Buffer[]): string {
  const now = Date.now();
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(randomBytes(16)),
    ECDSA_SHA256,
    name(issuer.name),
    seq(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 86_400_000))),
    name(subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, issuer.key);
  const body = seq(tbs, ECDSA_SHA256, bits(signature)).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

const pemKey = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;

interface Ca {
  readonly pair: PemPair;
  readonly issuer: Issuer;
}

function makeCa(commonName: string): Ca {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const issuer = { name: commonName, key: privateKey };
  const cert = certificate(commonName, publicKey, issuer, [
    extension('2.5.29.19', true, seq(bool(true))), // basicConstraints: CA
    extension('2.5.29.15', true, bits(Buffer.from([0x06]), 1)), // keyUsage: keyCertSign, cRLSign
  ]);
  return { pair: { cert, key: pemKey(privateKey) }, issuer };
}

function makeLeaf(commonName: string, ca: Ca, altNames: { dns?: string[]; ip?: number[][] }): PemPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const names = [
    ...(altNames.dns ?? []).map((d) => der(0x82, Buffer.from(d, 'ascii'))),
    ...(altNames.ip ?? []).map((ip) => der(0x87, Buffer.from(ip))),
  ];
  const cert = certificate(commonName, publicKey, ca.issuer, [
    extension('2.5.29.19', true, seq()), // basicConstraints: not a CA
    extension('2.5.29.15', true, bits(Buffer.from([0x80]), 7)), // keyUsage: digitalSignature
    ...(names.length > 0 ? [extension('2.5.29.17', false, seq(...names))] : []), // subjectAltName
  ]);
  return { cert, key: pemKey(privateKey) };
}

/** Makes a CA, a server certificate (localhost, 127.0.0.1) and a client certificate from it, and another CA. Milliseconds. */
export function createTestCertificates(): TestCertificates {
  const ca = makeCa('Rongtong MQTT Test CA');
  const otherCa = makeCa('Some Other CA');
  const server = makeLeaf('localhost', ca, { dns: ['localhost'], ip: [[127, 0, 0, 1]] });
  const client = makeLeaf('rongtong-agent', ca, {});
  return { ca: ca.pair, server, client, otherCa: otherCa.pair };
}
