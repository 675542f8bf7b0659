import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters of {@link hashBrokerPassword}. */
export interface BrokerPasswordHashOptions {
  /** CPU/memory cost, a power of two (default 16384). */
  readonly N?: number;
  /** Block size (default 8). */
  readonly r?: number;
  /** Parallelism (default 1). */
  readonly p?: number;
}

const KEY_LENGTH = 32;
const HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** The parts of a `scrypt$N$r$p$salt$hash` string. */
interface ParsedHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function scryptAsync(password: string, salt: Buffer, keyLength: number, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: scrypt needs 128 · N · r bytes; allow twice that.
    scrypt(password, salt, keyLength, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Why `text` is not a `scrypt$N$r$p$salt$hash` string this package accepts, or undefined. */
export function brokerPasswordHashProblem(text: string): string | undefined {
  return parse(text) === undefined
    ? 'must be scrypt$N$r$p$salt$hash (base64 salt and hash) as made by hashBrokerPassword, N a power of two 2–2^20, r 1–32, p 1–16'
    : undefined;
}

function parse(text: string): ParsedHash | undefined {
  const m = HASH_PATTERN.exec(text);
  if (!m) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { N, r, p, salt, hash };
}

/**
 * Hashes a broker user's password with scrypt and a random 16-byte salt, as
 * `scrypt$N$r$p$salt$hash` (salt and hash base64): the form of `users[].passwordHash`.
 */
export async function hashBrokerPassword(password: string, options: BrokerPasswordHashOptions = {}): Promise<string> {
  const { N = 16_384, r = 8, p = 1 } = options;
  const salt = randomBytes(16);
  const format = (hash: Buffer) => `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
  if (parse(format(Buffer.alloc(KEY_LENGTH))) === undefined) throw new RangeError('hashBrokerPassword: N must be a power of two 2–2^20, r 1–32, p 1–16');
  return format(await scryptAsync(password, salt, KEY_LENGTH, N, r, p));
}

/**
 * True when `password` matches `passwordHash` (from {@link hashBrokerPassword}); compared in
 * constant time. False for a malformed hash.
 */
export async function verifyBrokerPassword(password: string, passwordHash: string): Promise<boolean> {
  const parsed = parse(passwordHash);
  if (!parsed) return false;
  const hash = await scryptAsync(password, parsed.salt, parsed.hash.length, parsed.N, parsed.r, parsed.p);
  return timingSafeEqual(hash, parsed.hash);
}

/** Constant-time equality of two secrets of any lengths (compares their SHA-256 digests). */
export function secretsEqual(a: string | Buffer, b: string | Buffer): boolean {
  const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
