import { enumToProto } from '@rongtong/core';
import { batchPayloadCodec, timestampFromMillis } from '@rongtong/protocol';
import type { EnqueueMeta } from '../outbox/outbox.js';
import type { DerivedInterval } from './state-derivation.js';
import { qualityToProto } from './value-encoding.js';

/** A period's production, ready to encode. */
export interface DerivedCount {
  readonly equipmentId: string;
  readonly start: number;
  readonly end: number;
  readonly produced: number;
  readonly good: number;
  readonly scrap: number;
  readonly rework: number;
  readonly unit: string;
  readonly resets: number;
  readonly wraps: number;
  readonly quality: 'good' | 'uncertain' | 'bad';
}

/** What one batch of samples derived at KPI level: ended intervals and counting periods. */
export interface KpiDerivation {
  readonly intervals: readonly DerivedInterval[];
  readonly counts: readonly DerivedCount[];
  /** Signals whose samples went into the derivation. */
  readonly signalIds: readonly string[];
}

/** An encoded payload with what its outbox needs to know about it. */
export interface EncodedPayload {
  readonly payload: Uint8Array;
  readonly meta: EnqueueMeta;
}

/**
 * The encoded `BatchPayload` of a KPI uplink (`sharing_level = KPI`): state intervals and
 * production counts only — there is no way to put a sample in it. `meta.samples` is 0 (it
 * carries none); its time range spans the intervals and periods. Undefined when `derivation`
 * holds nothing. Pure.
 */
export function encodeKpiPayload(derivation: KpiDerivation, createTime: number): EncodedPayload | undefined {
  const { intervals, counts } = derivation;
  if (intervals.length === 0 && counts.length === 0) return undefined;
  const payload = batchPayloadCodec.encode({
    sharingLevel: 'SHARING_LEVEL_KPI',
    createTime: timestampFromMillis(createTime),
    stateIntervals: intervals.map((i) => ({
      equipmentId: i.equipmentId,
      startTime: timestampFromMillis(i.start),
      endTime: timestampFromMillis(i.end),
      rawState: i.rawState,
      bucket: enumToProto('TIME_BUCKET', i.bucket),
      quality: qualityToProto(i.quality),
    })),
    productionCounts: counts.map((c) => ({
      equipmentId: c.equipmentId,
      startTime: timestampFromMillis(c.start),
      endTime: timestampFromMillis(c.end),
      producedQuantity: c.produced,
      goodQuantity: c.good,
      scrapQuantity: c.scrap,
      reworkQuantity: c.rework,
      unit: c.unit,
      resetsDetected: c.resets,
      wrapsDetected: c.wraps,
      quality: qualityToProto(c.quality),
    })),
  });
  const ranges = [...intervals, ...counts];
  const firstTime = Math.floor(ranges.reduce((min, r) => Math.min(min, r.start), Infinity));
  const lastTime = Math.ceil(ranges.reduce((max, r) => Math.max(max, r.end), -Infinity));
  return { payload, meta: { samples: 0, firstTime, lastTime, signalIds: [...derivation.signalIds] } };
}
