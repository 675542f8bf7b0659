/**
 * The Sparkplug B data types (`DataType` enum of the Sparkplug 3.0 payload schema, §6.4.16):
 * the codes a metric's `datatype`, a property value's `type` and a DataSet column's type carry.
 */
export const SPARKPLUG_DATA_TYPES = {
  Unknown: 0,
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
  UUID: 15,
  DataSet: 16,
  Bytes: 17,
  File: 18,
  Template: 19,
  PropertySet: 20,
  PropertySetList: 21,
  Int8Array: 22,
  Int16Array: 23,
  Int32Array: 24,
  Int64Array: 25,
  UInt8Array: 26,
  UInt16Array: 27,
  UInt32Array: 28,
  UInt64Array: 29,
  FloatArray: 30,
  DoubleArray: 31,
  BooleanArray: 32,
  StringArray: 33,
  DateTimeArray: 34,
} as const;

/** Name of a Sparkplug B data type, e.g. `UInt64` (see {@link SPARKPLUG_DATA_TYPES}). */
export type SparkplugDataTypeName = keyof typeof SPARKPLUG_DATA_TYPES;

const NAMES = new Map<number, SparkplugDataTypeName>(
  (Object.entries(SPARKPLUG_DATA_TYPES) as [SparkplugDataTypeName, number][]).map(([name, code]) => [code, name]),
);

/** The name of a data type code, or undefined for a code the 3.0 specification does not define. */
export function sparkplugDataTypeName(code: number): SparkplugDataTypeName | undefined {
  return NAMES.get(code);
}
