/**
 * int64 / uint64 fields reach TypeScript as decimal strings (proto-loader `longs: String`),
 * never as `Long` objects. These helpers turn them into `bigint` and back.
 */

/** A 64-bit integer as the generated types accept it on input. */
export type Int64Input = string | number | bigint;

const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

/** Parses a decimal int64 string (as generated output types carry it) to a bigint. */
export function toBigInt(value: Int64Input): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value)) throw new RangeError(`not a decimal integer: ${JSON.stringify(value)}`);
  return BigInt(value);
}

/** A bigint as the decimal string the generated types send; checks it fits 64 bits. */
export function int64String(value: bigint, unsigned = false): string {
  const min = unsigned ? 0n : INT64_MIN;
  const max = unsigned ? UINT64_MAX : -INT64_MIN - 1n;
  if (value < min || value > max) throw new RangeError(`${value} does not fit a${unsigned ? ' u' : 'n '}int64`);
  return value.toString();
}

/** A 64-bit value as a JavaScript number, refusing values that would lose precision. */
export function toSafeNumber(value: Int64Input): number {
  const b = toBigInt(value);
  if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${b} is beyond Number.MAX_SAFE_INTEGER`);
  }
  return Number(b);
}
