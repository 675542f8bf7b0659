import { describe, expect, it } from 'vitest';
import { SOURCE_T0, testRecord, viewPayload } from './fixtures.js';
import { concat, lastVarint, lenField, readFields, timestamp, timestampMillis, varint, varintField } from './wire.js';

describe('outbox wire helpers', () => {
  it('writes varints as protobuf does', () => {
    expect(Array.from(varint(0))).toEqual([0]);
    expect(Array.from(varint(1))).toEqual([1]);
    expect(Array.from(varint(300))).toEqual([0xac, 0x02]);
    expect(Array.from(varint(2n ** 64n - 1n))).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(varintField(3, 0)).toEqual(new Uint8Array(0));
  });

  it('reads back the fields it writes, the last scalar occurrence winning', () => {
    // The SignedBatch test vector's payload: sharing_level = RAW is 08 01.
    expect(readFields(Uint8Array.of(0x08, 0x01)).map((f) => [f.field, f.wireType, f.varint])).toEqual([[1, 0, 1n]]);
    const bytes = concat(varintField(1, 2), lenField(7, 'abc'), varintField(3, 0), Uint8Array.of(0x18, 0x00, 0x18, 0x01));
    const fields = readFields(bytes);
    expect(fields.map((f) => f.field)).toEqual([1, 7, 3, 3]);
    expect(new TextDecoder().decode(fields[1]!.bytes)).toBe('abc');
    expect(lastVarint(fields, 3)).toBe(1n);
    expect(concat(...fields.map((f) => f.raw))).toEqual(bytes);
    expect(() => readFields(Uint8Array.of(0x0a, 0x05, 0x01))).toThrow(RangeError);
  });

  it('round-trips timestamps to the millisecond', () => {
    expect(timestampMillis(timestamp(SOURCE_T0 + 123))).toBe(SOURCE_T0 + 123);
    expect(timestampMillis(timestamp(0))).toBe(0);
  });

  it('makes records whose payload says what their meta says', () => {
    const r = testRecord(4, { signals: ['b', 'a', 'b'], samplesPerSignal: 3 });
    expect(r.meta).toEqual({ samples: 9, firstTime: SOURCE_T0 + 240_000, lastTime: SOURCE_T0 + 240_200, signalIds: ['a', 'b'] });
    const view = viewPayload(r.payload);
    expect([view.fieldNumbers, view.sharingLevel, view.createTime, view.historical, view.gaps]).toEqual([[1, 2, 4], 1, SOURCE_T0 + 241_000, false, []]);
    expect(readFields(r.payload).filter((f) => f.field === 4)).toHaveLength(9);
    expect(viewPayload(testRecord(1, { sharingLevel: 'SHARING_LEVEL_KPI' }).payload).fieldNumbers).toEqual([1, 2]);
  });
});
