import { RongtongError } from '@rongtong/core';

/** Largest value of an SQLite INTEGER (signed 64-bit); uint64 sequence numbers above it cannot be stored. */
export const INT64_MAX = 2n ** 63n - 1n;

/**
 * A BLOB column as a plain `Uint8Array` (better-sqlite3 returns a `Buffer`): a copy, so
 * callers compare and keep it like any other byte array.
 */
export function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  throw new RongtongError('DATA_LOSS', `expected a BLOB column, found ${typeof value}`);
}

/** An INTEGER column (read as bigint with safe integers on) as a number, for times in ms. */
export function numberOf(value: bigint | number): number {
  return Number(value);
}

/** An INTEGER column as a bigint (sequence numbers). */
export function bigintOf(value: bigint | number): bigint {
  return BigInt(value);
}

/** True when two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

/** `value` clamped to the INTEGER range 0…INT64_MAX (for range bounds). */
export function clampSeq(value: bigint): bigint {
  if (value < 0n) return 0n;
  return value > INT64_MAX ? INT64_MAX : value;
}

/** The string array a JSON TEXT column holds (e.g. signal ids); DATA_LOSS when it holds anything else. */
export function stringsOf(text: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new RongtongError('DATA_LOSS', 'expected a JSON array of strings in a SQLite column');
  }
  return value;
}
