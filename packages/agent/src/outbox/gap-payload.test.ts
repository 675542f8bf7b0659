import { batchPayloadCodec, toMillis } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { encodeGapPayload } from './gap-payload.js';
import { addLoss } from './gap-summary.js';
import type { PendingHeader } from './pending-table.js';

const T = Date.UTC(2025, 0, 6, 8);

function header(id: number, fields: Partial<PendingHeader>): PendingHeader {
  return { id: BigInt(id), enqueueTime: T, bytes: 100, samples: 10, firstTime: T, lastTime: T + 999, signalIds: ['s1'], ...fields };
}

describe('gap summary and gap payload', () => {
  it('sums exact counts, unions the time range (exclusive end) and the signals, sorted', () => {
    const once = addLoss(undefined, [
      header(1, { samples: 3, bytes: 120, firstTime: T + 5000, lastTime: T + 6000, signalIds: ['s2', 's1'] }),
      header(2, { samples: 4, bytes: 80, firstTime: T, lastTime: T + 2000, signalIds: ['s3'] }),
    ]);
    expect(once).toEqual({ samples: 7, batches: 2, bytes: 200, startTime: T, endTime: T + 6001, allSignals: false, signalIds: ['s1', 's2', 's3'] });
    const twice = addLoss(once, [header(3, { samples: 1, bytes: 5, firstTime: T + 9000, lastTime: T + 9000, signalIds: ['s1', 's0'] })]);
    expect(twice).toEqual({ samples: 8, batches: 3, bytes: 205, startTime: T, endTime: T + 9001, allSignals: false, signalIds: ['s0', 's1', 's2', 's3'] });
  });

  it('names no signals once a record without signal ids was lost (all signals)', () => {
    const summary = addLoss(addLoss(undefined, [header(1, { signalIds: [] })]), [header(2, { signalIds: ['s9'] })]);
    expect([summary.allSignals, summary.signalIds]).toEqual([true, []]);
  });

  it('encodes one GAP_REASON_OUTBOX_QUOTA record at the outbox sharing level, created at now', () => {
    const summary = { samples: 12_345, batches: 7, bytes: 987_654, startTime: T, endTime: T + 3_600_001, allSignals: false, signalIds: ['a', 'b'] };
    const decoded = batchPayloadCodec.decode(encodeGapPayload(summary, 'SHARING_LEVEL_KPI', T + 7_200_000));
    expect(decoded.sharingLevel).toBe('SHARING_LEVEL_KPI');
    expect(toMillis(decoded.createTime)).toBe(T + 7_200_000);
    expect([decoded.historical, decoded.samples, decoded.stateIntervals, decoded.kpis]).toEqual([false, [], [], []]);
    expect(decoded.gaps).toHaveLength(1);
    const gap = decoded.gaps[0]!;
    expect({ ...gap, startTime: toMillis(gap.startTime), endTime: toMillis(gap.endTime) }).toEqual({
      startTime: T,
      endTime: T + 3_600_001,
      reason: 'GAP_REASON_OUTBOX_QUOTA',
      samplesDropped: '12345',
      batchesDropped: '7',
      bytesDropped: '987654',
      signalIds: ['a', 'b'],
      equipmentIds: [],
      detail: 'outbox quota reached: discarded the 7 oldest unsent batch(es) (12345 samples, 987654 bytes)',
    });
  });
});
