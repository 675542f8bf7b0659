import type { SampleValue } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { SparkplugPayloadType } from './sparkplug-b-proto.js';
import { SPARKPLUG_DATA_TYPES, type SparkplugDataTypeName } from './sparkplug-data-type.js';
import { type SparkplugPayload, decodeSparkplugPayload, encodeSparkplugPayload } from './sparkplug-payload.js';
import { SPARKPLUG_SAMPLE_TYPES, sparkplugSampleValue, sparkplugValueOf } from './sparkplug-value.js';

const T = 1_735_689_600_000n; // 2025-01-01T00:00:00Z
const U64_MAX = (1n << 64n) - 1n;

/** Every object in a decoded value, to prove no protobufjs Long (or other class instance) leaks. */
function classesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (value !== null && typeof value === 'object') {
    const name = value.constructor?.name ?? 'null-prototype';
    if (name !== 'Object' && name !== 'Array') found.add(name);
    for (const v of Object.values(value)) classesIn(v, found);
  }
  return found;
}

/** One scalar of each type, with an edge value, through encode → decode → sample value. */
const SCALARS: [SparkplugDataTypeName, SampleValue][] = [
  ['Int8', -128n],
  ['Int8', 127n],
  ['Int16', -32768n],
  ['Int16', 32767n],
  ['Int32', -2147483648n],
  ['Int32', 2147483647n],
  ['Int64', -9223372036854775808n],
  ['Int64', 9223372036854775807n],
  ['UInt8', 255n],
  ['UInt16', 65535n],
  ['UInt32', 4294967295n],
  ['UInt64', 9007199254740993n], // 2^53 + 1: not a double
  ['UInt64', U64_MAX],
  ['Float', 21.5],
  ['Float', Math.fround(0.1)],
  ['Double', 0.1],
  ['Double', -1e308],
  ['Boolean', true],
  ['Boolean', false],
  ['String', 'Executing 执行中'],
  ['Text', 'line 1\nline 2'],
  ['UUID', '0b0b7a4c-3f4e-4b9e-9d55-6c0d5d3f8a11'],
  ['DateTime', Number(T)],
  ['Bytes', new Uint8Array([0, 1, 254, 255])],
];

describe('Sparkplug B payload codec', () => {
  it.each(SCALARS)('round-trips %s %s through the wire and into a sample value', (name, value) => {
    const datatype = SPARKPLUG_DATA_TYPES[name];
    const bytes = encodeSparkplugPayload({
      timestamp: T,
      seq: 7,
      metrics: [{ name: `m/${name}`, alias: 3, timestamp: T + 1n, datatype, value: sparkplugValueOf(datatype, value) }],
    });
    const decoded = decodeSparkplugPayload(bytes);
    expect(decoded.timestamp).toBe(T);
    expect(decoded.seq).toBe(7n);
    const metric = decoded.metrics[0]!;
    expect(metric).toMatchObject({ name: `m/${name}`, alias: 3n, timestamp: T + 1n, datatype });
    expect(sparkplugSampleValue(metric.datatype!, metric.value!)).toEqual({ ok: true, value });
    expect(classesIn(decoded)).toEqual(name === 'Bytes' ? new Set(['Uint8Array']) : new Set());
  });

  it('decodes bytes written by hand from the specification (field numbers, UInt64 max, absent fields absent)', () => {
    // Payload { timestamp: 1, metrics: [{ name: "a", alias: 1, datatype: 8 (UInt64), long_value: 2^64-1 }], seq: 0 }
    const bytes = Buffer.from([
      0x08, 0x01, // timestamp = 1
      0x12, 0x12, // metrics (18 bytes)
      0x0a, 0x01, 0x61, // name = "a"
      0x10, 0x01, // alias = 1
      0x20, 0x08, // datatype = 8
      0x58, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, // long_value = 2^64 - 1
      0x18, 0x00, // seq = 0
    ]);
    const decoded = decodeSparkplugPayload(bytes);
    expect(decoded).toEqual({ timestamp: 1n, seq: 0n, metrics: [{ name: 'a', alias: 1n, datatype: 8, value: { kind: 'long', value: U64_MAX } }] });
    expect(sparkplugSampleValue(8, decoded.metrics[0]!.value!)).toEqual({ ok: true, value: U64_MAX });
  });

  it('encodes the same bytes as the specification layout', () => {
    const bytes = encodeSparkplugPayload({ timestamp: 1, seq: 0, metrics: [{ name: 'a', alias: 1, datatype: 8, value: { kind: 'long', value: U64_MAX } }] });
    expect(Buffer.from(bytes).toString('hex')).toBe('08011212' + '0a0161' + '1001' + '2008' + '58ffffffffffffffffff01' + '1800');
  });

  it('reads negative signed integers both sign-extended (Tahu) and in their own width; rejects what does not fit', () => {
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.Int8, { kind: 'int', value: 0xffff_ffff })).toEqual({ ok: true, value: -1n });
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.Int8, { kind: 'int', value: 0xff })).toEqual({ ok: true, value: -1n });
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.Int16, { kind: 'int', value: 0x8000 })).toEqual({ ok: true, value: -32768n });
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.Int16, { kind: 'long', value: U64_MAX })).toEqual({ ok: true, value: -1n });
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.UInt32, { kind: 'long', value: 4294967295n })).toEqual({ ok: true, value: 4294967295n }); // Tahu sends UInt32 as long_value
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.Int8, { kind: 'int', value: 300 })).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.UInt8, { kind: 'int', value: 256 })).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.UInt32, { kind: 'long', value: 1n << 32n })).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(sparkplugValueOf(SPARKPLUG_DATA_TYPES.Int8, -1n)).toEqual({ kind: 'int', value: 0xffff_ffff });
    expect(sparkplugValueOf(SPARKPLUG_DATA_TYPES.Int64, -1n)).toEqual({ kind: 'long', value: U64_MAX });
    expect(() => sparkplugValueOf(SPARKPLUG_DATA_TYPES.UInt8, 256n)).toThrow(RangeError);
  });

  it('says wrong_type for a value in the wrong field and unsupported_type for types without a sample', () => {
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.Boolean, { kind: 'int', value: 1 })).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.String, { kind: 'bytes', value: new Uint8Array() })).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.DateTime, { kind: 'long', value: U64_MAX })).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES.Double, { kind: 'float', value: 1.5 })).toEqual({ ok: true, value: 1.5 });
    for (const [name, target] of Object.entries(SPARKPLUG_SAMPLE_TYPES)) {
      if (target !== 'unsupported') continue;
      expect(sparkplugSampleValue(SPARKPLUG_DATA_TYPES[name as SparkplugDataTypeName], { kind: 'bytes', value: new Uint8Array(4) })).toMatchObject({ ok: false, reason: 'unsupported_type' });
    }
    expect(sparkplugSampleValue(99, { kind: 'int', value: 1 })).toMatchObject({ ok: false, reason: 'unsupported_type' });
  });

  it('decodes DataSet, Template and extension values opaquely, and properties (Quality) with their 64-bit values', () => {
    const message = SparkplugPayloadType.fromObject({
      seq: '1',
      metrics: [
        { name: 'table', datatype: 16, datasetValue: { numOfColumns: '1', columns: ['c'], types: [4], rows: [{ elements: [{ longValue: '18446744073709551615' }] }] } },
        { name: 'udt', datatype: 19, templateValue: { isDefinition: false, templateRef: 'Motor', metrics: [{ name: 'rpm', datatype: 10, doubleValue: 1 }] } },
        { name: 'q', datatype: 10, doubleValue: 2, properties: { keys: ['Quality', 'big'], values: [{ type: 3, intValue: 500 }, { type: 8, longValue: '18446744073709551615' }] } },
        { name: 'nil', datatype: 12, isNull: true },
      ],
    });
    const decoded = decodeSparkplugPayload(SparkplugPayloadType.encode(message).finish());
    expect(decoded.metrics).toEqual([
      { name: 'table', datatype: 16, value: { kind: 'dataset' } },
      { name: 'udt', datatype: 19, value: { kind: 'template', isDefinition: false, templateRef: 'Motor' } },
      {
        name: 'q',
        datatype: 10,
        value: { kind: 'double', value: 2 },
        properties: { keys: ['Quality', 'big'], values: [{ type: 3, value: { kind: 'int', value: 500 } }, { type: 8, value: { kind: 'long', value: U64_MAX } }] },
      },
      { name: 'nil', datatype: 12, isNull: true },
    ]);
    expect(classesIn(decoded)).toEqual(new Set());
  });

  it('throws on bytes that are not a payload, and on values that do not fit their wire type', () => {
    expect(() => decodeSparkplugPayload(Buffer.from([0x12, 0x10, 0x0a]))).toThrow(/not a Sparkplug B payload/);
    expect(() => encodeSparkplugPayload({ metrics: [{ name: 'x', value: { kind: 'int', value: -1 } }] })).toThrow(/metrics\[0\]\.value.*uint32/);
    expect(() => encodeSparkplugPayload({ seq: -1 })).toThrow(/seq/);
    expect(() => encodeSparkplugPayload({ timestamp: 2 ** 60 })).toThrow(/safe integer/);
    expect(() => encodeSparkplugPayload({ metrics: [{ name: 'x', value: { kind: 'dataset' } }] })).toThrow(TypeError);
  });

  it('copies bytes values out of the message buffer', () => {
    const bytes = Buffer.from(encodeSparkplugPayload({ seq: 0, metrics: [{ name: 'b', datatype: 17, value: { kind: 'bytes', value: new Uint8Array([1, 2, 3]) } }] }));
    const decoded: SparkplugPayload = decodeSparkplugPayload(bytes);
    bytes.fill(0);
    expect(decoded.metrics[0]!.value).toEqual({ kind: 'bytes', value: new Uint8Array([1, 2, 3]) });
  });
});
