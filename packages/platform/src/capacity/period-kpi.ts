import {
  KPI_RATIO_NAMES,
  computeKpis,
  dataCoverage,
  periodKpis,
  type KpiRatioName,
  type PeriodGranularity,
  type PeriodKpis,
  type ShiftCalendar,
  type StateMapping,
} from '@rongtong/core';
import type { CountFact, EquipmentFact, KpiRecord, StateFact } from '../store/capacity-records.js';
import type { EquipmentRecord } from '../store/records.js';

/** A period `[from, to)` of one granularity. */
export interface GranularPeriod {
  granularity: PeriodGranularity;
  from: number;
  to: number;
}

/** What the engine knows about one piece of equipment while computing its KPIs. */
export interface EquipmentSubject {
  tenantId: string;
  enterpriseId: string;
  equipmentId: string;
  /** The declaration; undefined when the equipment was never declared (no PRU, no calendar id). */
  equipment: EquipmentRecord | undefined;
  /** Its shift calendar; undefined: none known (PBT = period − PDOT). */
  calendar: ShiftCalendar | undefined;
  /** Remapping table; undefined: the buckets the agent booked. */
  mapping: StateMapping | undefined;
}

/** One equipment's KPI of one period with what it was computed from. */
export interface EquipmentPeriodKpi {
  kpi: KpiRecord;
  /** Core's result (time elements and pro-rated counts). */
  computed: PeriodKpis;
  /** State and count facts overlapping the period (counts of `unit` only). */
  states: StateFact[];
  counts: CountFact[];
  /** Unit of the quantities. */
  unit: string;
  /**
   * No count in the period, but counts before and after it: the counter was silent (a
   * counter reported by exception sends nothing while it stands still), so the quantities
   * are 0, as the agent takes them.
   */
  silent: boolean;
}

/** The default ideal unit time (the `idealUnitTimes` entry without product), ms; as the agent picks it. */
export function defaultIdealUnitTime(equipment: EquipmentRecord | undefined): number | undefined {
  return equipment?.idealUnitTimes.find((u) => u.productId === undefined)?.idealUnitTime;
}

/** True when the fact overlaps `[from, to)`. */
export function overlaps(f: { startTime: number; endTime: number }, p: { from: number; to: number }): boolean {
  return f.startTime < p.to && f.endTime > p.from;
}

/** A fraction field: at most 1 (availability can exceed 1 when production runs outside the calendar's shifts). */
const fraction = (v: number | undefined): number | undefined => (v === undefined ? undefined : Math.min(1, v));

/** Copies the defined ratios onto a KPI (absent stays absent, so "unknown" is never 0). */
function withRatios(base: KpiRecord, ratios: Partial<Record<KpiRatioName, number | undefined>>): KpiRecord {
  const out: KpiRecord = { ...base };
  for (const name of KPI_RATIO_NAMES) {
    const v = ratios[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}



/**
 * The platform's KPI of one piece of equipment in one period, from the stored facts, or
 * undefined when no fact overlaps the period. See `createCapacityEngine` for the choices.
 */
export function equipmentPeriodKpi(
  subject: EquipmentSubject,
  facts: readonly EquipmentFact[],
  period: GranularPeriod,
  computeTime: number,
): EquipmentPeriodKpi | undefined {
  const inside = facts.filter((f) => overlaps(f, period));
  if (inside.length === 0) return undefined;
  const states = inside.filter((f): f is StateFact => f.kind === 'state');
  const allCounts = inside.filter((f): f is CountFact => f.kind === 'count');
  const unit = allCounts[0]?.unit ?? subject.equipment?.ratedCapacityPerHour?.unit ?? '';
  const counts = allCounts.filter((c) => c.unit === unit);
  const pru = defaultIdealUnitTime(subject.equipment);
  const computed = periodKpis({
    period,
    intervals: states,
    counts,
    ...(pru === undefined ? {} : { idealUnitTimeMs: pru }),
    ...(subject.mapping === undefined ? {} : { mapping: subject.mapping }),
    ...(subject.calendar === undefined ? {} : { calendar: subject.calendar }),
  });
  const t = computed.timeElements;
  const c = computed.counts;
  const k = computed.kpis;
  const silent = counts.length === 0 && facts.some((f) => f.kind === 'count' && f.endTime <= period.from) && facts.some((f) => f.kind === 'count' && f.startTime >= period.to);
  const counted = counts.length > 0 || silent;
  const base: KpiRecord = {
    tenantId: subject.tenantId,
    enterpriseId: subject.enterpriseId,
    level: 'equipment',
    equipmentId: subject.equipmentId,
    startTime: period.from,
    endTime: period.to,
    granularity: period.granularity,
    plannedOperationTime: t.period,
    plannedBusyTime: t.pbt,
    actualProductionTime: t.apt,
    actualUnitSetupTime: t.aust,
    actualUnitDelayTime: t.adet,
    actualUnitDownTime: t.adot,
    plannedDownTime: t.pdot,
    idleTime: t.idle,
    unknownTime: t.unknown,
    actualUnitBusyTime: t.aubt,
    producedQuantity: c.pq,
    goodQuantity: c.gq,
    scrapQuantity: c.sq,
    reworkQuantity: c.rq,
    unit,
    ...(pru === undefined ? {} : { idealUnitTime: pru }),
    computeTime,
  };
  const kpi = withRatios(base, {
    availability: fraction(k.availability),
    utilizationEfficiency: fraction(k.utilizationEfficiency),
    setupRate: fraction(k.setupRate),
    dataCoverage: dataCoverage(t.unknown, t.pbt),
    ...(counted
      ? {
          effectiveness: k.effectiveness,
          qualityRatio: fraction(k.qualityRatio),
          oee: k.oee,
          scrapRatio: fraction(k.scrapRatio),
          reworkRatio: fraction(k.reworkRatio),
          throughputRate: k.throughputRatePerHour,
        }
      : {}),
  });
  return { kpi, computed, states, counts, unit, silent };
}

/**
 * The enterprise KPI of one period from its equipment KPIs of that period: time elements
 * (POT included) and quantities summed, ratios recomputed with core's `computeKpis`. The
 * ideal unit time is the quantity-weighted mean Σ PRUᵢ·PQᵢ / Σ PQ (so effectiveness is
 * Σ PRUᵢ·PQᵢ / Σ APT); it and effectiveness and OEE are unset unless every member that
 * produced has a PRU. Quantities are summed when all members share one unit; otherwise
 * they are 0 and the quantity ratios unset. The quantity ratios are also unset when no
 * member has known quantities (a quality ratio, a throughput rate or PQ > 0); members
 * without known quantities add 0. Undefined without members.
 */
export function enterprisePeriodKpi(members: readonly KpiRecord[], computeTime: number): KpiRecord | undefined {
  const first = members[0];
  if (first === undefined) return undefined;
  const sum = (pick: (k: KpiRecord) => number): number => members.reduce((s, k) => s + pick(k), 0);
  const oneUnit = members.every((k) => k.unit === first.unit);
  const q = (pick: (k: KpiRecord) => number): number => (oneUnit ? sum(pick) : 0);
  const pq = q((k) => k.producedQuantity);
  const producers = members.filter((k) => k.producedQuantity > 0);
  const pruKnown = oneUnit && producers.length > 0 && producers.every((k) => k.idealUnitTime !== undefined);
  const pru = pruKnown ? producers.reduce((s, k) => s + (k.idealUnitTime as number) * k.producedQuantity, 0) / pq : undefined;
  const counted = oneUnit && members.some((k) => k.qualityRatio !== undefined || k.throughputRate !== undefined || k.producedQuantity > 0);
  const apt = sum((k) => k.actualProductionTime);
  const aust = sum((k) => k.actualUnitSetupTime);
  const aubt = sum((k) => k.actualUnitBusyTime);
  const pbt = sum((k) => k.plannedBusyTime);
  const unknown = sum((k) => k.unknownTime);
  const counts = { pq, gq: q((k) => k.goodQuantity), sq: q((k) => k.scrapQuantity), rq: q((k) => k.reworkQuantity) };
  const k = computeKpis({ apt, aust, aupt: apt + aust, aubt, pbt }, counts, pru);
  const base: KpiRecord = {
    tenantId: first.tenantId,
    enterpriseId: first.enterpriseId,
    level: 'enterprise',
    startTime: first.startTime,
    endTime: first.endTime,
    granularity: first.granularity,
    plannedOperationTime: sum((m) => m.plannedOperationTime),
    plannedBusyTime: pbt,
    actualProductionTime: apt,
    actualUnitSetupTime: aust,
    actualUnitDelayTime: sum((m) => m.actualUnitDelayTime),
    actualUnitDownTime: sum((m) => m.actualUnitDownTime),
    plannedDownTime: sum((m) => m.plannedDownTime),
    idleTime: sum((m) => m.idleTime),
    unknownTime: unknown,
    actualUnitBusyTime: aubt,
    producedQuantity: pq,
    goodQuantity: counts.gq,
    scrapQuantity: counts.sq,
    reworkQuantity: counts.rq,
    unit: oneUnit ? first.unit : '',
    ...(pru === undefined ? {} : { idealUnitTime: pru }),
    computeTime,
  };
  return withRatios(base, {
    availability: fraction(k.availability),
    utilizationEfficiency: fraction(k.utilizationEfficiency),
    setupRate: fraction(k.setupRate),
    dataCoverage: dataCoverage(unknown, pbt),
    ...(counted
      ? {
          effectiveness: k.effectiveness,
          qualityRatio: fraction(k.qualityRatio),
          oee: k.oee,
          scrapRatio: fraction(k.scrapRatio),
          reworkRatio: fraction(k.reworkRatio),
          throughputRate: k.throughputRatePerHour,
        }
      : {}),
  });
}

/** Identity of a KPI within one enterprise (level, equipment, granularity, start). */
export function kpiKey(k: Pick<KpiRecord, 'level' | 'equipmentId' | 'granularity' | 'startTime'>): string {
  return `${k.level}|${k.equipmentId ?? ''}|${k.granularity}|${k.startTime}`;
}

/** True when two KPIs have the same values (compute time ignored). */
export function sameKpi(a: KpiRecord, b: KpiRecord): boolean {
  return canonical({ ...a, computeTime: 0 }) === canonical({ ...b, computeTime: 0 });
}

/** JSON with sorted keys and undefined members dropped, for comparisons. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (typeof raw === 'bigint') return `${raw}n`;
    if (raw instanceof Uint8Array) return Buffer.from(raw).toString('hex');
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
    }
    return v;
  });
}
