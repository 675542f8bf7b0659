import { mapStateToBucket, type StateMapping, type TimeBucket } from '@rongtong/core';
import type { MachineKind } from './machine-kind.js';

const MS_PER_HOUR = 3_600_000;

/** Time and parts of one period (the whole run, or one UTC hour). All times in ms. */
export interface TruthPeriod {
  /** Time per raw state name (MachineryItemState, PackML state, legacy status). */
  readonly stateMs: Readonly<Record<string, number>>;
  /** Time per raw state and mode: `stateModeMs[state][mode]`. */
  readonly stateModeMs: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /**
   * Time per ISO 22400 bucket, derived from state and mode with the kind's default mapping
   * (`MACHINERY_STATE_MAPPING`, `PACKML_STATE_MAPPING`, `LEGACY_STATE_MAPPING`).
   */
  readonly bucketMs: Readonly<Partial<Record<TimeBucket, number>>>;
  /** Parts completed (good + scrap). */
  readonly produced: number;
  readonly good: number;
  readonly scrap: number;
  /** Machine cycles completed (shots for the legacy machine; equals `produced` for the others). */
  readonly cycles: number;
}

/** One UTC hour of the ground truth. */
export interface TruthHour extends TruthPeriod {
  /** Start of the hour, ISO 8601 UTC, e.g. `2030-01-01T05:00:00.000Z`. */
  readonly hour: string;
}

/** One job as it really ran. */
export interface TruthJob {
  readonly id: string;
  readonly product: string;
  /** Planned quantity in parts. */
  readonly planned: number;
  /** When the job was loaded (its counters reset), ISO 8601. */
  readonly start: string;
  /** When its last part was made, ISO 8601; null while it runs. */
  readonly end: string | null;
  readonly produced: number;
  readonly good: number;
  readonly scrap: number;
  readonly cycles: number;
}

/** What one simulated machine really did, to compare with what a connector derived. */
export interface MachineGroundTruth {
  readonly id: string;
  readonly kind: MachineKind;
  /** Simulated start and end of the recorded period, ISO 8601 UTC. */
  readonly from: string;
  readonly to: string;
  /** `to − from` in ms: the sum of `totals.stateMs`. */
  readonly elapsedMs: number;
  /** State and mode at `to`. */
  readonly state: string;
  readonly mode: string;
  readonly totals: TruthPeriod;
  /** The same per UTC hour, in time order (hours with no time and no parts are left out). */
  readonly hours: readonly TruthHour[];
  /** Every job started in the period, in order; the last one may still run. */
  readonly jobs: readonly TruthJob[];
  /** Faults that started in the period. */
  readonly faults: number;
  /** The counters as published at `to`, by name (see each kind's behaviour). */
  readonly counters: Readonly<Record<string, number>>;
  /** The counters as published at `from`. */
  readonly countersAtStart: Readonly<Record<string, number>>;
}

interface MutablePeriod {
  stateMs: Record<string, number>;
  stateModeMs: Record<string, Record<string, number>>;
  bucketMs: Partial<Record<TimeBucket, number>>;
  produced: number;
  good: number;
  scrap: number;
  cycles: number;
}

function emptyPeriod(): MutablePeriod {
  return { stateMs: {}, stateModeMs: {}, bucketMs: {}, produced: 0, good: 0, scrap: 0, cycles: 0 };
}

function addMs(period: MutablePeriod, state: string, mode: string, bucket: TimeBucket, ms: number): void {
  period.stateMs[state] = (period.stateMs[state] ?? 0) + ms;
  const modes = (period.stateModeMs[state] ??= {});
  modes[mode] = (modes[mode] ?? 0) + ms;
  period.bucketMs[bucket] = (period.bucketMs[bucket] ?? 0) + ms;
}

function copyPeriod(period: MutablePeriod): TruthPeriod {
  return {
    stateMs: { ...period.stateMs },
    stateModeMs: Object.fromEntries(Object.entries(period.stateModeMs).map(([state, modes]) => [state, { ...modes }])),
    bucketMs: { ...period.bucketMs },
    produced: period.produced,
    good: period.good,
    scrap: period.scrap,
    cycles: period.cycles,
  };
}

/**
 * Accumulates a machine's time per state (split at UTC hour boundaries) and its parts per hour.
 * Integer milliseconds in, so the sums are exact however the time was sliced.
 */
export class TruthRecorder {
  private readonly totals = emptyPeriod();
  private readonly hours = new Map<number, MutablePeriod>();

  constructor(private readonly mapping: StateMapping) {}

  private hour(start: number): MutablePeriod {
    let period = this.hours.get(start);
    if (period === undefined) {
      period = emptyPeriod();
      this.hours.set(start, period);
    }
    return period;
  }

  /** Records `[from, to)` spent in `state` / `mode`. */
  addTime(from: number, to: number, state: string, mode: string): void {
    if (to <= from) return;
    const bucket = mapStateToBucket(state, mode, this.mapping);
    addMs(this.totals, state, mode, bucket, to - from);
    for (let t = from; t < to; ) {
      const hourStart = Math.floor(t / MS_PER_HOUR) * MS_PER_HOUR;
      const end = Math.min(to, hourStart + MS_PER_HOUR);
      addMs(this.hour(hourStart), state, mode, bucket, end - t);
      t = end;
    }
  }

  /** Records parts completed at `at`. */
  addParts(at: number, good: number, scrap: number, cycles: number): void {
    const hourStart = Math.floor(at / MS_PER_HOUR) * MS_PER_HOUR;
    for (const period of [this.totals, this.hour(hourStart)]) {
      period.produced += good + scrap;
      period.good += good;
      period.scrap += scrap;
      period.cycles += cycles;
    }
  }

  /** The totals so far. */
  totalsSnapshot(): TruthPeriod {
    return copyPeriod(this.totals);
  }

  /** The hours so far, in time order. */
  hoursSnapshot(): TruthHour[] {
    return [...this.hours.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, period]) => ({ hour: new Date(start).toISOString(), ...copyPeriod(period) }));
  }
}
