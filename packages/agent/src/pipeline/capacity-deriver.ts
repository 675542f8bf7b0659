import { MS_PER_HOUR, pastPeriodCapacity, type HierarchyNode } from '@rongtong/core';
import type { EquipmentConfig } from '../config/equipment-config.js';
import type { SignalConfig } from '../config/signal-config.js';
import { encodeCapacityPayload, type DerivedCapacity, type DerivedCapacityType } from './capacity-payload.js';
import { equipmentSignalsOf } from './equipment-signals.js';
import { createHourCloser, hasState, type ClosedHour, type HourCloserState, type HourCount, type HourlyStageOptions } from './hour-closer.js';
import type { EncodedPayload, KpiDerivation } from './kpi-payload.js';

/** What a capacity deriver carries between batches: its hour closer's state (equipment whose hours are recorded only). */
export type CapacityDeriverState = HourCloserState;

/** Whether a configured piece of equipment gets capacity records, or why not. */
export type CapacityEquipmentStatus =
  /** It has a state signal, a counter and a capacity basis: its hours are recorded. */
  | 'recorded'
  /** No `machine_state` signal: no planned busy time, no coverage. */
  | 'no-state-signal'
  /** No produced / good / bad / rework counter (nor a cycle counter): no USED. */
  | 'no-count-signal'
  /** Neither a default `idealUnitTimes` entry (one without productId) nor `ratedCapacityPerHour`: no TOTAL. */
  | 'no-capacity-basis'
  /** Only `ratedCapacityPerHour`, and its unit differs from the counter's: TOTAL and USED cannot be compared. */
  | 'unit-mismatch';

/** Why an equipment-hour got no records. */
export type CapacitySkipReason =
  | Exclude<CapacityEquipmentStatus, 'recorded'>
  /** The hour closed without any state interval (before the state signal's first data, or a gap). */
  | 'no-state'
  /** The hour closed without a ProductionCount, and the counter's silence cannot be read as 0 (see `createCapacityDeriver`). */
  | 'no-count'
  /** The hour of the counter's first reading: what was made before that baseline reading is unknown. */
  | 'counter-start';

/** Counters of a capacity deriver, for status and metrics (not part of the persisted state). */
export interface CapacityDeriverStats {
  /** Equipment-hours recorded (three records each: TOTAL, USED, UNUSED). */
  readonly hoursRecorded: number;
  /**
   * Equipment-hours not recorded, by reason. An equipment-level reason counts each
   * ProductionCount of that equipment (one per hour); `no-count-signal` equipment has none.
   */
  readonly hoursSkipped: Readonly<Record<CapacitySkipReason, number>>;
  /**
   * State intervals and production counts dropped (wholly or partly): they came for an hour
   * already closed, or repeat time or an hour already booked.
   */
  readonly droppedItems: number;
  /** Per configured equipment id: recorded, or why not. */
  readonly equipment: Readonly<Record<string, CapacityEquipmentStatus>>;
}

/** Options of {@link createCapacityDeriver}: the config's signals and equipment (ideal unit times, rated capacity, path), a saved state, `maxPendingHours`. */
export type CapacityDeriverOptions = HourlyStageOptions;

/** Turns KPI derivations into hourly capacity records (see {@link createCapacityDeriver}). */
export interface CapacityDeriver {
  /** Takes one KPI derivation; returns the records of the hours it closed; updates the carried state. */
  derive(derivation: KpiDerivation): DerivedCapacity[];
  /** `derive`, then `encodeCapacityPayload`: undefined when no hour was recorded. */
  deriveAndEncode(derivation: KpiDerivation, createTime: number): EncodedPayload | undefined;
  /** A JSON-serialisable copy of the carried state. */
  state(): CapacityDeriverState;
  stats(): CapacityDeriverStats;
}

/** How one recorded piece of equipment is computed. */
interface EquipmentPlan {
  readonly path: readonly HierarchyNode[];
  readonly unit: string;
  readonly idealUnitTimeMs: number | undefined;
  readonly ratedPerHour: number | undefined;
  /** Every counter of the equipment restarts per job: its resets are expected. */
  readonly resetsExpected: boolean;
  readonly signalIds: readonly string[];
}

const TYPES: readonly DerivedCapacityType[] = ['total', 'used', 'unused'];

/** Decides whether `equipment` is recorded, and how. */
function planOf(equipment: EquipmentConfig, signals: readonly SignalConfig[]): EquipmentPlan | Exclude<CapacityEquipmentStatus, 'recorded'> {
  // The counters the KPI deriver counts, and their ProductionCount's unit as it picks it.
  const { hasState: stateSignal, counters, unit, signalIds } = equipmentSignalsOf(equipment.id, signals);
  if (!stateSignal) return 'no-state-signal';
  if (counters.length === 0) return 'no-count-signal';
  const idealUnitTimeMs = equipment.idealUnitTimes.find((u) => u.productId === undefined)?.idealUnitTime;
  const rated = equipment.ratedCapacityPerHour;
  if (idealUnitTimeMs === undefined && rated === undefined) return 'no-capacity-basis';
  if (idealUnitTimeMs === undefined && rated !== undefined && rated.unit !== unit) return 'unit-mismatch';
  return {
    path: equipment.path,
    unit,
    idealUnitTimeMs,
    ratedPerHour: idealUnitTimeMs === undefined ? rated?.value : undefined,
    resetsExpected: counters.every((s) => s.counter?.resetsOnJob === true),
    signalIds,
  };
}

/**
 * A capacity deriver: the `capacity` sharing level's second stage. It consumes what the KPI
 * deriver ended, batch by batch, and makes TOTAL, USED and UNUSED records (granularity HOUR,
 * scope the equipment) per piece of equipment per UTC hour, with core's `pastPeriodCapacity`
 * (see there for the formulas and the confidence). Pure apart from its small carried state.
 *
 * - **Which equipment**: one with a `machine_state` signal, a counter the KPI deriver counts
 *   (produced, good, bad or rework count, or a cycle count) and a capacity basis — the
 *   default `idealUnitTimes` entry (the one without productId; per-product entries need the
 *   product of each unit, which the KPI derivation does not carry) or else
 *   `ratedCapacityPerHour` in the counter's unit. Any other equipment gets no records, and no
 *   numbers are made up for it: its status is in `stats().equipment`, and each of its
 *   ProductionCounts is counted as a skipped hour.
 * - **Which hours, and when**: an hour closer (`createHourCloser`, see there) collects per
 *   equipment and hour the state intervals' time per bucket and the hour's ProductionCount,
 *   and closes the hour once the state intervals have reached its end *and* a ProductionCount
 *   for it or a later hour has arrived (or, should one signal lag more than
 *   `maxPendingHours`, early, with what it has). Batch splits do not matter; each hour closes
 *   once; repeats and data for closed hours are dropped and counted in `stats().droppedItems`.
 * - **What a closed hour gives**: no state interval at all → skipped `no-state`. The hour of
 *   the counter's first ProductionCount → skipped `counter-start`: that count starts at a
 *   baseline reading somewhere in the hour, and what was made before it is unknown. A
 *   ProductionCount → USED = its produced quantity. No ProductionCount although the counter
 *   reported earlier and later hours → the counter had no accepted sample in the hour; a
 *   counter reported by exception sends none while it stands still, so USED = 0 — with the
 *   count taken as `uncertain` when the state shows production time (APT > 0), as a running
 *   machine that counted nothing is doubtful. No ProductionCount before the counter's first
 *   one, or in an hour closed early → skipped `no-count`. Counter resets lower the
 *   confidence unless every counter of the equipment is declared `resetsOnJob`.
 *
 * Records come out sorted by hour, equipment id, then TOTAL, USED, UNUSED. UTC hours are the
 * platform's clock hours in every whole-hour time zone (default Asia/Shanghai, UTC+8).
 */
export function createCapacityDeriver(options: CapacityDeriverOptions): CapacityDeriver {
  const plans = new Map<string, EquipmentPlan>();
  const status: Record<string, CapacityEquipmentStatus> = {};
  for (const equipment of options.config.equipment) {
    const plan = planOf(equipment, options.config.signals);
    status[equipment.id] = typeof plan === 'string' ? plan : 'recorded';
    if (typeof plan !== 'string') plans.set(equipment.id, plan);
  }
  const closer = createHourCloser({ ...options, equipment: new Map([...plans.keys()].map((id) => [id, { counted: true }])) });
  const hoursSkipped: Record<CapacitySkipReason, number> = {
    'no-state-signal': 0,
    'no-count-signal': 0,
    'no-capacity-basis': 0,
    'unit-mismatch': 0,
    'no-state': 0,
    'no-count': 0,
    'counter-start': 0,
  };
  let hoursRecorded = 0;

  /** The records of one closed hour, or the reason it has none. */
  function recordsOf(hour: ClosedHour, plan: EquipmentPlan): DerivedCapacity[] | CapacitySkipReason {
    if (!hasState(hour)) return 'no-state';
    const { production } = hour;
    if (production.kind === 'counter-start' || production.kind === 'no-count') return production.kind;
    let count: Pick<HourCount, 'produced' | 'unit' | 'resets' | 'quality'>;
    let note = '';
    if (production.kind === 'counted') {
      count = production.count;
    } else {
      count = { produced: 0, unit: plan.unit, resets: 0, quality: hour.buckets.apt > 0 ? 'uncertain' : 'good' };
      note = '; no counter sample in the hour (earlier and later hours counted): USED taken as 0';
    }
    const figures = pastPeriodCapacity({
      periodMs: MS_PER_HOUR,
      timeElements: hour.buckets,
      producedQuantity: count.produced,
      unit: count.unit,
      ...(plan.idealUnitTimeMs !== undefined ? { idealUnitTimeMs: plan.idealUnitTimeMs } : {}),
      ...(plan.ratedPerHour !== undefined ? { ratedPerHour: plan.ratedPerHour } : {}),
      counterQuality: count.quality,
      unexpectedResets: plan.resetsExpected ? 0 : count.resets,
    });
    if (figures === undefined) return 'no-capacity-basis';
    return TYPES.map((type) => ({
      equipmentId: hour.equipmentId,
      path: plan.path,
      start: hour.start,
      end: hour.end,
      granularity: 'hour' as const,
      type,
      quantity: { value: figures[type], unit: count.unit },
      confidence: figures.confidence,
      derivation: figures.derivation + note,
      signalIds: plan.signalIds,
    }));
  }

  function derive(derivation: KpiDerivation): DerivedCapacity[] {
    // Equipment that is configured but not recorded: each of its hourly counts is a skipped hour.
    for (const count of derivation.counts) {
      const reason = status[count.equipmentId];
      if (reason !== undefined && reason !== 'recorded') hoursSkipped[reason] += 1;
    }
    const out: DerivedCapacity[] = [];
    for (const hour of closer.close(derivation)) {
      const plan = plans.get(hour.equipmentId);
      if (plan === undefined) continue; // the closer only closes hours of recorded equipment
      const result = recordsOf(hour, plan);
      if (typeof result === 'string') {
        hoursSkipped[result] += 1;
      } else {
        hoursRecorded += 1;
        out.push(...result);
      }
    }
    const order = (t: DerivedCapacityType) => TYPES.indexOf(t);
    const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return out.sort((a, b) => a.start - b.start || byId(a.equipmentId, b.equipmentId) || order(a.type) - order(b.type));
  }

  return {
    derive,
    deriveAndEncode(derivation, createTime) {
      return encodeCapacityPayload(derive(derivation), createTime);
    },
    state: () => closer.state(),
    stats() {
      return { hoursRecorded, hoursSkipped: { ...hoursSkipped }, droppedItems: closer.droppedItems(), equipment: { ...status } };
    },
  };
}
