import type { EnqueueMeta, OutboxSharingLevel } from '@rongtong/agent';
import { concat, lastVarint, lenField, readFields, timestamp, timestampMillis, varintField } from './wire.js';

/** Numbers of `rongtong.v1.SharingLevel` values. */
export const SHARING_LEVEL_NUMBERS: Readonly<Record<OutboxSharingLevel, number>> = {
  SHARING_LEVEL_RAW: 1,
  SHARING_LEVEL_KPI: 2,
  SHARING_LEVEL_CAPACITY: 3,
};

/** Number of `rongtong.v1.GapReason.GAP_REASON_OUTBOX_QUOTA`. */
export const GAP_REASON_OUTBOX_QUOTA = 1;

/** Start of the source times of the fixture records: 2025-01-06T08:00:00Z. */
export const SOURCE_T0 = Date.UTC(2025, 0, 6, 8);

/** One record to enqueue: an encoded RAW `BatchPayload` and its meta. */
export interface TestRecord {
  readonly payload: Uint8Array;
  readonly meta: EnqueueMeta;
}

/** Options of `testRecord`. */
export interface TestRecordOptions {
  /** Signals with samples in the record (default one: `sig-<n % 3>`). */
  readonly signals?: readonly string[];
  /** Samples per signal (default 2), 100 ms apart. */
  readonly samplesPerSignal?: number;
  /** Source time of the first sample (default SOURCE_T0 + n minutes). */
  readonly firstTime?: number;
  /**
   * Level of the payload (default RAW). Below RAW the payload carries no samples (a stand-in
   * for KPI or capacity content): 0 samples, no signal ids.
   */
  readonly sharingLevel?: OutboxSharingLevel;
}

/**
 * Record `n`: a `BatchPayload` (`create_time` = first source time + 1 s, then each
 * signal's samples in time order, 100 ms apart, each with its signal id and source time)
 * and the matching meta. Different `n` give different bytes.
 */
export function testRecord(n: number, options: TestRecordOptions = {}): TestRecord {
  const level = options.sharingLevel ?? 'SHARING_LEVEL_RAW';
  const signals = level === 'SHARING_LEVEL_RAW' ? (options.signals ?? [`sig-${n % 3}`]) : [];
  const perSignal = options.samplesPerSignal ?? 2;
  const firstTime = options.firstTime ?? SOURCE_T0 + n * 60_000;
  const samples = signals.flatMap((signalId) =>
    Array.from({ length: perSignal }, (_, i) => lenField(4, concat(lenField(1, signalId), lenField(2, timestamp(firstTime + i * 100))))),
  );
  const payload = concat(varintField(1, SHARING_LEVEL_NUMBERS[level]), lenField(2, timestamp(firstTime + 1000)), ...samples);
  return {
    payload,
    meta: {
      samples: signals.length * perSignal,
      firstTime,
      lastTime: firstTime + Math.max(0, perSignal - 1) * 100,
      signalIds: [...new Set(signals)].sort(),
    },
  };
}

/** A gap record as read from the wire. */
export interface GapView {
  readonly startTime: number;
  readonly endTime: number;
  readonly reason: number;
  readonly samplesDropped: bigint;
  readonly batchesDropped: bigint;
  readonly bytesDropped: bigint;
  readonly signalIds: readonly string[];
}

/** What the contract checks of a sealed payload. */
export interface PayloadView {
  /** The field numbers present, sorted, without duplicates. */
  readonly fieldNumbers: readonly number[];
  readonly sharingLevel: number;
  /** `create_time` in ms; 0 when unset. */
  readonly createTime: number;
  readonly historical: boolean;
  /** Every field occurrence but `historical`, as on the wire, in order. */
  readonly otherFields: readonly Uint8Array[];
  readonly gaps: readonly GapView[];
}

/** Reads the checked fields of an encoded `BatchPayload`. */
export function viewPayload(payload: Uint8Array): PayloadView {
  const fields = readFields(payload);
  const text = new TextDecoder();
  const gaps = fields
    .filter((f) => f.field === 9)
    .map((f): GapView => {
      const g = readFields(f.bytes);
      const time = (field: number) => timestampMillis(g.find((x) => x.field === field)?.bytes ?? new Uint8Array(0));
      return {
        startTime: time(1),
        endTime: time(2),
        reason: Number(lastVarint(g, 3)),
        samplesDropped: lastVarint(g, 4),
        batchesDropped: lastVarint(g, 5),
        bytesDropped: lastVarint(g, 6),
        signalIds: g.filter((x) => x.field === 7).map((x) => text.decode(x.bytes)),
      };
    });
  const createTime = fields.find((f) => f.field === 2);
  return {
    fieldNumbers: [...new Set(fields.map((f) => f.field))].sort((x, y) => x - y),
    sharingLevel: Number(lastVarint(fields, 1)),
    createTime: createTime ? timestampMillis(createTime.bytes) : 0,
    historical: lastVarint(fields, 3) !== 0n,
    otherFields: fields.filter((f) => f.field !== 3).map((f) => f.raw),
    gaps,
  };
}
