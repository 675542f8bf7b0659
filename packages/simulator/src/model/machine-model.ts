import { RongtongError, type FieldViolation } from '@rongtong/core';
import { CNC_BEHAVIOUR } from './cnc-behaviour.js';
import { TruthRecorder, type MachineGroundTruth, type TruthJob } from './ground-truth.js';
import { LEGACY_BEHAVIOUR } from './legacy-behaviour.js';
import type { MachineBehaviour, PartTotals, ProfileShape } from './machine-behaviour.js';
import type { MachineKind } from './machine-kind.js';
import type { JobPhase, JobStep, MachineScript, RunStep } from './machine-step.js';
import { PACKML_BEHAVIOUR } from './packml-behaviour.js';
import { createRng, machineSeed } from './prng.js';

/** The behaviour of each machine kind. */
export const MACHINE_BEHAVIOURS: Readonly<Record<MachineKind, MachineBehaviour>> = Object.freeze({
  cnc: CNC_BEHAVIOUR,
  packml: PACKML_BEHAVIOUR,
  legacy: LEGACY_BEHAVIOUR,
});

/** Options of `createMachineModel`. */
export interface MachineModelOptions {
  readonly kind: MachineKind;
  /** Machine id, e.g. `CNC1`; part of job ids and of the random stream's seed. */
  readonly id: string;
  /** Simulation seed (default 1). Same seed and id → same history. */
  readonly seed?: string | number;
  /** Simulated start, ms since the Unix epoch (UTC). */
  readonly startTime: number;
  /** Parameter overrides (see `DEFAULT_CNC_PROFILE`, `DEFAULT_PACKML_PROFILE`, `DEFAULT_LEGACY_PROFILE`). */
  readonly params?: Readonly<Record<string, number | readonly [number, number]>>;
}

/** The current job as the machine reports it. */
export interface JobSnapshot {
  readonly id: string;
  readonly product: string;
  readonly productId: number;
  readonly planned: number;
  readonly produced: number;
  readonly good: number;
  readonly scrap: number;
  readonly cycles: number;
  readonly phase: JobPhase;
  /** Ideal cycle time of the job, ms. */
  readonly cycleMs: number;
  readonly partsPerCycle: number;
}

/** What a machine shows at one instant: what the OPC UA layer publishes. */
export interface MachineSnapshot {
  readonly id: string;
  readonly kind: MachineKind;
  /** Simulated time, ms since the epoch. */
  readonly at: number;
  /** Raw state and mode names (see `machine-kind.ts`). */
  readonly state: string;
  readonly mode: string;
  /** When the current state (or mode) was entered. */
  readonly stateSince: number;
  readonly job: JobSnapshot;
  /** Parts made since the simulation started. */
  readonly lifetime: PartTotals;
  /** The published counters by name, e.g. `partsProducedInLifetime`. */
  readonly counters: Readonly<Record<string, number>>;
  /** Time powered on since the simulation started (not in NotAvailable / Off), ms. */
  readonly powerOnMs: number;
  /** Length of the last completed cycle, ms (0 before the first). */
  readonly lastCycleMs: number;
  /** The job's nominal rate in parts/min while producing, else 0. */
  readonly partsPerMinute: number;
  readonly starved: boolean;
  readonly blocked: boolean;
  readonly faults: number;
}

/** A listener called after every step boundary with the machine's new snapshot. */
export type SnapshotListener = (snapshot: MachineSnapshot) => void;

/**
 * A deterministic, seeded machine (no I/O, no clock): advance it in simulated time and read its
 * snapshot and ground truth. Advancing by one hour or by 3,600 one-second steps gives the same
 * history: all randomness is drawn at state boundaries, never per call.
 */
export interface MachineModel {
  readonly id: string;
  readonly kind: MachineKind;
  /** Current simulated time, ms since the epoch. */
  readonly now: number;
  /** Advances to simulated time `t` (≥ now), calling `listener` at each change on the way. */
  advanceTo(t: number, listener?: SnapshotListener): void;
  /** Advances by `ms` (≥ 0). */
  advance(ms: number, listener?: SnapshotListener): void;
  snapshot(): MachineSnapshot;
  groundTruth(): MachineGroundTruth;
}

const POWERED_OFF = new Set(['NotAvailable', 'Off']);
const EMPTY_JOB: JobStep = { do: 'job', id: '', product: '', productId: 0, planned: 0, cycleMs: 0, partsPerCycle: 1 };

interface MutableTotals {
  produced: number;
  good: number;
  scrap: number;
  cycles: number;
}

function checkParams(kind: MachineKind, defaults: ProfileShape, params: MachineModelOptions['params']): ProfileShape {
  if (params === undefined) return defaults;
  const violations: FieldViolation[] = [];
  for (const [key, value] of Object.entries(params)) {
    const def = defaults[key];
    const path = `params.${key}`;
    if (def === undefined) violations.push({ path, reason: `unknown parameter of a ${kind} machine` });
    else if (typeof def === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) violations.push({ path, reason: 'must be a number ≥ 0' });
    } else if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0) || value[0] > value[1]) {
      violations.push({ path, reason: 'must be a range [min, max] with 0 ≤ min ≤ max' });
    }
  }
  if (violations.length > 0) {
    throw new RongtongError('INVALID_ARGUMENT', `invalid parameters of ${kind} machine: ${violations.map((v) => `${v.path}: ${v.reason}`).join('; ')}`, {
      fieldViolations: violations,
    });
  }
  return { ...defaults, ...params };
}

/**
 * A machine model of `kind`, seeded from `seed` and `id`, starting at `startTime` in the first
 * state of its script (the first job's setup).
 */
export function createMachineModel(options: MachineModelOptions): MachineModel {
  const { kind, id } = options;
  const behaviour = MACHINE_BEHAVIOURS[kind];
  const profile = checkParams(kind, behaviour.defaults, options.params);
  if (!Number.isSafeInteger(options.startTime)) throw new RongtongError('INVALID_ARGUMENT', 'startTime must be whole milliseconds since the epoch');
  const rng = createRng(machineSeed(options.seed ?? 1, id));
  const offsets = behaviour.offsets(rng, profile);
  const script: MachineScript = behaviour.script(rng, profile, id);
  const truth = new TruthRecorder(behaviour.stateMapping);
  const startTime = options.startTime;

  let now = startTime;
  let step: RunStep = { do: 'run', state: '', mode: '', ms: 1 };
  let stepEnds = now;
  let stateSince = now;
  let phase: JobPhase = 'Initializing';
  let job: JobStep = EMPTY_JOB;
  const jobTotals: MutableTotals = { produced: 0, good: 0, scrap: 0, cycles: 0 };
  const lifetime: MutableTotals = { produced: 0, good: 0, scrap: 0, cycles: 0 };
  const jobs: { -readonly [K in keyof TruthJob]: TruthJob[K] }[] = [];
  let powerOnMs = 0;
  let lastCycleMs = 0;
  let starved = false;
  let blocked = false;
  let faults = 0;

  const counters = (): Readonly<Record<string, number>> => behaviour.counters({ ...lifetime }, { ...jobTotals }, offsets);

  /**
   * Pulls steps until the next `run` step and starts it at `now`. A job that ends where the next
   * one is loaded (no run step between) is shown once more with its final counters, before they
   * reset: otherwise its last cycle would never be published, and a reader of the job counters
   * would lose those parts.
   */
  const nextRun = (listener?: SnapshotListener): void => {
    let jobEnded = false;
    for (;;) {
      const next = script.next().value;
      switch (next.do) {
        case 'run': {
          if (next.state !== step.state || next.mode !== step.mode) stateSince = now;
          step = next;
          stepEnds = now + next.ms;
          if (next.phase !== undefined) phase = next.phase;
          return;
        }
        case 'job': {
          if (jobEnded) listener?.(snapshot());
          job = next;
          phase = 'Initializing';
          jobTotals.produced = jobTotals.good = jobTotals.scrap = jobTotals.cycles = 0;
          jobs.push({ id: next.id, product: next.product, planned: next.planned, start: new Date(now).toISOString(), end: null, produced: 0, good: 0, scrap: 0, cycles: 0 });
          break;
        }
        case 'endJob': {
          jobEnded = true;
          phase = 'Ended';
          const current = jobs.at(-1);
          if (current !== undefined) current.end = new Date(now).toISOString();
          break;
        }
        case 'fault':
          faults++;
          break;
        case 'flags':
          starved = next.starved;
          blocked = next.blocked;
          break;
      }
    }
  };

  const spend = (to: number): void => {
    truth.addTime(now, to, step.state, step.mode);
    if (!POWERED_OFF.has(step.state)) powerOnMs += to - now;
    now = to;
  };

  const finishStep = (): void => {
    const outcome = step.outcome;
    if (outcome === undefined) return;
    const good = outcome.parts - outcome.scrap;
    for (const totals of [jobTotals, lifetime]) {
      totals.produced += outcome.parts;
      totals.good += good;
      totals.scrap += outcome.scrap;
      totals.cycles += 1;
    }
    const current = jobs.at(-1);
    if (current !== undefined) {
      current.produced += outcome.parts;
      current.good += good;
      current.scrap += outcome.scrap;
      current.cycles += 1;
    }
    lastCycleMs = step.ms;
    truth.addParts(now, good, outcome.scrap, 1);
  };

  const snapshot = (): MachineSnapshot => ({
    id,
    kind,
    at: now,
    state: step.state,
    mode: step.mode,
    stateSince,
    job: { id: job.id, product: job.product, productId: job.productId, planned: job.planned, cycleMs: job.cycleMs, partsPerCycle: job.partsPerCycle, phase, ...jobTotals },
    lifetime: { ...lifetime },
    counters: counters(),
    powerOnMs,
    lastCycleMs,
    partsPerMinute: step.outcome !== undefined && job.cycleMs > 0 ? (60_000 * job.partsPerCycle) / job.cycleMs : 0,
    starved,
    blocked,
    faults,
  });

  nextRun();
  const countersAtStart = counters();

  const model: MachineModel = {
    id,
    kind,
    get now() {
      return now;
    },
    advanceTo(t, listener) {
      if (!Number.isSafeInteger(t)) throw new RangeError(`advanceTo: ${t} is not whole milliseconds`);
      if (t < now) throw new RangeError(`advanceTo: ${new Date(t).toISOString()} is before the model's time ${new Date(now).toISOString()}`);
      while (stepEnds <= t) {
        spend(stepEnds);
        finishStep();
        nextRun(listener);
        listener?.(snapshot());
      }
      spend(t);
    },
    advance(ms, listener) {
      model.advanceTo(now + ms, listener);
    },
    snapshot,
    groundTruth: () => ({
      id,
      kind,
      from: new Date(startTime).toISOString(),
      to: new Date(now).toISOString(),
      elapsedMs: now - startTime,
      state: step.state,
      mode: step.mode,
      totals: truth.totalsSnapshot(),
      hours: truth.hoursSnapshot(),
      jobs: jobs.map((j) => ({ ...j })),
      faults,
      counters: counters(),
      countersAtStart,
    }),
  };
  return model;
}
