import { DataType, DataValue, LocalizedText, StatusCodes, Variant, VariantArrayType } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { convertDataValue, variantToSampleValue } from './data-value-sample.js';

const scalar = (dataType: DataType, value: unknown) => new Variant({ dataType, arrayType: VariantArrayType.Scalar, value });

describe('variantToSampleValue', () => {
  it('keeps integer types as bigint, 64-bit ones exactly', () => {
    expect(variantToSampleValue(scalar(DataType.Int32, -7))).toEqual({ ok: true, value: -7n });
    expect(variantToSampleValue(scalar(DataType.UInt16, 65535))).toEqual({ ok: true, value: 65535n });
    expect(variantToSampleValue(scalar(DataType.Byte, 3))).toEqual({ ok: true, value: 3n });
    expect(variantToSampleValue(scalar(DataType.UInt64, [0xffffffff, 0xffffffff]))).toEqual({ ok: true, value: 2n ** 64n - 1n });
    expect(variantToSampleValue(scalar(DataType.UInt64, [1, 2]))).toEqual({ ok: true, value: 2n ** 32n + 2n });
    expect(variantToSampleValue(scalar(DataType.Int64, [0xffffffff, 0xfffffffe]))).toEqual({ ok: true, value: -2n });
    expect(variantToSampleValue(scalar(DataType.Int64, [-1, 0xffffffff]))).toEqual({ ok: true, value: -1n });
  });

  it('gives floats as numbers, text as strings, bytes as a copied Uint8Array', () => {
    expect(variantToSampleValue(scalar(DataType.Double, 21.5))).toEqual({ ok: true, value: 21.5 });
    expect(variantToSampleValue(scalar(DataType.Float, 0.5))).toEqual({ ok: true, value: 0.5 });
    expect(variantToSampleValue(scalar(DataType.Boolean, true))).toEqual({ ok: true, value: true });
    expect(variantToSampleValue(scalar(DataType.String, 'Executing'))).toEqual({ ok: true, value: 'Executing' });
    expect(variantToSampleValue(scalar(DataType.LocalizedText, new LocalizedText({ text: 'Running', locale: 'en' })))).toEqual({ ok: true, value: 'Running' });
    const bytes = Buffer.from([1, 2, 3]);
    const result = variantToSampleValue(scalar(DataType.ByteString, bytes));
    expect(result).toEqual({ ok: true, value: new Uint8Array([1, 2, 3]) });
    if (result.ok) expect(result.value).not.toBe(bytes);
  });

  it('says why a value is not converted', () => {
    expect(variantToSampleValue(new Variant({ dataType: DataType.Double, arrayType: VariantArrayType.Array, value: [1, 2] }))).toMatchObject({ ok: false, reason: 'array' });
    expect(variantToSampleValue(scalar(DataType.DateTime, new Date()))).toMatchObject({ ok: false, reason: 'unsupported_type', detail: 'DateTime values are not converted' });
    expect(variantToSampleValue(new Variant({ dataType: DataType.Null }))).toMatchObject({ ok: false, reason: 'no_value' });
    expect(variantToSampleValue(scalar(DataType.String, null))).toMatchObject({ ok: false, reason: 'no_value' });
  });
});

describe('convertDataValue', () => {
  const t = Date.parse('2025-03-01T08:00:00.000Z');

  it('takes the source timestamp, else the server timestamp, else the receive time', () => {
    const dv = (source?: number, server?: number) =>
      new DataValue({ value: scalar(DataType.Double, 1), sourceTimestamp: source === undefined ? null : new Date(source), serverTimestamp: server === undefined ? null : new Date(server) });
    expect(convertDataValue(dv(t, t + 5), 99)).toMatchObject({ ok: true, sourceTime: t, serverTime: t + 5 });
    expect(convertDataValue(dv(undefined, t + 5), 99)).toMatchObject({ ok: true, sourceTime: t + 5 });
    expect(convertDataValue(dv(), 99)).toMatchObject({ ok: true, sourceTime: 99, serverTime: undefined });
  });

  it('maps the StatusCode to quality and keeps it raw; bad values have no value', () => {
    const good = convertDataValue(new DataValue({ value: scalar(DataType.Int32, 4), sourceTimestamp: new Date(t) }), 0);
    expect(good).toEqual({ ok: true, value: 4n, quality: 'good', sourceStatus: 0, sourceTime: t, serverTime: undefined });
    const uncertain = convertDataValue(new DataValue({ value: scalar(DataType.Double, 2), statusCode: StatusCodes.UncertainLastUsableValue }), 7);
    expect(uncertain).toMatchObject({ ok: true, value: 2, quality: 'uncertain', sourceStatus: StatusCodes.UncertainLastUsableValue.value });
    const bad = convertDataValue(new DataValue({ value: scalar(DataType.Double, 2), statusCode: StatusCodes.BadSensorFailure }), 7);
    expect(bad).toMatchObject({ ok: true, value: undefined, quality: 'bad', sourceStatus: StatusCodes.BadSensorFailure.value });
    expect(convertDataValue(new DataValue({ statusCode: StatusCodes.UncertainInitialValue }), 7)).toMatchObject({ ok: false, reason: 'no_value' });
  });
});
