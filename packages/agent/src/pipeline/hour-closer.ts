import { MS_PER_HOUR, TIME_BUCKETS, hourStart, type DerivedInterval, type TimeBucket } from '@rongtong/core';
import type { AgentConfig } from '../config/agent-config-schema.js';
import type { DerivedCount, KpiDerivation } from './kpi-payload.js';

/**
 * The ProductionCount of a pending hour. Plain JSON. (Capacity states saved before the hour
 * closer existed hold only `produced`, `unit`, `resets` and `quality`: all capacity reads.)
 */
export type HourCount = Pick<DerivedCount, 'produced' | 'good' | 'scrap' | 'rework' | 'unit' | 'resets' | 'quality'>;

/** One UTC hour of one piece of equipment that is not closed yet. Plain JSON. */
export interface PendingHour {
  /** Start of the hour, ms since the Unix epoch. */
  readonly start: number;
  /** Time of the hour's state intervals per ISO 22400 bucket, ms; all 0 while none arrived. */
  readonly buckets: Readonly<Record<TimeBucket, number>>;
  /** The hour's ProductionCount, once it arrived. */
  readonly count?: HourCount;
}

/** What the hour closer carries per piece of equipment. Plain JSON. */
export interface EquipmentHoursCarry {
  /** End of the latest state interval seen (intervals arrive in time order and without gaps). */
  readonly stateThrough?: number;
  /** Start of the first ProductionCount seen: production before it is unknown. */
  readonly countFrom?: number;
  /** End of the latest ProductionCount seen (counts arrive once per hour, in hour order). */
  readonly countThrough?: number;
  /** Hours that start before this are closed; data for them is late and dropped. */
  readonly closedThrough?: number;
  /** Hours with data that are not closed yet, in start order. */
  readonly hours: readonly PendingHour[];
}

/** What an hour closer carries between batches: plain JSON, so it can be persisted and restored. */
export interface HourCloserState {
  /** Per equipment id (only equipment whose hours are closed). */
  readonly equipment: Readonly<Record<string, EquipmentHoursCarry>>;
}

/** What is known of a closed hour's production. */
export type HourProduction =
  /** The hour's ProductionCount. */
  | { readonly kind: 'counted'; readonly count: HourCount }
  /**
   * No ProductionCount, but the counter reported earlier and later hours: it had no accepted
   * sample in the hour, and a counter reported by exception sends none while it stands
   * still — nothing was counted.
   */
  | { readonly kind: 'silent' }
  /** The hour of the counter's first ProductionCount: it starts at a baseline reading somewhere in the hour, what was made before is unknown. */
  | { readonly kind: 'counter-start' }
  /** No ProductionCount, and silence cannot be read as 0: before the counter's first count, in an hour closed early, or on equipment without a counter. */
  | { readonly kind: 'no-count' };

/** One equipment-hour the closer closed. */
export interface ClosedHour {
  readonly equipmentId: string;
  /** Start of the UTC hour, ms since the Unix epoch. */
  readonly start: number;
  /** `start` + 1 h. */
  readonly end: number;
  /** Time of the hour's state intervals per bucket, ms (together at most the hour); all 0 when none came (see {@link hasState}). */
  readonly buckets: Readonly<Record<TimeBucket, number>>;
  readonly production: HourProduction;
}

/** Options of an hourly stage behind the KPI deriver (capacity records, KPI records): what its hour closer needs, and the config. */
export interface HourlyStageOptions {
  /** The parsed config: signals (which equipment has state and counters) and equipment. */
  readonly config: Pick<AgentConfig, 'signals' | 'equipment'>;
  /** The stage's saved state: its hour closer's. */
  readonly initialState?: HourCloserState;
  /**
   * Open hours kept per equipment while one of its signals lags (e.g. a state unchanged for
   * days, reported only on change); beyond this the oldest hour is closed with what it has.
   * Integer ≥ 1, default 168 (a week).
   */
  readonly maxPendingHours?: number;
}

/** Options of {@link createHourCloser}. */
export interface HourCloserOptions extends Pick<HourlyStageOptions, 'initialState' | 'maxPendingHours'> {
  /**
   * The equipment whose hours are closed, by id. `counted`: it has a counter the KPI deriver
   * counts, so its hours wait for counts too; otherwise for its state alone (and its hours'
   * production is `no-count`). Intervals and counts of other equipment are ignored.
   */
  readonly equipment: ReadonlyMap<string, { readonly counted: boolean }>;
}

/** Collects a KPI deriver's output per equipment-hour and says when an hour is complete (see {@link createHourCloser}). */
export interface HourCloser {
  /** Books one KPI derivation's intervals and counts; returns the hours that closes, per equipment in hour order. */
  close(derivation: Pick<KpiDerivation, 'intervals' | 'counts'>): ClosedHour[];
  /** A JSON-serialisable copy of the carried state. */
  state(): HourCloserState;
  /** State intervals and production counts dropped so far (wholly or partly): late, or repeats. */
  droppedItems(): number;
}

interface MutableHour {
  start: number;
  buckets: Record<TimeBucket, number>;
  count?: HourCount;
}

interface MutableCarry {
  stateThrough?: number;
  countFrom?: number;
  countThrough?: number;
  closedThrough?: number;
  hours: Map<number, MutableHour>;
}

function emptyBuckets(): Record<TimeBucket, number> {
  return Object.fromEntries(TIME_BUCKETS.map((b) => [b, 0])) as Record<TimeBucket, number>;
}

/** True when some state interval fell into `hour`. */
export function hasState(hour: Pick<ClosedHour, 'buckets'>): boolean {
  return TIME_BUCKETS.some((b) => hour.buckets[b] > 0);
}

function fromJson(carry: EquipmentHoursCarry): MutableCarry {
  const { hours, ...marks } = structuredClone(carry);
  return { ...marks, hours: new Map(hours.map((h) => [h.start, { ...h, buckets: { ...emptyBuckets(), ...h.buckets } }])) };
}

function toJson(carry: MutableCarry): EquipmentHoursCarry {
  const hours = [...carry.hours.values()].sort((a, b) => a.start - b.start);
  return structuredClone({ ...carry, hours });
}

/** What `carry` knows of the production of `hour`, which closes now. */
function productionOf(carry: MutableCarry, hour: MutableHour, counted: boolean): HourProduction {
  if (!counted) return { kind: 'no-count' };
  if (hour.start === carry.countFrom) return { kind: 'counter-start' };
  if (hour.count !== undefined) return { kind: 'counted', count: hour.count };
  const { countFrom, countThrough } = carry;
  const passed = countFrom !== undefined && countThrough !== undefined && countFrom <= hour.start && countThrough >= hour.start + MS_PER_HOUR;
  return { kind: passed ? 'silent' : 'no-count' };
}

/**
 * An hour closer: the shared first half of the hourly stages after the KPI deriver (capacity
 * records, KPI records). It consumes what the KPI deriver ended, batch by batch, and yields
 * each equipment-hour once, when it is complete. Pure apart from its small carried state.
 *
 * - **Accumulating**: per equipment and UTC hour, the state intervals' time per bucket and
 *   the hour's ProductionCount, in whichever batches they come.
 * - **When an hour closes**: once the state intervals reach the hour's end (the KPI deriver
 *   emits them in order and without gaps) *and*, for equipment with a counter, a
 *   ProductionCount for that hour or a later one has arrived (it emits one per hour, in hour
 *   order). Both marks only move forward, so how the data is split into batches does not
 *   matter, each hour closes exactly once, and every hour with data closes as soon as its
 *   signals have passed it. Should one signal lag more than `maxPendingHours`, the oldest
 *   open hour closes with what it has.
 * - **What is known of its production** ({@link HourProduction}): its count; `silent` (no
 *   count between earlier and later counted hours: nothing counted); `counter-start` (the
 *   hour of the counter's first count, whose baseline lies inside it); or `no-count`.
 * - **Repeats and late data**: state time before the latest interval's end, a count for an
 *   hour at or before the latest count's, and anything for a closed hour (after an early
 *   close, or a KPI deriver restarted without its state) are dropped and counted in
 *   `droppedItems()` — never booked twice.
 */
export function createHourCloser(options: HourCloserOptions): HourCloser {
  const maxPendingHours = options.maxPendingHours ?? 168;
  if (!Number.isInteger(maxPendingHours) || maxPendingHours < 1) {
    throw new RangeError(`maxPendingHours must be an integer >= 1, got ${maxPendingHours}`);
  }
  const { equipment } = options;
  const carries = new Map<string, MutableCarry>();
  for (const [id, carry] of Object.entries(options.initialState?.equipment ?? {})) {
    if (equipment.has(id)) carries.set(id, fromJson(carry));
  }
  let dropped = 0;

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
    if (!equipment.has(interval.equipmentId) || !(interval.end > interval.start)) return;
    const carry = carryOf(interval.equipmentId);
    // The KPI deriver's intervals follow each other without overlap: time before the state
    // mark was booked already (a repeat, or a KPI deriver restarted without its state).
    const begin = Math.max(interval.start, carry.stateThrough ?? -Infinity);
    let late = begin > interval.start;
    // KPI intervals never cross an hour; split anyway rather than misbook time.
    for (let from = begin; from < interval.end; ) {
      const start = hourStart(from);
      const to = Math.min(interval.end, start + MS_PER_HOUR);
      if (isLate(carry, start)) late = true;
      else hourOf(carry, start).buckets[interval.bucket] += to - from;
      from = to;
    }
    if (late) dropped += 1;
    carry.stateThrough = Math.max(carry.stateThrough ?? -Infinity, interval.end);
  }

  function addCount(count: DerivedCount): void {
    if (equipment.get(count.equipmentId)?.counted !== true) return;
    const carry = carryOf(count.equipmentId);
    const start = hourStart(count.start);
    // One count per hour, in hour order: one for an hour at or before the count mark is a repeat.
    if (isLate(carry, start) || start < (carry.countThrough ?? -Infinity)) {
      dropped += 1;
      return;
    }
    const { produced, good, scrap, rework, unit, resets, quality } = count;
    hourOf(carry, start).count = { produced, good, scrap, rework, unit, resets, quality };
    carry.countFrom ??= start;
    carry.countThrough = start + MS_PER_HOUR;
  }

  /** Closes what `carry`'s marks (and `maxPendingHours`) allow, appending the hours to `out`. */
  function closeReady(equipmentId: string, counted: boolean, carry: MutableCarry, out: ClosedHour[]): void {
    const stateThrough = carry.stateThrough ?? -Infinity;
    const through = counted ? Math.min(stateThrough, carry.countThrough ?? -Infinity) : stateThrough;
    const pending = [...carry.hours.values()].sort((a, b) => a.start - b.start);
    pending.forEach((hour, i) => {
      const end = hour.start + MS_PER_HOUR;
      const ready = end <= through;
      const overflow = pending.length - i > maxPendingHours;
      if (!ready && !overflow) return;
      carry.hours.delete(hour.start);
      carry.closedThrough = Math.max(carry.closedThrough ?? -Infinity, end);
      out.push({ equipmentId, start: hour.start, end, buckets: hour.buckets, production: productionOf(carry, hour, counted) });
    });
  }

  return {
    close(derivation) {
      for (const interval of derivation.intervals) addInterval(interval);
      for (const count of derivation.counts) addCount(count);
      const out: ClosedHour[] = [];
      for (const [equipmentId, carry] of carries) closeReady(equipmentId, equipment.get(equipmentId)?.counted === true, carry, out);
      return out;
    },
    state() {
      return { equipment: Object.fromEntries([...carries].map(([id, carry]) => [id, toJson(carry)])) };
    },
    droppedItems: () => dropped,
  };
}
