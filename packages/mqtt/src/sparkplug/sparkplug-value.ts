import type { SampleValue } from '@rongtong/core';
import { SPARKPLUG_DATA_TYPES, type SparkplugDataTypeName, sparkplugDataTypeName } from './sparkplug-data-type.js';
import type { SparkplugValue } from './sparkplug-payload.js';

/**
 * What a metric of each Sparkplug data type becomes in a `Sample` (core `SampleValue`):
 *
 * | Sparkplug | wire field | sample value |
 * |---|---|---|
 * | Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64 | `int_value` / `long_value` | `bigint` (exact, sign restored) |
 * | Float, Double | `float_value` / `double_value` | `number` (a Float is the exact single-precision value) |
 * | Boolean | `boolean_value` | `boolean` |
 * | String, Text, UUID | `string_value` | `string` |
 * | DateTime | `long_value` (ms since the epoch, UTC) | `number`, ms since the epoch |
 * | Bytes | `bytes_value` | `Uint8Array` (a copy) |
 * | File, DataSet, Template, PropertySet(List), the array types, Unknown | — | none: `unsupported_type` |
 *
 * Integers follow core's rule that integer types are `bigint`, so a UInt64 counter beyond 2^53
 * keeps every digit. For interoperability the integer types accept either `int_value` or
 * `long_value` (Tahu's Java and JavaScript encoders send UInt32 as `long_value`), and a signed
 * type accepts both sign-extended two's complement (−1 as Int8 = 0xFFFFFFFF, what Tahu sends)
 * and two's complement of its own width (0xFF); anything outside the type's range is
 * `wrong_type`. Float and Double accept either floating-point field.
 */
export const SPARKPLUG_SAMPLE_TYPES: Readonly<Record<SparkplugDataTypeName, 'bigint' | 'number' | 'boolean' | 'string' | 'Uint8Array' | 'unsupported'>> = {
  Unknown: 'unsupported',
  Int8: 'bigint',
  Int16: 'bigint',
  Int32: 'bigint',
  Int64: 'bigint',
  UInt8: 'bigint',
  UInt16: 'bigint',
  UInt32: 'bigint',
  UInt64: 'bigint',
  Float: 'number',
  Double: 'number',
  Boolean: 'boolean',
  String: 'string',
  DateTime: 'number',
  Text: 'string',
  UUID: 'string',
  DataSet: 'unsupported',
  Bytes: 'Uint8Array',
  File: 'unsupported',
  Template: 'unsupported',
  PropertySet: 'unsupported',
  PropertySetList: 'unsupported',
  Int8Array: 'unsupported',
  Int16Array: 'unsupported',
  Int32Array: 'unsupported',
  Int64Array: 'unsupported',
  UInt8Array: 'unsupported',
  UInt16Array: 'unsupported',
  UInt32Array: 'unsupported',
  UInt64Array: 'unsupported',
  FloatArray: 'unsupported',
  DoubleArray: 'unsupported',
  BooleanArray: 'unsupported',
  StringArray: 'unsupported',
  DateTimeArray: 'unsupported',
};

/** A metric value as a sample value, or why it cannot be one. */
export type SparkplugSampleValueResult =
  | { readonly ok: true; readonly value: SampleValue }
  | { readonly ok: false; readonly reason: 'wrong_type' | 'unsupported_type'; readonly detail: string };

/** Bit widths and signedness of the integer types. */
const INTEGERS: Readonly<Partial<Record<SparkplugDataTypeName, { readonly bits: number; readonly signed: boolean }>>> = {
  Int8: { bits: 8, signed: true },
  Int16: { bits: 16, signed: true },
  Int32: { bits: 32, signed: true },
  Int64: { bits: 64, signed: true },
  UInt8: { bits: 8, signed: false },
  UInt16: { bits: 16, signed: false },
  UInt32: { bits: 32, signed: false },
  UInt64: { bits: 64, signed: false },
};

const wrong = (detail: string): SparkplugSampleValueResult => ({ ok: false, reason: 'wrong_type', detail });

function integer(name: SparkplugDataTypeName, bits: number, signed: boolean, value: SparkplugValue): SparkplugSampleValueResult {
  let raw: bigint;
  let wireBits: number;
  if (value.kind === 'int') {
    raw = BigInt(value.value);
    wireBits = 32;
  } else if (value.kind === 'long') {
    raw = value.value;
    wireBits = 64;
  } else {
    return wrong(`a ${name} metric needs int_value or long_value, not ${value.kind}_value`);
  }
  const width = BigInt(bits);
  if (!signed) {
    return raw < 1n << width ? { ok: true, value: raw } : wrong(`${raw} does not fit a ${name}`);
  }
  // Sign-extended to the wire width (what Tahu sends), or two's complement of the type's own width.
  const extended = BigInt.asIntN(wireBits, raw);
  const min = -(1n << (width - 1n));
  const max = (1n << (width - 1n)) - 1n;
  if (extended >= min && extended <= max) return { ok: true, value: extended };
  if (raw < 1n << width) return { ok: true, value: BigInt.asIntN(bits, raw) };
  return wrong(`${raw} does not fit a ${name}`);
}

/**
 * Converts a metric value by its data type code, following {@link SPARKPLUG_SAMPLE_TYPES}.
 * Never throws: a value that does not fit its type is `wrong_type`, a type without a sample
 * representation (or an unknown code) is `unsupported_type`.
 */
export function sparkplugSampleValue(datatype: number, value: SparkplugValue): SparkplugSampleValueResult {
  const name = sparkplugDataTypeName(datatype);
  if (name === undefined) return { ok: false, reason: 'unsupported_type', detail: `unknown data type code ${datatype}` };
  const target = SPARKPLUG_SAMPLE_TYPES[name];
  if (target === 'unsupported') return { ok: false, reason: 'unsupported_type', detail: `${name} metrics are not mapped to samples` };
  const int = INTEGERS[name];
  if (int) return integer(name, int.bits, int.signed, value);
  switch (name) {
    case 'Float':
    case 'Double':
      return value.kind === 'float' || value.kind === 'double' ? { ok: true, value: value.value } : wrong(`a ${name} metric needs ${name.toLowerCase()}_value, not ${value.kind}_value`);
    case 'Boolean':
      return value.kind === 'boolean' ? { ok: true, value: value.value } : wrong(`a Boolean metric needs boolean_value, not ${value.kind}_value`);
    case 'String':
    case 'Text':
    case 'UUID':
      return value.kind === 'string' ? { ok: true, value: value.value } : wrong(`a ${name} metric needs string_value, not ${value.kind}_value`);
    case 'Bytes':
      return value.kind === 'bytes' ? { ok: true, value: value.value } : wrong(`a Bytes metric needs bytes_value, not ${value.kind}_value`);
    case 'DateTime':
      if (value.kind !== 'long') return wrong(`a DateTime metric needs long_value, not ${value.kind}_value`);
      return value.value <= BigInt(Number.MAX_SAFE_INTEGER) ? { ok: true, value: Number(value.value) } : wrong(`DateTime ${value.value} is beyond the representable ms since the epoch`);
    default:
      return { ok: false, reason: 'unsupported_type', detail: `${name} metrics are not mapped to samples` };
  }
}

/**
 * The wire value of a sample value for a data type code — the inverse of
 * {@link sparkplugSampleValue}, for edge nodes, simulators and tests: signed integers in two's
 * complement (sign-extended to 32 bits for Int8/16/32, like Tahu), 8–32-bit types in `int_value`,
 * 64-bit types and DateTime in `long_value`. Throws a RangeError or TypeError when the value
 * does not fit the type or the type has no sample representation.
 */
export function sparkplugValueOf(datatype: number, value: SampleValue): SparkplugValue {
  const name = sparkplugDataTypeName(datatype);
  if (name === undefined || SPARKPLUG_SAMPLE_TYPES[name] === 'unsupported') throw new TypeError(`data type ${name ?? datatype} has no sample representation`);
  const int = INTEGERS[name];
  if (int) {
    if (typeof value !== 'bigint' && !(typeof value === 'number' && Number.isInteger(value))) throw new TypeError(`a ${name} value must be an integer`);
    const big = BigInt(value);
    const width = BigInt(int.bits);
    const min = int.signed ? -(1n << (width - 1n)) : 0n;
    const max = int.signed ? (1n << (width - 1n)) - 1n : (1n << width) - 1n;
    if (big < min || big > max) throw new RangeError(`${big} does not fit a ${name}`);
    return int.bits === 64 ? { kind: 'long', value: BigInt.asUintN(64, big) } : { kind: 'int', value: Number(BigInt.asUintN(32, big)) };
  }
  switch (name) {
    case 'Float':
    case 'Double':
      if (typeof value !== 'number') throw new TypeError(`a ${name} value must be a number`);
      return { kind: name === 'Float' ? 'float' : 'double', value };
    case 'Boolean':
      if (typeof value !== 'boolean') throw new TypeError('a Boolean value must be a boolean');
      return { kind: 'boolean', value };
    case 'String':
    case 'Text':
    case 'UUID':
      if (typeof value !== 'string') throw new TypeError(`a ${name} value must be a string`);
      return { kind: 'string', value };
    case 'Bytes':
      if (!(value instanceof Uint8Array)) throw new TypeError('a Bytes value must be a Uint8Array');
      return { kind: 'bytes', value };
    default: {
      // DateTime: ms since the epoch.
      if (typeof value !== 'number' && typeof value !== 'bigint') throw new TypeError('a DateTime value must be ms since the epoch');
      const ms = BigInt(value);
      if (ms < 0n) throw new RangeError('a DateTime must not be before 1970');
      return { kind: 'long', value: ms };
    }
  }
}

/** The data type code of a name, e.g. `UInt64` → 8. */
export const sparkplugDataTypeCode = (name: SparkplugDataTypeName): number => SPARKPLUG_DATA_TYPES[name];
