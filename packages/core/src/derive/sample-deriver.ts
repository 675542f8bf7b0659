import type { CounterBehavior } from '../domain/counter-behavior.js';
import type { CounterState } from '../iso22400/counter-delta.js';
import type { DataQuality } from '../iso22400/data-quality.js';
import { MACHINERY_STATE_MAPPING } from '../iso22400/machinery-state-mapping.js';
import type { TimeBucket } from '../iso22400/time-bucket.js';
import type { Sample } from '../source/sample.js';
import {
  accumulateCounts,
  counterContributions,
  isCountKind,
  quantitiesOf,
  type CountContribution,
  type CountKind,
  type CountPeriod,
  type EndedCountPeriod,
} from './count-derivation.js';
import { stepEquipmentState, type DerivedInterval, type EquipmentMapping, type EquipmentStateCarry, type StateEvent } from './state-derivation.js';

/**
 * What derivation needs to know of a signal: structurally both the agent's `signals[]` entry
 * and a declared core `Signal` with its equipment id.
 */
export interface DeriveSignal {
  readonly id: string;
  /** Id of the equipment the signal belongs to. */
  readonly equipment: string;
  /** A `SignalSemantic`; semantics derivation does not use are ignored. */
  readonly semantic: string;
  /** UCUM unit ("" = pieces for counters). */
  readonly unit: string;
  readonly counter?: CounterBehavior | undefined;
  readonly stateMappings?: readonly { readonly rawState: string; readonly bucket?: TimeBucket | undefined }[] | undefined;
  readonly partsPerCycle?: number | undefined;
}

/** A period's production, as derived (one equipment, one UTC hour). */
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
  readonly quality: DataQuality;
}

/** What one chunk of samples ended: state intervals and counting hours. */
export interface SampleDerivation {
  readonly intervals: readonly DerivedInterval[];
  readonly counts: readonly DerivedCount[];
  /** Signals whose samples went into the derivation, sorted. */
  readonly signalIds: readonly string[];
}

/** What a sample deriver carries between chunks: plain JSON, so it can be persisted and restored. */
export interface SampleDeriverState {
  /** Open state interval and last mode, per equipment id. */
  readonly equipment: Readonly<Record<string, EquipmentStateCarry>>;
  /** Counter baseline, per counter signal id. */
  readonly counters: Readonly<Record<string, CounterState>>;
  /** Open counting hour, per equipment id. */
  readonly periods: Readonly<Record<string, CountPeriod>>;
}

/** Options of {@link createSampleDeriver}. */
export interface SampleDeriverOptions {
  readonly signals: readonly DeriveSignal[];
  readonly initialState?: SampleDeriverState | undefined;
}

/** Turns chunks of samples into ended state intervals and production counts (see {@link createSampleDeriver}). */
export interface SampleDeriver {
  /** Derives what the samples end (intervals, hours); updates the carried state. */
  derive(samples: readonly Sample[]): SampleDerivation;
  /** A JSON-serialisable copy of the carried state. */
  state(): SampleDeriverState;
}

/** Raw values a signal's `stateMappings` send to a bucket, and those it ignores (entries without a bucket). */
function overridesOf(signal: DeriveSignal | undefined): { buckets: Record<string, TimeBucket>; ignored: Set<string> } {
  const buckets: Record<string, TimeBucket> = {};
  const ignored = new Set<string>();
  for (const entry of signal?.stateMappings ?? []) {
    if (entry.bucket === undefined) ignored.add(entry.rawState.trim());
    else buckets[entry.rawState.trim()] = entry.bucket;
  }
  return { buckets, ignored };
}

/**
 * How one piece of equipment's states are bucketed: the Machinery mapping with the
 * `machine_state` signal's overrides; the `operation_mode` signal's `stateMappings` map a mode
 * to the bucket of all time spent in it (e.g. mode `Maintenance` → `pdot`).
 */
export function equipmentMappingOf(equipmentId: string, signals: readonly DeriveSignal[]): EquipmentMapping {
  const state = overridesOf(signals.find((s) => s.equipment === equipmentId && s.semantic === 'machine_state'));
  const mode = overridesOf(signals.find((s) => s.equipment === equipmentId && s.semantic === 'operation_mode'));
  return {
    mapping: { ...MACHINERY_STATE_MAPPING, name: `equipment:${equipmentId}`, states: { ...MACHINERY_STATE_MAPPING.states, ...state.buckets } },
    ignoredStates: state.ignored,
    modeBuckets: mode.buckets,
    ignoredModes: mode.ignored,
  };
}

/** OPC UA `Bad_StateNotActive`: the sub-state machine is not currently active. */
const BAD_STATE_NOT_ACTIVE = 0x80bf0000;

/** Per equipment: the count kinds its signals give, and the unit of its counts. */
function countSetup(signals: readonly DeriveSignal[]): {
  present: Map<string, Set<CountKind>>;
  units: Map<string, string>;
  countOf: Map<string, { kind: CountKind; factor: number }>;
} {
  const present = new Map<string, Set<CountKind>>();
  const units = new Map<string, string>();
  const addKind = (equipmentId: string, kind: CountKind): void => {
    const kinds = present.get(equipmentId) ?? new Set<CountKind>();
    kinds.add(kind);
    present.set(equipmentId, kinds);
  };
  for (const s of signals) {
    if (!isCountKind(s.semantic)) continue;
    addKind(s.equipment, s.semantic);
    if (!units.has(s.equipment) || s.semantic === 'produced_count') units.set(s.equipment, s.unit);
  }
  // A cycle counter counts produced parts (× partsPerCycle) where no produced_count signal does.
  const countOf = new Map<string, { kind: CountKind; factor: number }>();
  for (const s of signals) {
    if (isCountKind(s.semantic)) countOf.set(s.id, { kind: s.semantic, factor: 1 });
    else if (s.semantic === 'cycle_count' && present.get(s.equipment)?.has('produced_count') !== true) {
      countOf.set(s.id, { kind: 'produced_count', factor: s.partsPerCycle ?? 1 });
    }
  }
  for (const s of signals) {
    if (countOf.get(s.id)?.kind !== 'produced_count' || s.semantic !== 'cycle_count') continue;
    addKind(s.equipment, 'produced_count');
    units.set(s.equipment, s.unit);
  }
  return { present, units, countOf };
}

/**
 * A deriver of state intervals and production counts for the given signals (DESIGN §3
 * Derive; the same code on the agent and on the platform). Pure apart from its small
 * carried state:
 *
 * - `machine_state` samples (with the equipment's `operation_mode`) become state intervals:
 *   ended at each state change, cut at UTC hour boundaries, bucketed with `mapStateToBucket`
 *   (Machinery mapping plus the state signal's `stateMappings`; a mode in the mode signal's
 *   `stateMappings` gives its bucket to all time spent in it); `bad` samples give `unknown`
 *   intervals with raw state "" — except OPC UA `Bad_StateNotActive` (an inactive nested
 *   state machine, as in PackML), which is ignored.
 * - `produced_count` / `good_count` / `bad_count` / `rework_count` samples — and a
 *   `cycle_count` counter as produced parts (cycles × `partsPerCycle`) on equipment without a
 *   `produced_count` signal — become one count per equipment per UTC hour, with
 *   `applyCounterChunk` and the signal's counter behaviour (resets, wraps); an hour is
 *   reported once a later hour's counter data arrives.
 *
 * For a time-ordered stream the output does not depend on how it is split into chunks.
 * Samples of other semantics, and of unknown signals, are ignored.
 */
export function createSampleDeriver(options: SampleDeriverOptions): SampleDeriver {
  const signals = new Map(options.signals.map((s) => [s.id, s]));
  const stateSignals = options.signals.filter((s) => s.semantic === 'machine_state' || s.semantic === 'operation_mode');
  const equipmentMappings = new Map([...new Set(stateSignals.map((s) => s.equipment))].map((id) => [id, equipmentMappingOf(id, options.signals)]));
  const { present, units, countOf } = countSetup(options.signals);
  const init = options.initialState ?? { equipment: {}, counters: {}, periods: {} };
  const equipment: Record<string, EquipmentStateCarry> = structuredClone({ ...init.equipment });
  const counters: Record<string, CounterState> = structuredClone({ ...init.counters });
  const periods: Record<string, CountPeriod> = structuredClone({ ...init.periods });

  function deriveStates(events: Map<string, (StateEvent & { seq: number })[]>, out: DerivedInterval[]): void {
    for (const [equipmentId, list] of events) {
      list.sort((a, b) => a.t - b.t || a.seq - b.seq);
      let carry = equipment[equipmentId] ?? {};
      for (const event of list) carry = stepEquipmentState(equipmentId, carry, event, out);
      equipment[equipmentId] = carry;
    }
  }

  function deriveCounts(bySignal: Map<string, Sample[]>, out: EndedCountPeriod[]): void {
    const perEquipment = new Map<string, CountContribution[]>();
    for (const [signalId, samples] of bySignal) {
      const signal = signals.get(signalId);
      const count = countOf.get(signalId);
      if (signal?.counter === undefined || count === undefined) continue;
      const sorted = [...samples].sort((a, b) => a.sourceTime - b.sourceTime);
      const result = counterContributions(count.kind, signal.counter, counters[signalId], sorted, count.factor);
      counters[signalId] = result.state;
      const list = perEquipment.get(signal.equipment) ?? [];
      list.push(...result.contributions);
      perEquipment.set(signal.equipment, list);
    }
    for (const [equipmentId, contributions] of perEquipment) {
      const next = accumulateCounts(equipmentId, periods[equipmentId], contributions, out);
      if (next === undefined) delete periods[equipmentId];
      else periods[equipmentId] = next;
    }
  }

  function derive(samples: readonly Sample[]): SampleDerivation {
    const events = new Map<string, (StateEvent & { seq: number })[]>();
    const counterSamples = new Map<string, Sample[]>();
    const used = new Set<string>();
    samples.forEach((sample, seq) => {
      const signal = signals.get(sample.signalId);
      if (signal === undefined) return;
      const mapped = signal.semantic === 'machine_state' || signal.semantic === 'operation_mode' ? equipmentMappings.get(signal.equipment) : undefined;
      if (mapped !== undefined) {
        // A nested state machine that is not active (PackML's inner machines) says nothing about the equipment.
        if (sample.sourceStatus === BAD_STATE_NOT_ACTIVE) return;
        const kind = signal.semantic === 'machine_state' ? 'state' : 'mode';
        const list = events.get(signal.equipment) ?? [];
        list.push({ kind, t: sample.sourceTime, value: sample.value, quality: sample.quality, ...mapped, seq });
        events.set(signal.equipment, list);
        used.add(signal.id);
      } else if (countOf.has(signal.id) && signal.counter !== undefined) {
        const list = counterSamples.get(signal.id) ?? [];
        list.push(sample);
        counterSamples.set(signal.id, list);
        used.add(signal.id);
      }
    });
    const intervals: DerivedInterval[] = [];
    const ended: EndedCountPeriod[] = [];
    deriveStates(events, intervals);
    deriveCounts(counterSamples, ended);
    const counts: DerivedCount[] = ended.map((p) => ({
      equipmentId: p.equipmentId,
      start: p.start,
      end: p.end,
      ...quantitiesOf(p.sums, present.get(p.equipmentId) ?? new Set()),
      unit: units.get(p.equipmentId) ?? '',
      resets: p.resets,
      wraps: p.wraps,
      quality: p.quality,
    }));
    return { intervals, counts, signalIds: [...used].sort() };
  }

  return {
    derive,
    state() {
      return structuredClone({ equipment, counters, periods });
    },
  };
}
