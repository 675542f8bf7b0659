import { batchPayloadCodec, timestampFromMillis, type BatchPayload } from '@rongtong/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HISTORICAL_TRUE_FIELD, markHistorical } from './historical-flag.js';

const T = Date.UTC(2025, 0, 6, 8);

/** A payload with a field of every kind before and after field 3 on the wire. */
const rich: BatchPayload = {
  sharingLevel: 'SHARING_LEVEL_RAW',
  createTime: timestampFromMillis(T + 1500),
  samples: [
    { signalId: 'press-1/state', sourceTime: timestampFromMillis(T), value: { stringValue: 'EXECUTE' }, quality: 'QUALITY_GOOD' },
    { signalId: 'press-1/count', sourceTime: timestampFromMillis(T + 100), value: { uintValue: '18446744073709551615' }, quality: 'QUALITY_GOOD' },
    { signalId: 'press-1/temp', sourceTime: timestampFromMillis(T + 200), value: { doubleValue: -12.5 }, quality: 'QUALITY_UNCERTAIN' },
  ],
  stateIntervals: [
    { equipmentId: 'press-1', startTime: timestampFromMillis(T), endTime: timestampFromMillis(T + 60_000), rawState: 'EXECUTE', bucket: 'TIME_BUCKET_APT' },
  ],
  gaps: [{ startTime: timestampFromMillis(T), endTime: timestampFromMillis(T + 1), reason: 'GAP_REASON_SOURCE_DISCONNECTED', signalIds: ['a'] }],
};

describe('markHistorical', () => {
  it('appends field 3 = true (0x18 0x01) and nothing else', () => {
    const payload = batchPayloadCodec.encode(rich);
    const marked = markHistorical(payload);
    expect(Array.from(HISTORICAL_TRUE_FIELD)).toEqual([0x18, 0x01]);
    expect(Array.from(marked)).toEqual([...Array.from(payload), 0x18, 0x01]);
    expect(Array.from(payload)).toEqual(Array.from(batchPayloadCodec.encode(rich)));
  });

  it('decodes as historical with every other field unchanged', () => {
    const payload = batchPayloadCodec.encode(rich);
    const before = batchPayloadCodec.decode(payload);
    const after = batchPayloadCodec.decode(markHistorical(payload));
    expect(before.historical).toBe(false);
    expect(after.historical).toBe(true);
    expect({ ...after, historical: false }).toEqual(before);
    expect(after.samples[1]?.value?.uintValue).toBe('18446744073709551615');
  });

  it('is idempotent in meaning: a payload already historical stays historical', () => {
    const payload = batchPayloadCodec.encode({ ...rich, historical: true });
    expect(batchPayloadCodec.decode(markHistorical(markHistorical(payload)))).toEqual(batchPayloadCodec.decode(payload));
  });

  it('for any payload: decoded historical, the rest as before (property)', () => {
    const sample = fc.record({
      signalId: fc.string({ minLength: 1, maxLength: 12 }),
      sourceTime: fc.integer({ min: 0, max: 4_102_444_800_000 }).map(timestampFromMillis),
      value: fc.oneof(
        fc.double({ noNaN: true }).map((v) => ({ doubleValue: v })),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((v) => ({ intValue: v.toString() })),
        fc.boolean().map((v) => ({ boolValue: v })),
        fc.string().map((v) => ({ stringValue: v })),
      ),
    });
    const payloadArb = fc.record({
      sharingLevel: fc.constantFrom('SHARING_LEVEL_RAW', 'SHARING_LEVEL_KPI', 'SHARING_LEVEL_CAPACITY'),
      createTime: fc.integer({ min: 0, max: 4_102_444_800_000 }).map(timestampFromMillis),
      historical: fc.boolean(),
      samples: fc.array(sample, { maxLength: 6 }),
    });
    fc.assert(
      fc.property(payloadArb, (message) => {
        const payload = batchPayloadCodec.encode(message);
        const after = batchPayloadCodec.decode(markHistorical(payload));
        expect(after.historical).toBe(true);
        expect({ ...after, historical: false }).toEqual({ ...batchPayloadCodec.decode(payload), historical: false });
      }),
      { numRuns: 200 },
    );
  });
});
