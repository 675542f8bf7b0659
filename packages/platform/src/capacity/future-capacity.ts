import {
  futurePeriodCapacity,
  type CapacityRecord,
  type CommittedQuantity,
  type ShiftCalendarInput,
} from '@rongtong/core';
import type { CommitmentRecord } from '../store/capacity-records.js';
import type { EquipmentRecord } from '../store/records.js';
import { equipmentScope } from './past-capacity.js';
import type { GranularPeriod } from './period-kpi.js';

/** One piece of equipment as the forecast sees it. */
export interface FutureEquipment {
  equipment: EquipmentRecord;
  /** Ideal time per unit, ms (the default ideal unit time, or 3,600,000 / rated capacity per hour). */
  idealUnitTimeMs: number;
  /** Unit of its figures. */
  unit: string;
  /** Its calendar, or a 24/7 one. */
  calendar: ShiftCalendarInput;
  /** OEE of its recent completed days with PBT > 0. */
  historicalOee: number[];
}

/** Inputs of {@link futureEquipmentRecords}: one enterprise. */
export interface FutureInput {
  equipment: readonly FutureEquipment[];
  /** ACTIVE commitments of the enterprise as supplier. */
  commitments: readonly CommitmentRecord[];
  periods: readonly GranularPeriod[];
  oeePercentile: number;
  computeTime: number;
}

/** The forecast: equipment records, and commitments no equipment could take. */
export interface FutureOutput {
  records: CapacityRecord[];
  /** Ids of commitments with a share in some period but no eligible equipment (capability or unit). */
  unplaced: string[];
}

/** A calendar with every day 00:00–24:00: equipment without a calendar is planned 24/7. */
export function allDayCalendar(utcOffsetMinutes: number): ShiftCalendarInput {
  return { utcOffsetMinutes, shifts: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) };
}

/** A commitment's quantity inside a period: its allocations pro-rated by overlap. */
export function committedIn(c: CommitmentRecord, period: GranularPeriod): number {
  let sum = 0;
  for (const a of c.allocations) {
    const span = a.endTime - a.startTime;
    const inside = Math.min(a.endTime, period.to) - Math.max(a.startTime, period.from);
    if (span > 0 && inside > 0) sum += a.quantity.value * Math.min(1, inside / span);
  }
  return sum;
}

/**
 * True when equipment whose figures are in `unit` may serve the commitment: every
 * allocation in that unit (core's CommitmentSchema allows one unit only; a stored one that
 * mixes units fits no equipment rather than adding unlike quantities), and the
 * commitment's capability (if any) among the equipment's capabilities.
 */
export function eligibleFor(equipment: Pick<EquipmentRecord, 'capabilities'>, unit: string, c: CommitmentRecord): boolean {
  if (c.allocations.length === 0 || c.allocations.some((a) => a.quantity.unit !== unit)) return false;
  const cap = c.capability;
  return cap === undefined || equipment.capabilities.some((x) => x.kind === cap.kind && x.id === cap.id);
}

const eligible = (e: FutureEquipment, c: CommitmentRecord): boolean => eligibleFor(e.equipment, e.unit, c);

const format = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/**
 * TOTAL, COMMITTED, AVAILABLE and UNATTAINABLE of each piece of equipment for each future
 * period, with core's `futurePeriodCapacity`. A commitment's quantity in a period goes to
 * the equipment eligible for it (its capability, or all equipment when it has none; same
 * unit), split in proportion to each one's attainable capacity in the period (TOTAL −
 * nominal UNATTAINABLE; by TOTAL when none is attainable, equally when all TOTALs are 0),
 * so the roll-ups carry the whole commitment. Evidence is empty (a forecast); the
 * derivation names the commitments and their shares. Pure.
 */
export function futureEquipmentRecords(input: FutureInput): FutureOutput {
  const records: CapacityRecord[] = [];
  const unplaced = new Set<string>();
  for (const period of input.periods) {
    const base = input.equipment.map((e) =>
      futurePeriodCapacity({ period, calendar: e.calendar, idealUnitTimeMs: e.idealUnitTimeMs, historicalOee: e.historicalOee, oeePercentile: input.oeePercentile, commitments: [], unit: e.unit }),
    );
    const shares: Array<Array<{ id: string; value: number }>> = input.equipment.map(() => []);
    for (const c of input.commitments) {
      const amount = committedIn(c, period);
      if (!(amount > 0)) continue;
      const idx = input.equipment.map((e, i) => (eligible(e, c) ? i : -1)).filter((i) => i >= 0);
      if (idx.length === 0) {
        unplaced.add(c.id);
        continue;
      }
      const attainable = idx.map((i) => Math.max(0, (base[i]?.total ?? 0) - (base[i]?.unattainable ?? 0)));
      const totals = idx.map((i) => base[i]?.total ?? 0);
      const sumA = attainable.reduce((s, v) => s + v, 0);
      const sumT = totals.reduce((s, v) => s + v, 0);
      idx.forEach((i, j) => {
        const weight = sumA > 0 ? (attainable[j] ?? 0) / sumA : sumT > 0 ? (totals[j] ?? 0) / sumT : 1 / idx.length;
        if (weight > 0) shares[i]?.push({ id: c.id, value: amount * weight });
      });
    }
    input.equipment.forEach((e, i) => {
      const mine = shares[i] ?? [];
      const commitments: CommittedQuantity[] = mine.map((s) => ({ startTime: period.from, endTime: period.to, quantity: { value: s.value, unit: e.unit } }));
      const fc = futurePeriodCapacity({
        period,
        calendar: e.calendar,
        idealUnitTimeMs: e.idealUnitTimeMs,
        historicalOee: e.historicalOee,
        oeePercentile: input.oeePercentile,
        commitments,
        unit: e.unit,
      });
      const named = mine.length === 0 ? 'no commitments' : `commitments ${mine.map((s) => `${s.id} (${format.format(s.value)})`).join(', ')}`;
      const scope = equipmentScope({ enterpriseId: e.equipment.enterpriseId, equipmentId: e.equipment.id, equipment: e.equipment });
      for (const type of ['total', 'committed', 'available', 'unattainable'] as const) {
        records.push({
          scope,
          startTime: period.from,
          endTime: period.to,
          granularity: period.granularity,
          type,
          quantity: { value: fc[type], unit: e.unit },
          confidence: fc.confidence,
          derivation: `${fc.derivation}; ${named}`,
          evidence: [],
          computeTime: input.computeTime,
        });
      }
    });
  }
  return { records, unplaced: [...unplaced].sort() };
}
