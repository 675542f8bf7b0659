import type { DataQuality, Sample, SampleValue } from '@rongtong/core';
import { toMillis, type Quality__Output, type Sample__Output, type Value__Output } from '@rongtong/protocol';

/** The core value of a `rongtong.v1.Value`, keeping its type (64-bit integers as bigint); undefined when no kind is set. */
function valueOf(value: Value__Output | null | undefined): SampleValue | undefined {
  switch (value?.kind) {
    case 'doubleValue':
      return value.doubleValue;
    case 'intValue':
      return value.intValue === undefined ? undefined : BigInt(value.intValue);
    case 'uintValue':
      return value.uintValue === undefined ? undefined : BigInt(value.uintValue);
    case 'boolValue':
      return value.boolValue;
    case 'stringValue':
      return value.stringValue;
    case 'bytesValue':
      return value.bytesValue === undefined ? undefined : new Uint8Array(value.bytesValue);
    default:
      return undefined;
  }
}

/** A `rongtong.v1.Quality` as a core quality; UNSPECIFIED counts as uncertain (as the contract says). */
function qualityOf(quality: Quality__Output): DataQuality {
  if (quality === 'QUALITY_GOOD') return 'good';
  if (quality === 'QUALITY_BAD') return 'bad';
  return 'uncertain';
}

/**
 * A raw batch's sample as the core derivation reads it (the inverse of the agent's raw
 * encoding): source time in ms, the typed value, quality and source status.
 */
export function sampleFromProto(sample: Sample__Output): Sample {
  const value = valueOf(sample.value);
  return {
    signalId: sample.signalId,
    sourceTime: toMillis(sample.sourceTime),
    value,
    quality: qualityOf(sample.quality),
    ...(sample.sourceStatus === undefined ? {} : { sourceStatus: sample.sourceStatus }),
  };
}
