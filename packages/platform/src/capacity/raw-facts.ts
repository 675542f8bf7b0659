import { createSampleDeriver, type DeriveSignal, type SampleDerivation, type SampleDeriverState } from '@rongtong/core';
import { batchPayloadCodec, type BatchPayload__Output } from '@rongtong/protocol';
import type { DeclaredSignal, SignalDirectory } from '../ingest/signal-directory.js';
import type { EquipmentFact, FactSource } from '../store/capacity-records.js';
import type { Store } from '../store/store.js';
import { sampleFromProto } from './raw-samples.js';

/** Stored batches read back, at most, to rebuild an agent's carry (see {@link RawFactDeriverOptions.maxReplayBatches}). */
export const DEFAULT_MAX_REPLAY_BATCHES = 500;
/** Batches read per `getBatches` call while rebuilding. */
const REPLAY_PAGE = 50;
/** Carries kept per agent: the one the next batch continues from, and a few the chain may still continue (a batch derived but not committed). */
const SNAPSHOTS_PER_AGENT = 4;

/** Options of {@link createRawFactDeriver}. */
export interface RawFactDeriverOptions {
  /** Where committed batches are read back from on a cold start. */
  readonly store: Pick<Store, 'getBatches'>;
  /** The enterprise's declared signals (equipment, semantic, counter behaviour, state mappings). */
  readonly signals: Pick<SignalDirectory, 'declaredSignals'>;
  /**
   * Cold start bound: at most this many stored batches before the one derived are replayed
   * to rebuild the carry; 500 by default. A state interval or counting hour open since before
   * the replayed window starts at the first sample seen in it (the interval before it and the
   * first counter delta of each counter are not derived).
   */
  readonly maxReplayBatches?: number;
  /** Agents whose carry is kept in memory (least recently used dropped first); 10 000 by default. */
  readonly maxAgents?: number;
}

/** One verified, decoded batch of an agent, as the ingest pipeline has it before committing it. */
export interface RawFactInput {
  readonly tenantId: string;
  /** The agent's enterprise (from its enrolment). */
  readonly enterpriseId: string;
  readonly agentId: string;
  readonly seq: bigint;
  /** `SignedBatch.prev_hash`: the digest of the batch this one continues. */
  readonly prevHash: Uint8Array;
  /** This batch's digest. */
  readonly digest: Uint8Array;
  readonly payload: BatchPayload__Output;
}

/** Derives the facts of raw batches (see {@link createRawFactDeriver}). */
export interface RawFactDeriver {
  /** The state intervals and production counts `input` closes, as facts of its seq. */
  derive(input: RawFactInput): Promise<EquipmentFact[]>;
}

interface Snapshot {
  readonly seq: bigint;
  readonly digest: string;
  readonly state: SampleDeriverState;
}

const EMPTY_STATE: SampleDeriverState = { equipment: {}, counters: {}, periods: {} };

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A stored batch's payload; undefined when it does not decode (it did at ingest, so only a damaged store gives one: skipped). */
function decodedOrUndefined(bytes: Uint8Array): BatchPayload__Output | undefined {
  try {
    return batchPayloadCodec.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The derivation view of an enterprise's declared signals. */
function deriveSignalsOf(declared: ReadonlyMap<string, DeclaredSignal>): DeriveSignal[] {
  return [...declared.values()].map(({ equipmentId, signal }) => ({
    id: signal.id,
    equipment: equipmentId,
    semantic: signal.semantic,
    unit: signal.unit,
    counter: signal.counter,
    stateMappings: signal.stateMappings,
    partsPerCycle: signal.partsPerCycle,
  }));
}

/** The facts of one derivation, attributed to the batch that closed them. */
export function factsOf(source: FactSource, derivation: SampleDerivation): EquipmentFact[] {
  const facts: EquipmentFact[] = derivation.intervals.map((i) => ({
    ...source,
    kind: 'state',
    equipmentId: i.equipmentId,
    startTime: i.start,
    endTime: i.end,
    rawState: i.rawState,
    bucket: i.bucket,
    quality: i.quality,
  }));
  for (const c of derivation.counts) {
    facts.push({
      ...source,
      kind: 'count',
      equipmentId: c.equipmentId,
      startTime: c.start,
      endTime: c.end,
      producedQuantity: c.produced,
      goodQuantity: c.good,
      scrapQuantity: c.scrap,
      reworkQuantity: c.rework,
      unit: c.unit,
      resetsDetected: c.resets,
      wrapsDetected: c.wraps,
      quality: c.quality,
    });
  }
  return facts;
}

/**
 * The platform half of DESIGN §3 Derive for agents that send RAW batches: core's
 * `createSampleDeriver` (the code a KPI-level agent runs) over the enterprise's declared
 * signals, with each agent's carry (open state intervals, counter baselines, open counting
 * hours of its equipment) kept in memory between batches.
 *
 * - Facts belong to the batch that closes them: an interval or hour is derived from the
 *   batch whose samples end it, and carries that batch's seq (its evidence).
 * - The carry after a batch is remembered under the batch's digest, and a batch continues
 *   the carry of the digest its `prev_hash` names; so a batch derived but then not committed
 *   (a concurrent stream won) never leaks into the chain that was committed, and deriving a
 *   batch again gives the same facts.
 * - Cold start (no carry for the batch's predecessor: platform restart, another instance
 *   took the previous batches, the agent dropped from memory): the carry is rebuilt by
 *   replaying the agent's stored RAW batches before this one, at most `maxReplayBatches`
 *   of them (see {@link RawFactDeriverOptions.maxReplayBatches} for what lies beyond).
 * - Deterministic: for a time-ordered sample stream the facts do not depend on how the
 *   stream was split into batches. The signals declared now are used, also for replays.
 *
 * A batch without samples (e.g. a KPI-level batch) yields no fact; it passes the carry on
 * when there is one and never triggers a rebuild.
 */
export function createRawFactDeriver(options: RawFactDeriverOptions): RawFactDeriver {
  const maxReplay = BigInt(Math.max(0, Math.floor(options.maxReplayBatches ?? DEFAULT_MAX_REPLAY_BATCHES)));
  const maxAgents = options.maxAgents ?? 10_000;
  const agents = new Map<string, Snapshot[]>();
  const signalCache = new WeakMap<ReadonlyMap<string, DeclaredSignal>, DeriveSignal[]>();

  const signalsFor = async (input: RawFactInput): Promise<DeriveSignal[]> => {
    const ids = input.payload.samples.map((s) => s.signalId);
    const declared = await options.signals.declaredSignals(input.tenantId, input.enterpriseId, new Set(ids));
    let signals = signalCache.get(declared);
    if (signals === undefined) {
      signals = deriveSignalsOf(declared);
      signalCache.set(declared, signals);
    }
    return signals;
  };

  const remember = (key: string, snapshot: Snapshot): void => {
    const list = (agents.get(key) ?? []).filter((s) => s.seq !== snapshot.seq || s.digest !== snapshot.digest);
    list.push(snapshot);
    agents.delete(key);
    agents.set(key, list.slice(-SNAPSHOTS_PER_AGENT));
    while (agents.size > maxAgents) {
      const oldest = agents.keys().next().value;
      if (oldest === undefined) break;
      agents.delete(oldest);
    }
  };

  const carried = (key: string, input: RawFactInput): SampleDeriverState | undefined => {
    const prev = hex(input.prevHash);
    return agents.get(key)?.find((s) => s.seq === input.seq - 1n && s.digest === prev)?.state;
  };

  /** The carry before `input`, replayed from the agent's stored RAW batches (bounded). */
  const rebuild = async (input: RawFactInput, signals: readonly DeriveSignal[]): Promise<SampleDeriverState> => {
    const deriver = createSampleDeriver({ signals });
    const last = input.seq - 1n;
    const first = input.seq - maxReplay > 1n ? input.seq - maxReplay : 1n;
    for (let from = first; from <= last; from += BigInt(REPLAY_PAGE)) {
      const to = from + BigInt(REPLAY_PAGE) - 1n < last ? from + BigInt(REPLAY_PAGE) - 1n : last;
      for (const batch of await options.store.getBatches(input.tenantId, input.agentId, from, to)) {
        const payload = batch.sharingLevel === 'raw' ? decodedOrUndefined(batch.payload) : undefined;
        if (payload !== undefined) deriver.derive(payload.samples.map(sampleFromProto));
      }
    }
    return deriver.state();
  };

  return {
    async derive(input) {
      const key = `${input.tenantId}\u0000${input.agentId}`;
      let state = carried(key, input);
      const snapshot = (next: SampleDeriverState): Snapshot => ({ seq: input.seq, digest: hex(input.digest), state: next });
      if (input.payload.samples.length === 0) {
        if (state !== undefined) remember(key, snapshot(state));
        return [];
      }
      const signals = await signalsFor(input);
      state ??= input.seq > 1n ? await rebuild(input, signals) : EMPTY_STATE;
      const deriver = createSampleDeriver({ signals, initialState: state });
      const derivation = deriver.derive(input.payload.samples.map(sampleFromProto));
      remember(key, snapshot(deriver.state()));
      const source: FactSource = { tenantId: input.tenantId, enterpriseId: input.enterpriseId, agentId: input.agentId, seq: input.seq };
      return factsOf(source, derivation);
    },
  };
}

/**
 * The facts the ingest pipeline commits with a RAW batch (`CommitBatchInput.facts`): call
 * it for every verified batch, before `commitBatch`. Pure of side effects on the store.
 */
export function deriveRawFacts(deriver: RawFactDeriver, input: RawFactInput): Promise<EquipmentFact[]> {
  return deriver.derive(input);
}
