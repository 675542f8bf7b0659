import { SparkplugPayloadType } from './sparkplug-b-proto.js';

/**
 * The value of a metric, as it is on the wire: which field of the `value` oneof is set. The
 * metric's `datatype` says how to read it (see `sparkplugSampleValue`): an Int8 −1 travels as
 * `{ kind: 'int', value: 4294967295 }`, a DateTime as `{ kind: 'long', value: <ms> }`.
 *
 * DataSet, Template and extension values are decoded but kept opaque (their kind only): the
 * host does not map them to samples and counts them as `unsupported_type`.
 */
export type SparkplugValue =
  /** `int_value`, a uint32 (0 … 2^32 − 1): Int8/16/32 (two's complement), UInt8/16/32. */
  | { readonly kind: 'int'; readonly value: number }
  /** `long_value`, a uint64 (0 … 2^64 − 1): Int64 (two's complement), UInt64, DateTime. */
  | { readonly kind: 'long'; readonly value: bigint }
  /** `float_value`, an IEEE 754 single (the decoded number is that single's exact value). */
  | { readonly kind: 'float'; readonly value: number }
  /** `double_value`. */
  | { readonly kind: 'double'; readonly value: number }
  /** `boolean_value`. */
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** `string_value`: String, Text, UUID. */
  | { readonly kind: 'string'; readonly value: string }
  /** `bytes_value`: Bytes, File and the packed array types. */
  | { readonly kind: 'bytes'; readonly value: Uint8Array }
  /** `dataset_value` (opaque). */
  | { readonly kind: 'dataset' }
  /** `template_value` (opaque; `isDefinition` and `templateRef` kept for diagnostics). */
  | { readonly kind: 'template'; readonly isDefinition?: boolean; readonly templateRef?: string }
  /** `extension_value` (opaque). */
  | { readonly kind: 'extension' };

/** The value of a property: a scalar, or a nested property set / list of property sets. */
export type SparkplugPropertyData =
  | Extract<SparkplugValue, { kind: 'int' | 'long' | 'float' | 'double' | 'boolean' | 'string' | 'extension' }>
  | { readonly kind: 'propertyset'; readonly value: SparkplugPropertySet }
  | { readonly kind: 'propertysets'; readonly value: readonly SparkplugPropertySet[] };

/** A property value (`Payload.PropertyValue`). */
export interface SparkplugPropertyValue {
  /** Data type code (see `SPARKPLUG_DATA_TYPES`). */
  readonly type?: number;
  readonly isNull?: boolean;
  readonly value?: SparkplugPropertyData;
}

/** A property set (`Payload.PropertySet`): keys and values of equal length, e.g. `Quality` → 192. */
export interface SparkplugPropertySet {
  readonly keys: readonly string[];
  readonly values: readonly SparkplugPropertyValue[];
}

/** A metric (`Payload.Metric`); metadata is not decoded. */
export interface SparkplugMetric {
  /** Name (births; data messages may send the alias only), e.g. `Production/Good Count`. */
  readonly name?: string;
  /** Alias assigned in the birth certificate. */
  readonly alias?: bigint;
  /** When the value was taken, ms since the epoch (UTC). */
  readonly timestamp?: bigint;
  /** Data type code (births must have it). */
  readonly datatype?: number;
  readonly isHistorical?: boolean;
  readonly isTransient?: boolean;
  /** The value is null (then `value` is absent). */
  readonly isNull?: boolean;
  readonly properties?: SparkplugPropertySet;
  readonly value?: SparkplugValue;
}

/** A Sparkplug B payload (`org.eclipse.tahu.protobuf.Payload`), 64-bit fields as `bigint`. */
export interface SparkplugPayload {
  /** When the message was published, ms since the epoch (UTC). */
  readonly timestamp?: bigint;
  readonly metrics: readonly SparkplugMetric[];
  /** Sequence number, 0–255 in messages of edge nodes (absent in NDEATH). */
  readonly seq?: bigint;
  readonly uuid?: string;
  readonly body?: Uint8Array;
}

/** A metric to encode: as {@link SparkplugMetric}, 64-bit fields also as safe-integer numbers. */
export interface SparkplugMetricInput extends Omit<SparkplugMetric, 'alias' | 'timestamp'> {
  readonly alias?: bigint | number;
  readonly timestamp?: bigint | number;
}

/** A payload to encode: as {@link SparkplugPayload}, 64-bit fields also as safe-integer numbers. */
export interface SparkplugPayloadInput {
  readonly timestamp?: bigint | number;
  readonly metrics?: readonly SparkplugMetricInput[];
  readonly seq?: bigint | number;
  readonly uuid?: string;
  readonly body?: Uint8Array;
}

// ---- decode ----

/** What protobufjs' `toObject` gives with `longs: String`, `defaults: false`, `oneofs: true`. */
type Plain = Record<string, unknown>;

const has = (o: Plain, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined && o[key] !== null;
const u64 = (v: unknown): bigint => BigInt(v as string);
const bytesOf = (v: unknown): Uint8Array => new Uint8Array(v as Uint8Array); // a copy: never a view of the MQTT packet

function decodeValue(o: Plain): SparkplugValue | undefined {
  switch (o.value) {
    case 'intValue':
      return { kind: 'int', value: o.intValue as number };
    case 'longValue':
      return { kind: 'long', value: u64(o.longValue) };
    case 'floatValue':
      return { kind: 'float', value: o.floatValue as number };
    case 'doubleValue':
      return { kind: 'double', value: o.doubleValue as number };
    case 'booleanValue':
      return { kind: 'boolean', value: o.booleanValue as boolean };
    case 'stringValue':
      return { kind: 'string', value: o.stringValue as string };
    case 'bytesValue':
      return { kind: 'bytes', value: bytesOf(o.bytesValue) };
    case 'datasetValue':
      return { kind: 'dataset' };
    case 'templateValue': {
      const t = o.templateValue as Plain;
      return {
        kind: 'template',
        ...(has(t, 'isDefinition') ? { isDefinition: t.isDefinition as boolean } : {}),
        ...(has(t, 'templateRef') ? { templateRef: t.templateRef as string } : {}),
      };
    }
    case 'extensionValue':
      return { kind: 'extension' };
    default:
      return undefined;
  }
}

function decodePropertySet(o: Plain): SparkplugPropertySet {
  const keys = (o.keys as string[] | undefined) ?? [];
  const values = ((o.values as Plain[] | undefined) ?? []).map(decodePropertyValue);
  return { keys: [...keys], values };
}

function decodePropertyValue(o: Plain): SparkplugPropertyValue {
  let value: SparkplugPropertyData | undefined;
  switch (o.value) {
    case 'propertysetValue':
      value = { kind: 'propertyset', value: decodePropertySet(o.propertysetValue as Plain) };
      break;
    case 'propertysetsValue':
      value = { kind: 'propertysets', value: (((o.propertysetsValue as Plain).propertyset as Plain[] | undefined) ?? []).map(decodePropertySet) };
      break;
    default:
      value = decodeValue(o) as SparkplugPropertyData | undefined;
  }
  return {
    ...(has(o, 'type') ? { type: o.type as number } : {}),
    ...(has(o, 'isNull') ? { isNull: o.isNull as boolean } : {}),
    ...(value ? { value } : {}),
  };
}

function decodeMetric(o: Plain): SparkplugMetric {
  const value = decodeValue(o);
  return {
    ...(has(o, 'name') ? { name: o.name as string } : {}),
    ...(has(o, 'alias') ? { alias: u64(o.alias) } : {}),
    ...(has(o, 'timestamp') ? { timestamp: u64(o.timestamp) } : {}),
    ...(has(o, 'datatype') ? { datatype: o.datatype as number } : {}),
    ...(has(o, 'isHistorical') ? { isHistorical: o.isHistorical as boolean } : {}),
    ...(has(o, 'isTransient') ? { isTransient: o.isTransient as boolean } : {}),
    ...(has(o, 'isNull') ? { isNull: o.isNull as boolean } : {}),
    ...(has(o, 'properties') ? { properties: decodePropertySet(o.properties as Plain) } : {}),
    ...(value ? { value } : {}),
  };
}

/**
 * Decodes a Sparkplug B payload. 64-bit integers (timestamps, seq, aliases, `long_value`)
 * become `bigint` — never protobufjs `Long` objects, never rounded doubles — and bytes are
 * copied into fresh `Uint8Array`s. Unknown fields and extensions are skipped. Throws an Error
 * (`not a Sparkplug B payload: …`) when the bytes are not a valid encoding.
 */
export function decodeSparkplugPayload(bytes: Uint8Array): SparkplugPayload {
  let o: Plain;
  try {
    const message = SparkplugPayloadType.decode(bytes);
    o = SparkplugPayloadType.toObject(message, { longs: String, defaults: false, oneofs: true, arrays: false });
  } catch (err) {
    throw new Error(`not a Sparkplug B payload: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return {
    ...(has(o, 'timestamp') ? { timestamp: u64(o.timestamp) } : {}),
    metrics: ((o.metrics as Plain[] | undefined) ?? []).map(decodeMetric),
    ...(has(o, 'seq') ? { seq: u64(o.seq) } : {}),
    ...(has(o, 'uuid') ? { uuid: o.uuid as string } : {}),
    ...(has(o, 'body') ? { body: bytesOf(o.body) } : {}),
  };
}

// ---- encode ----

const UINT64_MAX = (1n << 64n) - 1n;

function u64Text(value: bigint | number, field: string): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`${field} must be a safe integer or a bigint, got ${value}`);
  const big = BigInt(value);
  if (big < 0n || big > UINT64_MAX) throw new RangeError(`${field} must be in 0 … 2^64 − 1 (a uint64), got ${big}`);
  return big.toString();
}

function encodeValue(value: SparkplugValue | SparkplugPropertyData, field: string): Plain {
  switch (value.kind) {
    case 'int':
      if (!Number.isInteger(value.value) || value.value < 0 || value.value > 0xffff_ffff) {
        throw new RangeError(`${field}: an int value must be a uint32 (0 … 4294967295; signed types in two's complement), got ${value.value}`);
      }
      return { intValue: value.value };
    case 'long':
      return { longValue: u64Text(value.value, field) };
    case 'float':
      return { floatValue: value.value };
    case 'double':
      return { doubleValue: value.value };
    case 'boolean':
      return { booleanValue: value.value };
    case 'string':
      return { stringValue: value.value };
    case 'bytes':
      return { bytesValue: value.value };
    case 'propertyset':
      return { propertysetValue: encodePropertySet(value.value, field) };
    case 'propertysets':
      return { propertysetsValue: { propertyset: value.value.map((set, i) => encodePropertySet(set, `${field}[${i}]`)) } };
    default:
      throw new TypeError(`${field}: ${value.kind} values are decoded opaquely and cannot be encoded`);
  }
}

function encodePropertySet(set: SparkplugPropertySet, field: string): Plain {
  if (set.keys.length !== set.values.length) throw new RangeError(`${field}: a property set needs as many keys as values`);
  return {
    keys: [...set.keys],
    values: set.values.map((v, i) => ({
      ...(v.type === undefined ? {} : { type: v.type }),
      ...(v.isNull === undefined ? {} : { isNull: v.isNull }),
      ...(v.value === undefined ? {} : encodeValue(v.value, `${field}.values[${i}]`)),
    })),
  };
}

function encodeMetric(m: SparkplugMetricInput, i: number): Plain {
  const at = `metrics[${i}]`;
  return {
    ...(m.name === undefined ? {} : { name: m.name }),
    ...(m.alias === undefined ? {} : { alias: u64Text(m.alias, `${at}.alias`) }),
    ...(m.timestamp === undefined ? {} : { timestamp: u64Text(m.timestamp, `${at}.timestamp`) }),
    ...(m.datatype === undefined ? {} : { datatype: m.datatype }),
    ...(m.isHistorical === undefined ? {} : { isHistorical: m.isHistorical }),
    ...(m.isTransient === undefined ? {} : { isTransient: m.isTransient }),
    ...(m.isNull === undefined ? {} : { isNull: m.isNull }),
    ...(m.properties === undefined ? {} : { properties: encodePropertySet(m.properties, `${at}.properties`) }),
    ...(m.value === undefined ? {} : encodeValue(m.value, `${at}.value`)),
  };
}

/**
 * Encodes a Sparkplug B payload (for edge nodes, simulators, tests and the host's own NCMD).
 * Throws a RangeError or TypeError naming the field when a value does not fit its wire type
 * (an `int` outside uint32, a `long` outside uint64, an opaque DataSet/Template value).
 */
export function encodeSparkplugPayload(payload: SparkplugPayloadInput): Uint8Array {
  const plain: Plain = {
    ...(payload.timestamp === undefined ? {} : { timestamp: u64Text(payload.timestamp, 'timestamp') }),
    metrics: (payload.metrics ?? []).map(encodeMetric),
    ...(payload.seq === undefined ? {} : { seq: u64Text(payload.seq, 'seq') }),
    ...(payload.uuid === undefined ? {} : { uuid: payload.uuid }),
    ...(payload.body === undefined ? {} : { body: payload.body }),
  };
  const message = SparkplugPayloadType.fromObject(plain);
  return SparkplugPayloadType.encode(message).finish();
}
