import type { DataQuality, SampleValue } from '@rongtong/core';
import { DataType, type DataValue, VariantArrayType } from 'node-opcua';
import { OPCUA_STATUS, statusSeverity } from './status-codes.js';
import { type PartFailureReason, type ValuePart, type VariantLike, selectValuePart } from './value-part.js';

/** Why a value gave no sample: an array or matrix, a type with no `SampleValue` form, or no value where one was needed. */
export const VALUE_SKIP_REASONS = ['array', 'unsupported_type', 'no_value'] as const;

/** Why a value gave no sample (see {@link VALUE_SKIP_REASONS}). */
export type ValueSkipReason = (typeof VALUE_SKIP_REASONS)[number];

/** A value converted to a `SampleValue`, or why it could not be. */
export type ValueConversion =
  | { readonly ok: true; readonly value: SampleValue }
  | { readonly ok: false; readonly reason: ValueSkipReason; readonly detail: string };

/** A data change converted to the fields of a sample (the caller adds the signal id and may adjust the time). */
export type DataValueConversion =
  | {
      readonly ok: true;
      readonly value: SampleValue | undefined;
      readonly quality: DataQuality;
      /** The 32-bit StatusCode, unchanged. */
      readonly sourceStatus: number;
      /** SourceTimestamp, else ServerTimestamp, else the receive time (ms). */
      readonly sourceTime: number;
      /** ServerTimestamp (ms), when the server sent one. */
      readonly serverTime: number | undefined;
      /**
       * Set when the signal reads a part of the value (`indexRange` / `field`) that the value
       * does not have: the sample is bad (`BadTypeMismatch`, no value), with the reason.
       */
      readonly partFailure?: { readonly reason: PartFailureReason; readonly detail: string };
    }
  | { readonly ok: false; readonly reason: ValueSkipReason; readonly detail: string; readonly sourceStatus: number };

/** An OPC UA 64-bit integer as node-opcua decodes it: `[high, low]` 32-bit words. */
function int64ToBigInt(words: unknown, signed: boolean): bigint | undefined {
  if (typeof words === 'bigint') return words;
  if (typeof words === 'number' && Number.isSafeInteger(words)) return BigInt(words);
  if (!Array.isArray(words) || words.length !== 2) return undefined;
  const [high, low] = words as [unknown, unknown];
  if (typeof high !== 'number' || typeof low !== 'number') return undefined;
  return (BigInt(signed ? high | 0 : high >>> 0) << 32n) + BigInt(low >>> 0);
}

const skip = (reason: ValueSkipReason, detail: string): ValueConversion => ({ ok: false, reason, detail });

/**
 * A scalar OPC UA Variant as a `SampleValue`, keeping the machine's type (core `SampleValue`):
 * integer types (SByte … UInt64) → `bigint`, so counters never lose precision; Float and
 * Double → `number`; Boolean → `boolean`; String and XmlElement → `string`; LocalizedText →
 * its text; ByteString → a copy as `Uint8Array`. Arrays, matrices and other types (DateTime,
 * Guid, NodeId, structures, …) are not converted.
 */
export function variantToSampleValue(variant: VariantLike | null | undefined): ValueConversion {
  if (!variant || variant.dataType === DataType.Null) return skip('no_value', 'the value is Null');
  const typeName = DataType[variant.dataType] ?? String(variant.dataType);
  if (variant.arrayType !== undefined && variant.arrayType !== VariantArrayType.Scalar) {
    return skip('array', `${VariantArrayType[variant.arrayType] ?? 'array'} of ${typeName}`);
  }
  const raw: unknown = variant.value;
  if (raw === null || raw === undefined) return skip('no_value', `the ${typeName} value is null`);
  switch (variant.dataType) {
    case DataType.Boolean:
      return typeof raw === 'boolean' ? { ok: true, value: raw } : skip('unsupported_type', `Boolean holding ${typeof raw}`);
    case DataType.SByte:
    case DataType.Byte:
    case DataType.Int16:
    case DataType.UInt16:
    case DataType.Int32:
    case DataType.UInt32:
      return typeof raw === 'number' && Number.isInteger(raw) ? { ok: true, value: BigInt(raw) } : skip('unsupported_type', `${typeName} holding ${typeof raw}`);
    case DataType.Int64:
    case DataType.UInt64: {
      const value = int64ToBigInt(raw, variant.dataType === DataType.Int64);
      return value === undefined ? skip('unsupported_type', `${typeName} in an unexpected form`) : { ok: true, value };
    }
    case DataType.Float:
    case DataType.Double:
      return typeof raw === 'number' ? { ok: true, value: raw } : skip('unsupported_type', `${typeName} holding ${typeof raw}`);
    case DataType.String:
    case DataType.XmlElement:
      return typeof raw === 'string' ? { ok: true, value: raw } : skip('unsupported_type', `${typeName} holding ${typeof raw}`);
    case DataType.LocalizedText: {
      const text = (raw as { text?: unknown }).text;
      return typeof text === 'string' ? { ok: true, value: text } : skip('no_value', 'LocalizedText without text');
    }
    case DataType.ByteString:
      return raw instanceof Uint8Array ? { ok: true, value: new Uint8Array(raw) } : skip('unsupported_type', `ByteString holding ${typeof raw}`);
    default:
      return skip('unsupported_type', `${typeName} values are not converted`);
  }
}

/** A timestamp as ms since the epoch, or undefined when absent or not after 1970 (OPC UA's MinDate means "none"). */
function millis(date: Date | null | undefined): number | undefined {
  if (!date) return undefined;
  const t = date.getTime();
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

/**
 * A data change notification as sample fields: quality from the StatusCode's severity (Good →
 * `good`, Uncertain → `uncertain`, Bad → `bad` with no value), `sourceStatus` the 32-bit
 * StatusCode, `sourceTime` the SourceTimestamp (else ServerTimestamp, else `receiveTime`).
 * A good or uncertain value that cannot be converted ({@link variantToSampleValue}) gives no
 * sample, with the reason. With a `part` (the signal's `indexRange` / `field`), the value is
 * first narrowed to it ({@link selectValuePart}); a value without that part gives a bad sample
 * (`BadTypeMismatch`, no value) with `partFailure` saying why — never an exception.
 */
export function convertDataValue(dataValue: DataValue, receiveTime: number, part?: ValuePart): DataValueConversion {
  const sourceStatus = (dataValue.statusCode?.value ?? 0) >>> 0;
  const serverTime = millis(dataValue.serverTimestamp);
  const sourceTime = millis(dataValue.sourceTimestamp) ?? serverTime ?? receiveTime;
  const quality = statusSeverity(sourceStatus);
  if (quality === 'bad') return { ok: true, value: undefined, quality, sourceStatus, sourceTime, serverTime };
  let variant: VariantLike | null | undefined = dataValue.value;
  if (part !== undefined && (part.indexRange !== undefined || part.field !== undefined) && variant && variant.dataType !== DataType.Null) {
    const selected = selectValuePart(variant, part);
    if (!selected.ok) {
      const partFailure = { reason: selected.reason, detail: selected.detail };
      return { ok: true, value: undefined, quality: 'bad', sourceStatus: OPCUA_STATUS.BadTypeMismatch, sourceTime, serverTime, partFailure };
    }
    variant = selected.variant;
  }
  const converted = variantToSampleValue(variant);
  if (!converted.ok) return { ...converted, sourceStatus };
  return { ok: true, value: converted.value, quality, sourceStatus, sourceTime, serverTime };
}
