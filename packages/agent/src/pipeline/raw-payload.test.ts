import { batchPayloadCodec, toMillis } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { encodeRawPayload } from './raw-payload.js';

describe('encodeRawPayload', () => {
  it('round-trips every value kind, quality and status through batchPayloadCodec, grouped by signal in time order', () => {
    const bytes = encodeRawPayload(
      [
        { signalId: 'a', sourceTime: 2000, value: 1.5, quality: 'good', receiveTime: 2100 },
        { signalId: 'b', sourceTime: 1000, value: 42n, quality: 'uncertain', sourceStatus: 0x40000000 },
        { signalId: 'a', sourceTime: 1000, value: -7n, quality: 'good' },
        { signalId: 'c', sourceTime: 1000, value: 2n ** 64n - 1n, quality: 'good' },
        { signalId: 'c', sourceTime: 1001, value: true, quality: 'good' },
        { signalId: 'c', sourceTime: 1002, value: 'Executing', quality: 'good' },
        { signalId: 'c', sourceTime: 1003, value: new Uint8Array([1, 2]), quality: 'good' },
        { signalId: 'c', sourceTime: 1004, value: undefined, quality: 'bad', sourceStatus: 0x80000000 },
        { signalId: 'c', sourceTime: 1005, value: 2n ** 64n, quality: 'good' },
      ],
      { createTime: 5000 },
    );
    const decoded = batchPayloadCodec.decode(bytes);
    expect(decoded.sharingLevel).toBe('SHARING_LEVEL_RAW');
    expect(decoded.createTime).toEqual({ seconds: '5', nanos: 0 });
    const rows = decoded.samples.map((s) => [s.signalId, toMillis(s.sourceTime), s.value?.kind, s.quality, s.sourceStatus]);
    expect(rows).toEqual([
      ['a', 1000, 'intValue', 'QUALITY_GOOD', undefined],
      ['a', 2000, 'doubleValue', 'QUALITY_GOOD', undefined],
      ['b', 1000, 'intValue', 'QUALITY_UNCERTAIN', 0x40000000],
      ['c', 1000, 'uintValue', 'QUALITY_GOOD', undefined],
      ['c', 1001, 'boolValue', 'QUALITY_GOOD', undefined],
      ['c', 1002, 'stringValue', 'QUALITY_GOOD', undefined],
      ['c', 1003, 'bytesValue', 'QUALITY_GOOD', undefined],
      ['c', 1004, undefined, 'QUALITY_BAD', 0x80000000],
      ['c', 1005, undefined, 'QUALITY_BAD', undefined],
    ]);
    expect(decoded.samples[0]?.value?.intValue).toBe('-7');
    expect(decoded.samples[1]?.value?.doubleValue).toBe(1.5);
    expect(decoded.samples[1]?.serverTime).toEqual({ seconds: '2', nanos: 100_000_000 });
    expect(decoded.samples[0]?.serverTime).toEqual({ seconds: '1', nanos: 0 });
    expect(decoded.samples[2]?.value?.intValue).toBe('42');
    expect(decoded.samples[3]?.value?.uintValue).toBe('18446744073709551615');
    expect(decoded.samples[4]?.value?.boolValue).toBe(true);
    expect(decoded.samples[5]?.value?.stringValue).toBe('Executing');
    expect([...(decoded.samples[6]?.value?.bytesValue ?? [])]).toEqual([1, 2]);
  });
});
