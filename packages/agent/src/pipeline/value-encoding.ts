import type { DataQuality } from '@rongtong/core';
import type { Quality, Value } from '@rongtong/protocol';
import type { SampleValue } from '../sources/sample.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** The `rongtong.v1.Quality` name of a sample quality. */
export function qualityToProto(quality: DataQuality): Quality {
  switch (quality) {
    case 'good':
      return 'QUALITY_GOOD';
    case 'uncertain':
      return 'QUALITY_UNCERTAIN';
    case 'bad':
      return 'QUALITY_BAD';
  }
}

/**
 * The `rongtong.v1.Value` of a sample value, keeping its type: number → double, bigint →
 * int (signed 64-bit range) or uint (2⁶³ … 2⁶⁴ − 1), boolean, string, bytes. Returns
 * `undefined` (no value) for `undefined` and for a bigint outside 64 bits, which no
 * Value kind can carry without inventing a different number.
 */
export function encodeValue(value: SampleValue | undefined): Value | undefined {
  switch (typeof value) {
    case 'number':
      return { doubleValue: value };
    case 'bigint':
      if (value >= INT64_MIN && value <= INT64_MAX) return { intValue: value.toString() };
      if (value > INT64_MAX && value <= UINT64_MAX) return { uintValue: value.toString() };
      return undefined;
    case 'boolean':
      return { boolValue: value };
    case 'string':
      return { stringValue: value };
    case 'undefined':
      return undefined;
    default:
      return { bytesValue: value };
  }
}
