import type { Store } from '@rongtong/platform';
import { batchPayloadCodec, toMillis, type BatchPayload__Output, type Value__Output } from '@rongtong/protocol';
import type { SampleValue } from '../../src/sources/sample.js';

/** A batch the platform store committed, with its payload decoded. */
export interface StoredBatch {
  readonly seq: bigint;
  /** The store's sharing level of the batch (`raw`, `kpi`, `capacity`). */
  readonly sharingLevel: string;
  /** The payload's `historical` flag. */
  readonly historical: boolean;
  /** When the platform committed it (platform clock, ms). */
  readonly commitTime: number;
  readonly payload: BatchPayload__Output;
}

/** One raw sample of a stored batch, with its source time in ms and its value decoded. */
export interface StoredSample {
  readonly seq: bigint;
  readonly historical: boolean;
  readonly signalId: string;
  readonly sourceTime: number;
  readonly value: SampleValue | undefined;
}

/** Every batch the store holds for an agent from `fromSeq` on, in seq order, payloads decoded. */
export async function storedBatches(store: Store, tenantId: string, agentId: string, fromSeq = 1n): Promise<StoredBatch[]> {
  const records = await store.getBatches(tenantId, agentId, fromSeq, 1_000_000_000n);
  return records.map((r) => {
    const payload = batchPayloadCodec.decode(r.payload);
    return { seq: r.seq, sharingLevel: r.sharingLevel, historical: payload.historical, commitTime: r.commitTime, payload };
  });
}

/** The agent-side value of a decoded `rongtong.v1.Value` (int64 as bigint), undefined for none. */
export function valueOf(value: Value__Output | null | undefined): SampleValue | undefined {
  switch (value?.kind) {
    case 'doubleValue':
      return value.doubleValue;
    case 'intValue':
      return BigInt(value.intValue!);
    case 'uintValue':
      return BigInt(value.uintValue!);
    case 'boolValue':
      return value.boolValue;
    case 'stringValue':
      return value.stringValue;
    case 'bytesValue':
      return new Uint8Array(value.bytesValue!);
    default:
      return undefined;
  }
}

/** The raw samples of `batches`, in seq order and payload order. */
export function samplesOf(batches: readonly StoredBatch[]): StoredSample[] {
  return batches.flatMap((b) =>
    b.payload.samples.map((s) => ({ seq: b.seq, historical: b.historical, signalId: s.signalId, sourceTime: toMillis(s.sourceTime), value: valueOf(s.value) })),
  );
}

/** Samples per signal id, each list sorted by source time (stable: equal times keep seq order). */
export function samplesBySignal(samples: readonly StoredSample[]): Map<string, StoredSample[]> {
  const by = new Map<string, StoredSample[]>();
  for (const s of samples) {
    const list = by.get(s.signalId);
    if (list) list.push(s);
    else by.set(s.signalId, [s]);
  }
  for (const list of by.values()) list.sort((a, b) => a.sourceTime - b.sourceTime);
  return by;
}

/** `signalId@sourceTime` of every sample stored more than once (empty when none is). */
export function duplicateSamples(samples: readonly StoredSample[]): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const s of samples) {
    const key = `${s.signalId}@${s.sourceTime}`;
    if (seen.has(key)) duplicates.push(key);
    seen.add(key);
  }
  return duplicates;
}
