import {
  isCounterSemantic,
  pastPeriodCapacity,
  type CapacityRecord,
  type DataQuality,
  type EvidenceRef,
  type HierarchyScope,
} from '@rongtong/core';
import type { EquipmentFact } from '../store/capacity-records.js';
import type { EquipmentRecord } from '../store/records.js';
import { defaultIdealUnitTime, type EquipmentPeriodKpi, type EquipmentSubject, type GranularPeriod } from './period-kpi.js';

/** One agent's batches behind some facts: the lowest and highest seq. */
export interface SeqRange {
  agentId: string;
  firstSeq: bigint;
  lastSeq: bigint;
}

/** Per agent, the seq range of the batches that carried `facts`, ordered by agent id. */
export function seqRanges(facts: readonly EquipmentFact[]): SeqRange[] {
  const ranges = new Map<string, SeqRange>();
  for (const f of facts) {
    const r = ranges.get(f.agentId);
    if (r === undefined) ranges.set(f.agentId, { agentId: f.agentId, firstSeq: f.seq, lastSeq: f.seq });
    else {
      if (f.seq < r.firstSeq) r.firstSeq = f.seq;
      if (f.seq > r.lastSeq) r.lastSeq = f.seq;
    }
  }
  return [...ranges.values()].sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
}

/** The scope of an equipment record. */
export function equipmentScope(subject: Pick<EquipmentSubject, 'enterpriseId' | 'equipmentId' | 'equipment'>): HierarchyScope {
  return { level: 'equipment', enterpriseId: subject.enterpriseId, id: subject.equipmentId, path: subject.equipment?.path ?? [] };
}

const QUALITY_RANK: Readonly<Record<DataQuality, number>> = { good: 0, uncertain: 1, bad: 2 };

/** True when every counter signal of the equipment restarts per job (its resets are expected), as the agent decides. */
function resetsExpected(equipment: EquipmentRecord | undefined): boolean {
  const counters = equipment?.signals.filter((s) => isCounterSemantic(s.semantic)) ?? [];
  return counters.length > 0 && counters.every((s) => s.counter?.resetsOnJob === true);
}

/**
 * The capacity basis of equipment in `unit`, as the agent picks it: the default ideal unit
 * time, else the rated capacity per hour when it is in the same unit; undefined: none.
 */
export function capacityBasis(equipment: EquipmentRecord | undefined, unit: string): { idealUnitTimeMs: number } | { ratedPerHour: number } | undefined {
  const pru = defaultIdealUnitTime(equipment);
  if (pru !== undefined) return { idealUnitTimeMs: pru };
  const rated = equipment?.ratedCapacityPerHour;
  return rated !== undefined && rated.unit === unit ? { ratedPerHour: rated.value } : undefined;
}

/**
 * TOTAL, USED and UNUSED of one piece of equipment for one ended period (core's
 * `pastPeriodCapacity` on the period's time elements and pro-rated produced quantity),
 * or undefined when the period has no state fact, no count fact (unless the counter was
 * silent, see `EquipmentPeriodKpi.silent`) or no capacity basis — no figures are made up.
 * `evidence` is the batch ranges behind the period's facts.
 */
export function pastEquipmentRecords(
  subject: EquipmentSubject,
  period: GranularPeriod,
  pk: EquipmentPeriodKpi,
  evidence: EvidenceRef[],
  computeTime: number,
): CapacityRecord[] | undefined {
  if (pk.states.length === 0 || (pk.counts.length === 0 && !pk.silent)) return undefined;
  const basis = capacityBasis(subject.equipment, pk.unit);
  if (basis === undefined) return undefined;
  // A silent counter while the state shows production time is doubtful: its 0 counts as uncertain (as the agent).
  const initial: DataQuality = pk.silent && pk.computed.timeElements.apt > 0 ? 'uncertain' : 'good';
  const worst = pk.counts.reduce<DataQuality>((w, c) => (QUALITY_RANK[c.quality] > QUALITY_RANK[w] ? c.quality : w), initial);
  const resets = resetsExpected(subject.equipment) ? 0 : pk.counts.reduce((s, c) => s + c.resetsDetected, 0);
  const figures = pastPeriodCapacity({
    periodMs: period.to - period.from,
    timeElements: pk.computed.timeElements,
    producedQuantity: pk.computed.counts.pq,
    unit: pk.unit,
    ...basis,
    counterQuality: worst,
    unexpectedResets: resets,
  });
  if (figures === undefined) return undefined;
  const scope = equipmentScope(subject);
  return (['total', 'used', 'unused'] as const).map((type) => ({
    scope,
    startTime: period.from,
    endTime: period.to,
    granularity: period.granularity,
    type,
    quantity: { value: figures[type], unit: pk.unit },
    confidence: figures.confidence,
    derivation: pk.silent ? `${figures.derivation}; no counter sample in the period (earlier and later periods counted): USED taken as 0` : figures.derivation,
    evidence,
    computeTime,
  }));
}
