import { MS_PER_HOUR, TIME_BUCKETS, pastPeriodCapacity, type DataQuality, type HierarchyNode, type TimeBucket } from '@rongtong/core';
import type { AgentConfig } from '../config/agent-config-schema.js';
import type { EquipmentConfig } from '../config/equipment-config.js';
import type { SignalConfig } from '../config/signal-config.js';
import { encodeCapacityPayload, type DerivedCapacity, type DerivedCapacityType } from './capacity-payload.js';
import { isCountKind } from './count-derivation.js';
import { hourStart } from './hour.js';
import type { DerivedCount, EncodedPayload, KpiDerivation } from './kpi-payload.js';
import type { DerivedInterval } from './state-derivation.js';

/** The production count of a pending hour, as far as capacity needs it. Plain JSON. */
export interface PendingHourCount {
  readonly produced: number;
  readonly unit: string;
  readonly resets: number;
  readonly quality: DataQuality;
}

/** One UTC hour of one piece of equipment that is not closed yet. Plain JSON. */
export interface PendingCapacityHour {
  /** Start of the hour, ms since the Unix epoch. */
  readonly start: number;
  /** Time of the hour's state intervals per ISO 22400 bucket, ms; all 0 while none arrived. */
  readonly buckets: Readonly<Record<TimeBucket, number>>;
  /** The hour's ProductionCount, once it arrived. */
  readonly count?: PendingHourCount;
}

/** What the capacity deriver carries per piece of equipment. Plain JSON. */
export interface EquipmentCapacityCarry {
  /** End of the latest state interval seen (intervals arrive in time order and without gaps). */
  readonly stateThrough?: number;
  /** Start of the first ProductionCount seen: production before it is unknown. */
  readonly countFrom?: number;
  /** End of the latest ProductionCount seen (counts arrive once per hour, in hour order). */
  readonly countThrough?: number;
  /** Hours that start before this are closed: recorded or skipped; data for them is late and dropped. */
  readonly closedThrough?: number;
  /** Hours with data that are not closed yet, in start order. */
  readonly hours: readonly PendingCapacityHour[];
}

/** What a capacity deriver carries between batches: plain JSON, so it can be persisted and restored. */
export interface CapacityDeriverState {
  /** Per equipment id (only equipment whose hours are recorded). */
  readonly equipment: Readonly<Record<string, EquipmentCapacityCarry>>;
}

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

/** Options of {@link createCapacityDeriver}. */
export interface CapacityDeriverOptions {
  /** The parsed config: signals (which equipment has state and counters) and equipment (ideal unit times, rated capacity, path). */
  readonly config: Pick<AgentConfig, 'signals' | 'equipment'>;
  readonly initialState?: CapacityDeriverState;
  /**
   * Open hours kept per equipment while one of its signals lags (e.g. a state unchanged for
   * days, reported only on change); beyond this the oldest hour is closed with what it has.
   * Integer ≥ 1, default 168 (a week).
   */
  readonly maxPendingHours?: number;
}

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

interface MutableHour {
  start: number;
  buckets: Record<TimeBucket, number>;
  count?: PendingHourCount;
}

interface MutableCarry {
  stateThrough?: number;
  countFrom?: number;
  countThrough?: number;
  closedThrough?: number;
  hours: Map<number, MutableHour>;
}

const TYPES: readonly DerivedCapacityType[] = ['total', 'used', 'unused'];

function emptyBuckets(): Record<TimeBucket, number> {
  return Object.fromEntries(TIME_BUCKETS.map((b) => [b, 0])) as Record<TimeBucket, number>;
}

/** Decides whether `equipment` is recorded, and how. */
function planOf(equipment: EquipmentConfig, signals: readonly SignalConfig[]): EquipmentPlan | Exclude<CapacityEquipmentStatus, 'recorded'> {
  const own = signals.filter((s) => s.equipment === equipment.id);
  // The counters the KPI deriver counts: produced / good / bad / rework, and a cycle counter
  // (as produced parts) where there is no produced_count signal; their ProductionCount's unit
  // is picked as it picks it.
  const hasProduced = own.some((s) => s.semantic === 'produced_count');
  const cycles = hasProduced ? [] : own.filter((s) => s.semantic === 'cycle_count');
  const counters = own.filter((s) => (isCountKind(s.semantic) || cycles.includes(s)) && s.counter !== undefined);
  if (!own.some((s) => s.semantic === 'machine_state')) return 'no-state-signal';
  if (counters.length === 0) return 'no-count-signal';
  let unit: string | undefined;
  for (const s of own) if (isCountKind(s.semantic) && (unit === undefined || s.semantic === 'produced_count')) unit = s.unit;
  for (const s of cycles) unit = s.unit;
  const idealUnitTimeMs = equipment.idealUnitTimes.find((u) => u.productId === undefined)?.idealUnitTime;
  const rated = equipment.ratedCapacityPerHour;
  if (idealUnitTimeMs === undefined && rated === undefined) return 'no-capacity-basis';
  if (idealUnitTimeMs === undefined && rated !== undefined && rated.unit !== (unit ?? '')) return 'unit-mismatch';
  const used = own.filter((s) => s.semantic === 'machine_state' || s.semantic === 'operation_mode' || counters.includes(s));
  return {
    path: equipment.path,
    unit: unit ?? '',
    idealUnitTimeMs,
    ratedPerHour: idealUnitTimeMs === undefined ? rated?.value : undefined,
    resetsExpected: counters.every((s) => s.counter?.resetsOnJob === true),
    signalIds: used.map((s) => s.id).sort(),
  };
}

function fromJson(carry: EquipmentCapacityCarry): MutableCarry {
  const { hours, ...marks } = structuredClone(carry);
  return { ...marks, hours: new Map(hours.map((h) => [h.start, { ...h, buckets: { ...emptyBuckets(), ...h.buckets } }])) };
}

function toJson(carry: MutableCarry): EquipmentCapacityCarry {
  const hours = [...carry.hours.values()].sort((a, b) => a.start - b.start);
  return structuredClone({ ...carry, hours });
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
 * - **Accumulating**: per equipment and hour, the state intervals' time per bucket and the
 *   hour's ProductionCount, in whichever batches they come.
 * - **When an hour closes**: once the state intervals reach the hour's end (the KPI deriver
 *   emits them in order and without gaps) *and* a ProductionCount for that hour or a later
 *   one has arrived (it emits one per hour, in hour order). Both marks only move forward, so
 *   how the data is split into batches does not matter, each hour closes exactly once, and
 *   every hour with data closes as soon as both signals have passed it. Should one signal lag
 *   more than `maxPendingHours`, the oldest open hour closes with what it has.
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
 * - **Repeats and late data**: state time before the latest interval's end, a count for an
 *   hour at or before the latest count's, and anything for a closed hour (after an early
 *   close, or a KPI deriver restarted without its state) are dropped and counted in
 *   `stats().droppedItems` — never booked twice.
 *
 * Records come out sorted by hour, equipment id, then TOTAL, USED, UNUSED. UTC hours are the
 * platform's clock hours in every whole-hour time zone (default Asia/Shanghai, UTC+8).
 */
export function createCapacityDeriver(options: CapacityDeriverOptions): CapacityDeriver {
  const maxPendingHours = options.maxPendingHours ?? 168;
  if (!Number.isInteger(maxPendingHours) || maxPendingHours < 1) {
    throw new RangeError(`maxPendingHours must be an integer >= 1, got ${maxPendingHours}`);
  }
  const plans = new Map<string, EquipmentPlan>();
  const status: Record<string, CapacityEquipmentStatus> = {};
  for (const equipment of options.config.equipment) {
    const plan = planOf(equipment, options.config.signals);
    status[equipment.id] = typeof plan === 'string' ? plan : 'recorded';
    if (typeof plan !== 'string') plans.set(equipment.id, plan);
  }
  const carries = new Map<string, MutableCarry>();
  for (const [id, carry] of Object.entries(options.initialState?.equipment ?? {})) {
    if (plans.has(id)) carries.set(id, fromJson(carry));
  }
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
  let droppedItems = 0;

  function carryOf(equipmentId: string): MutableCarry {
    let carry = carries.get(equipmentId);
    if (carry === undefined) {
      carry = { hours: new Map() };
      carries.set(equipmentId, carry);
    }
    return carry;
  }

  function hourOf(carry: MutableCarry, start: number): MutableHour {
    let hour = carry.hours.get(start);
    if (hour === undefined) {
      hour = { start, buckets: emptyBuckets() };
      carry.hours.set(start, hour);
    }
    return hour;
  }

  const isLate = (carry: MutableCarry, start: number) => carry.closedThrough !== undefined && start < carry.closedThrough;

  function addInterval(interval: DerivedInterval): void {
    if (!plans.has(interval.equipmentId) || !(interval.end > interval.start)) return;
    const carry = carryOf(interval.equipmentId);
    // The KPI deriver's intervals follow each other without overlap: time before the state
    // mark was booked already (a repeat, or a KPI deriver restarted without its state).
    const begin = Math.max(interval.start, carry.stateThrough ?? -Infinity);
    let dropped = begin > interval.start;
    // KPI intervals never cross an hour; split anyway rather than misbook time.
    for (let from = begin; from < interval.end; ) {
      const start = hourStart(from);
      const to = Math.min(interval.end, start + MS_PER_HOUR);
      if (isLate(carry, start)) dropped = true;
      else hourOf(carry, start).buckets[interval.bucket] += to - from;
      from = to;
    }
    if (dropped) droppedItems += 1;
    carry.stateThrough = Math.max(carry.stateThrough ?? -Infinity, interval.end);
  }

  function addCount(count: DerivedCount): void {
    const state = status[count.equipmentId];
    if (state === undefined) return;
    if (state !== 'recorded') {
      hoursSkipped[state] += 1;
      return;
    }
    const carry = carryOf(count.equipmentId);
    const start = hourStart(count.start);
    // One count per hour, in hour order: one for an hour at or before the count mark is a repeat.
    if (isLate(carry, start) || start < (carry.countThrough ?? -Infinity)) {
      droppedItems += 1;
      return;
    }
    hourOf(carry, start).count = { produced: count.produced, unit: count.unit, resets: count.resets, quality: count.quality };
    carry.countFrom ??= start;
    carry.countThrough = start + MS_PER_HOUR;
  }

  /** The records of one closed hour, or the reason it has none. */
  function closeHour(equipmentId: string, plan: EquipmentPlan, carry: MutableCarry, hour: MutableHour): DerivedCapacity[] | CapacitySkipReason {
    const end = hour.start + MS_PER_HOUR;
    if (TIME_BUCKETS.every((b) => hour.buckets[b] === 0)) return 'no-state';
    if (hour.start === carry.countFrom) return 'counter-start';
    let count = hour.count;
    let note = '';
    if (count === undefined) {
      const counterPassed =
        carry.countFrom !== undefined && carry.countThrough !== undefined && carry.countFrom <= hour.start && carry.countThrough >= end;
      if (!counterPassed) return 'no-count';
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
      equipmentId,
      path: plan.path,
      start: hour.start,
      end,
      granularity: 'hour' as const,
      type,
      quantity: { value: figures[type], unit: count.unit },
      confidence: figures.confidence,
      derivation: figures.derivation + note,
      signalIds: plan.signalIds,
    }));
  }

  /** Closes what `carry`'s marks (and `maxPendingHours`) allow, appending records to `out`. */
  function closeReady(equipmentId: string, plan: EquipmentPlan, carry: MutableCarry, out: DerivedCapacity[]): void {
    const through = Math.min(carry.stateThrough ?? -Infinity, carry.countThrough ?? -Infinity);
    const pending = [...carry.hours.values()].sort((a, b) => a.start - b.start);
    pending.forEach((hour, i) => {
      const ready = hour.start + MS_PER_HOUR <= through;
      const overflow = pending.length - i > maxPendingHours;
      if (!ready && !overflow) return;
      carry.hours.delete(hour.start);
      carry.closedThrough = Math.max(carry.closedThrough ?? -Infinity, hour.start + MS_PER_HOUR);
      const result = closeHour(equipmentId, plan, carry, hour);
      if (typeof result === 'string') {
        hoursSkipped[result] += 1;
      } else {
        hoursRecorded += 1;
        out.push(...result);
      }
    });
  }

  function derive(derivation: KpiDerivation): DerivedCapacity[] {
    for (const interval of derivation.intervals) addInterval(interval);
    for (const count of derivation.counts) addCount(count);
    const out: DerivedCapacity[] = [];
    for (const [equipmentId, carry] of carries) {
      const plan = plans.get(equipmentId);
      if (plan !== undefined) closeReady(equipmentId, plan, carry, out);
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
    state() {
      return { equipment: Object.fromEntries([...carries].map(([id, carry]) => [id, toJson(carry)])) };
    },
    stats() {
      return { hoursRecorded, hoursSkipped: { ...hoursSkipped }, droppedItems, equipment: { ...status } };
    },
  };
}
