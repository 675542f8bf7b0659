import { batchPayloadCodec, timestampFromMillis } from '@rongtong/protocol';
import type { GapSummary } from './gap-summary.js';
import type { OutboxSharingLevel } from './outbox.js';

/**
 * The encoded gap-only `BatchPayload` reporting `summary`: one `GapRecord` with reason
 * `GAP_REASON_OUTBOX_QUOTA`, the exact counts, the source time range [start, end) and the
 * signals (none when a discarded record was not signal-specific: all signals), made at
 * `sharingLevel` (gaps are allowed at every level) with `create_time` = `now`.
 */
export function encodeGapPayload(summary: GapSummary, sharingLevel: OutboxSharingLevel, now: number): Uint8Array {
  return batchPayloadCodec.encode({
    sharingLevel,
    createTime: timestampFromMillis(now),
    gaps: [
      {
        startTime: timestampFromMillis(summary.startTime),
        endTime: timestampFromMillis(summary.endTime),
        reason: 'GAP_REASON_OUTBOX_QUOTA',
        samplesDropped: String(summary.samples),
        batchesDropped: String(summary.batches),
        bytesDropped: String(summary.bytes),
        signalIds: [...summary.signalIds],
        detail: `outbox quota reached: discarded the ${summary.batches} oldest unsent batch(es) (${summary.samples} samples, ${summary.bytes} bytes)`,
      },
    ],
  });
}
