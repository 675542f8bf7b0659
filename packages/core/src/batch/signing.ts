import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

/** Length in bytes of a raw Ed25519 public key, as sent in `EnrollRequest`. */
export const ED25519_PUBLIC_KEY_BYTES = 32;

/** Length in bytes of an Ed25519 signature. */
export const ED25519_SIGNATURE_BYTES = 64;

/** An agent's signing key pair. */
export interface AgentKeyPair {
  /** Raw 32-byte Ed25519 public key (registered with the platform at enrolment). */
  readonly publicKey: Uint8Array;
  /** PKCS#8 PEM of the private key (the agent stores it in a 0600 file). */
  readonly privateKeyPem: string;
}

/** Makes a new Ed25519 key pair for an agent. */
export function generateAgentKeyPair(): AgentKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: rawPublicKey(publicKey),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** The raw 32 bytes of an Ed25519 public key object. */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 public key');
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

/** An Ed25519 public key object from its raw 32 bytes. */
export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new RangeError(`an Ed25519 public key is ${ED25519_PUBLIC_KEY_BYTES} bytes: got ${raw.length}`);
  }
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** A private key object from PKCS#8 PEM (as written by `generateAgentKeyPair`). */
export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(`expected an Ed25519 private key: got ${key.asymmetricKeyType}`);
  return key;
}

/** Signs a batch digest with the agent's private key: a 64-byte Ed25519 signature. */
export function signDigest(digest: Uint8Array, privateKey: KeyObject | string): Uint8Array {
  const key = typeof privateKey === 'string' ? privateKeyFromPem(privateKey) : privateKey;
  return new Uint8Array(sign(null, digest, key));
}

/**
 * True when `signature` is a valid Ed25519 signature of `digest` by `publicKey`
 * (raw 32 bytes or a key object). Malformed keys or signatures give false, never throw.
 */
export function verifyDigest(digest: Uint8Array, signature: Uint8Array, publicKey: KeyObject | Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    const key = publicKey instanceof Uint8Array ? publicKeyFromRaw(publicKey) : publicKey;
    return verify(null, digest, key, signature);
  } catch {
    return false;
  }
}
