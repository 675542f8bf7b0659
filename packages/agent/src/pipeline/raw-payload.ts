import { batchPayloadCodec, timestampFromMillis, type Sample as ProtoSample } from '@rongtong/protocol';
import type { PipelineSample } from './pipeline-sample.js';
import { encodeValue, qualityToProto } from './value-encoding.js';

/** Options of {@link encodeRawPayload}. */
export interface RawPayloadOptions {
  /** The payload's `create_time`, ms since the Unix epoch (agent clock). */
  readonly createTime: number;
}

/** Samples grouped by signal (signals in order of first appearance), each group in source-time order. */
export function groupBySignal(samples: readonly PipelineSample[]): PipelineSample[] {
  const groups = new Map<string, PipelineSample[]>();
  for (const sample of samples) {
    const group = groups.get(sample.signalId);
    if (group) group.push(sample);
    else groups.set(sample.signalId, [sample]);
  }
  // Array.prototype.sort is stable: equal times keep their arrival order.
  return [...groups.values()].flatMap((group) => group.sort((a, b) => a.sourceTime - b.sourceTime));
}

function toProtoSample(sample: PipelineSample): ProtoSample {
  const value = encodeValue(sample.value);
  return {
    signalId: sample.signalId,
    sourceTime: timestampFromMillis(sample.sourceTime),
    serverTime: timestampFromMillis(sample.receiveTime ?? sample.sourceTime),
    ...(value === undefined ? {} : { value }),
    // A value no Value kind can carry is sent as "no value", which must be BAD.
    quality: value === undefined && sample.value !== undefined ? 'QUALITY_BAD' : qualityToProto(sample.quality),
    ...(sample.sourceStatus === undefined ? {} : { sourceStatus: sample.sourceStatus }),
  };
}

/**
 * The encoded `BatchPayload` of a raw uplink (`sharing_level = RAW`): every sample once,
 * grouped by signal, each signal's samples in source-time order. Pure.
 */
export function encodeRawPayload(samples: readonly PipelineSample[], options: RawPayloadOptions): Uint8Array {
  return batchPayloadCodec.encode({
    sharingLevel: 'SHARING_LEVEL_RAW',
    createTime: timestampFromMillis(options.createTime),
    samples: groupBySignal(samples).map(toProtoSample),
  });
}
