import { createHash } from 'node:crypto';
import type { DeriveSignal, Sample, Signal } from '@rongtong/core';
import { batchPayloadCodec, timestampFromMillis, type BatchPayload__Output, type Sample as ProtoSample, type Value } from '@rongtong/protocol';
import type { EquipmentFact } from '../../store/capacity-records.js';
import type { RawFactInput } from '../raw-facts.js';

/** 2026-01-01 10:00 UTC. */
export const T = Date.UTC(2026, 0, 1, 10, 0, 0);
export const MIN = 60_000;

const source = { kind: 'custom', sourceType: 'test', attributes: {} } as const;

/** The declared signals of the tests: m1 (state, mode, wrapping produced counter, good counter), m2 (state, cycle counter). */
export const SIGNALS: Record<'m1' | 'm2', Signal[]> = {
  m1: [
    { id: 'm1/state', source, semantic: 'machine_state', unit: '', stateMappings: [{ rawState: 'Blip' }] },
    { id: 'm1/mode', source, semantic: 'operation_mode', unit: '', stateMappings: [{ rawState: 'Maintenance', bucket: 'pdot' }] },
    { id: 'm1/count', source, semantic: 'produced_count', unit: '', counter: { monotonic: true, wrapsAt: 65536 }, stateMappings: [] },
    { id: 'm1/good', source, semantic: 'good_count', unit: '', counter: { monotonic: true, resetsOnJob: true }, stateMappings: [] },
  ],
  m2: [
    { id: 'm2/state', source, semantic: 'machine_state', unit: '', stateMappings: [] },
    { id: 'm2/cycles', source, semantic: 'cycle_count', unit: '', counter: { monotonic: false }, stateMappings: [], partsPerCycle: 2 },
  ],
};

/** The same signals as an agent's `signals[]` entries see them (what its KPI deriver is built from). */
export const AGENT_SIGNALS: DeriveSignal[] = Object.entries(SIGNALS).flatMap(([equipment, signals]) =>
  signals.map((s) => ({ ...s, equipment })),
);

/** A sample at `T + minutes`. */
export function sample(signalId: string, minutes: number, value: Sample['value'], quality: Sample['quality'] = 'good'): Sample {
  return { signalId, sourceTime: T + Math.round(minutes * MIN), value, quality };
}

/** A deterministic, time-ordered stream over about `hours` hours: state and mode changes, counters with a wrap, resets and a correction. */
export function sampleStream(hours: number, seed = 7): Sample[] {
  let x = seed;
  const next = (n: number): number => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x % n;
  };
  const states = ['Executing', 'NotExecuting', 'OutOfService', 'Blip', 'Executing'];
  const modes = ['Processing', 'Setup', 'Maintenance', 'Processing'];
  const out: Sample[] = [];
  let count = 65_480;
  let good = 0;
  let cycles = 500;
  for (let minute = 1; minute < hours * 60; minute += 1 + next(6)) {
    if (next(3) === 0) out.push(next(9) === 0 ? sample('m1/state', minute, undefined, 'bad') : sample('m1/state', minute, states[next(states.length)]));
    if (next(7) === 0) out.push(sample('m1/mode', minute + 0.1, modes[next(modes.length)]));
    count = (count + next(6)) % 65_536;
    if (minute > 150 && minute < 158) count = 1; // a controller restart: reset
    out.push(sample('m1/count', minute + 0.2, BigInt(count), next(11) === 0 ? 'uncertain' : 'good'));
    good = next(25) === 0 ? 0 : good + next(4);
    out.push(sample('m1/good', minute + 0.3, BigInt(good)));
    if (next(4) === 0) out.push(sample('m2/state', minute + 0.4, states[next(2)]));
    cycles = next(17) === 0 ? cycles - 3 : cycles + next(3);
    out.push(sample('m2/cycles', minute + 0.5, cycles));
  }
  return out;
}

function toValue(value: Sample['value']): Value | undefined {
  switch (typeof value) {
    case 'number':
      return { doubleValue: value };
    case 'bigint':
      return { intValue: value.toString() };
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'undefined':
      return undefined;
    default:
      return { bytesValue: value };
  }
}

function toProto(s: Sample): ProtoSample {
  const value = toValue(s.value);
  const quality = s.quality === 'good' ? 'QUALITY_GOOD' : s.quality === 'bad' ? 'QUALITY_BAD' : 'QUALITY_UNCERTAIN';
  return { signalId: s.signalId, sourceTime: timestampFromMillis(s.sourceTime), serverTime: timestampFromMillis(s.sourceTime), ...(value ? { value } : {}), quality };
}

/** The payload bytes of a RAW batch as the agent encodes it: samples grouped by signal, each group in time order. */
export function rawPayloadBytes(samples: readonly Sample[]): Uint8Array {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) groups.set(s.signalId, [...(groups.get(s.signalId) ?? []), s]);
  const grouped = [...groups.values()].flatMap((g) => g.sort((a, b) => a.sourceTime - b.sourceTime));
  return batchPayloadCodec.encode({ sharingLevel: 'SHARING_LEVEL_RAW', createTime: timestampFromMillis(T), samples: grouped.map(toProto) });
}

/** The decoded payload, as the ingest pipeline has it. */
export function rawPayload(samples: readonly Sample[]): BatchPayload__Output {
  return batchPayloadCodec.decode(rawPayloadBytes(samples));
}

/** A 32-byte digest for batch `seq` of `chain` (seq 0: the genesis zeros). */
export function digestOf(chain: string, seq: bigint): Uint8Array {
  return seq === 0n ? new Uint8Array(32) : new Uint8Array(createHash('sha256').update(`${chain}#${seq}`).digest());
}

/** Splits `samples` at the given chunk sizes (cycled) into the inputs of a chained batch sequence. */
export function chainedInputs(samples: readonly Sample[], sizes: readonly number[], chain = 'c'): RawFactInput[] {
  const inputs: RawFactInput[] = [];
  for (let at = 0, i = 0; at < samples.length; i += 1) {
    const size = sizes[i % sizes.length] ?? 1;
    const seq = BigInt(i + 1);
    const payload = rawPayload(samples.slice(at, at + size));
    inputs.push({ tenantId: 'tenant-a', enterpriseId: 'ent-1', agentId: 'agt-1', seq, prevHash: digestOf(chain, seq - 1n), digest: digestOf(chain, seq), payload });
    at += size;
  }
  return inputs;
}

/** Facts without their batch seq, in a canonical order. */
export function canonical(facts: readonly EquipmentFact[]): Omit<EquipmentFact, 'seq'>[] {
  return facts
    .map(({ seq: _seq, ...rest }) => rest)
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.equipmentId.localeCompare(b.equipmentId) || a.startTime - b.startTime || a.endTime - b.endTime);
}
