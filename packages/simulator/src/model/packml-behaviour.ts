import { PACKML_STATE_MAPPING } from '@rongtong/core';
import type { MachineBehaviour, Range } from './machine-behaviour.js';
import type { PackmlState } from './machine-kind.js';
import { chancePerCycle, jobId, run, type JobPhase, type MachineScript, type MachineStep, type RunStep } from './machine-step.js';
import type { Rng } from './prng.js';

const SEC = 1000;
const MIN = 60_000;
const HOUR = 3_600_000;
const FIRST_STOP_MS: Range = [1 * SEC, 10 * SEC];

/** Parameters of a simulated PackML packaging line. Times in ms; chances in [0, 1]. */
export type PackmlProfile = {
  /** Time per pack at the job's machine speed, drawn per job (400 ms = 150 packs/min). */
  readonly cycleMs: Range;
  /** Packs planned per job. */
  readonly jobQuantity: Range;
  /** Chance that a pack is defective. */
  readonly scrapRate: number;
  /** Format changeover between jobs (in Stopped). */
  readonly changeoverMs: Range;
  readonly resettingMs: Range;
  /** Waiting for the start command (Idle). */
  readonly idleMs: Range;
  readonly startingMs: Range;
  readonly completingMs: Range;
  readonly completeMs: Range;
  readonly stoppingMs: Range;
  /** Mean time between suspensions (starved upstream / blocked downstream) while executing; 0: never. */
  readonly suspendMeanIntervalMs: number;
  /** Suspending and Unsuspending. */
  readonly suspendingMs: Range;
  readonly suspendedMs: Range;
  /** Mean time between holds (internal: jam, refill) while executing; 0: never. */
  readonly holdMeanIntervalMs: number;
  /** Holding and Unholding. */
  readonly holdingMs: Range;
  readonly heldMs: Range;
  /** Mean time between faults (Aborting → Aborted → Clearing) while executing; 0: never. */
  readonly mtbfMs: number;
  readonly abortingMs: Range;
  /** Repair time in Aborted. */
  readonly abortedMs: Range;
  readonly clearingMs: Range;
  /** Time in Stopped after clearing a fault, before the reset. */
  readonly restartStoppedMs: Range;
  /** `AccCount` of `ProdProcessedCount` when the simulation starts. */
  readonly lifetimeOffset: Range;
  /** `AccCount` of `ProdDefectiveCount` at the start, as a fraction of the processed one. */
  readonly lifetimeDefectiveRatio: Range;
};

/** Realistic defaults: 60–150 packs/min, jobs of 2,000–10,000 packs, a fault every 5 h of Execute. */
export const DEFAULT_PACKML_PROFILE: PackmlProfile = Object.freeze({
  cycleMs: [400, 1000],
  jobQuantity: [2000, 10_000],
  scrapRate: 0.01,
  changeoverMs: [15 * MIN, 45 * MIN],
  resettingMs: [10 * SEC, 30 * SEC],
  idleMs: [1 * MIN, 5 * MIN],
  startingMs: [10 * SEC, 30 * SEC],
  completingMs: [5 * SEC, 15 * SEC],
  completeMs: [1 * MIN, 3 * MIN],
  stoppingMs: [5 * SEC, 15 * SEC],
  suspendMeanIntervalMs: 20 * MIN,
  suspendingMs: [1 * SEC, 3 * SEC],
  suspendedMs: [10 * SEC, 3 * MIN],
  holdMeanIntervalMs: 2 * HOUR,
  holdingMs: [3 * SEC, 8 * SEC],
  heldMs: [2 * MIN, 10 * MIN],
  mtbfMs: 5 * HOUR,
  abortingMs: [2 * SEC, 5 * SEC],
  abortedMs: [5 * MIN, 45 * MIN],
  clearingMs: [20 * SEC, 60 * SEC],
  restartStoppedMs: [30 * SEC, 3 * MIN],
  lifetimeOffset: [100_000, 5_000_000],
  lifetimeDefectiveRatio: [0.005, 0.02],
} as const);

function pack(state: PackmlState, ms: number, phase?: JobPhase, defective?: boolean): RunStep {
  return run(state, 'Produce', ms, phase, defective === undefined ? undefined : { parts: 1, scrap: defective ? 1 : 0 });
}

/** Stopped → Resetting → Idle → Starting, ready to Execute. */
function* startUp(rng: Rng, p: PackmlProfile, stoppedMs: Range, phase?: JobPhase): Generator<MachineStep, void, undefined> {
  yield pack('Stopped', rng.duration(stoppedMs), phase);
  yield pack('Resetting', rng.duration(p.resettingMs));
  yield pack('Idle', rng.duration(p.idleMs));
  yield pack('Starting', rng.duration(p.startingMs));
}

function* interruption(rng: Rng, p: PackmlProfile, cycleMs: number): Generator<MachineStep, void, undefined> {
  if (rng.chance(chancePerCycle(cycleMs, p.mtbfMs))) {
    yield { do: 'fault' };
    yield pack('Aborting', rng.duration(p.abortingMs), 'Interrupted');
    yield pack('Aborted', rng.duration(p.abortedMs));
    yield pack('Clearing', rng.duration(p.clearingMs));
    yield* startUp(rng, p, p.restartStoppedMs);
  } else if (rng.chance(chancePerCycle(cycleMs, p.holdMeanIntervalMs))) {
    yield pack('Holding', rng.duration(p.holdingMs), 'Interrupted');
    yield pack('Held', rng.duration(p.heldMs));
    yield pack('Unholding', rng.duration(p.holdingMs));
  } else if (rng.chance(chancePerCycle(cycleMs, p.suspendMeanIntervalMs))) {
    const starved = rng.chance(0.5);
    yield { do: 'flags', starved, blocked: !starved };
    yield pack('Suspending', rng.duration(p.suspendingMs), 'Interrupted');
    yield pack('Suspended', rng.duration(p.suspendedMs));
    yield pack('Unsuspending', rng.duration(p.suspendingMs));
    yield { do: 'flags', starved: false, blocked: false };
  }
}

function* packmlScript(rng: Rng, p: PackmlProfile, machineId: string): MachineScript {
  for (let n = 1; ; n++) {
    const sku = 100 + rng.int(1, 6);
    const planned = rng.int(p.jobQuantity[0], p.jobQuantity[1]);
    const cycleMs = rng.duration(p.cycleMs);
    yield { do: 'job', id: jobId(machineId, n), product: `SKU-${sku}`, productId: sku, planned, cycleMs, partsPerCycle: 1 };
    // The changeover happens in Stopped; the first job starts on a line that was just stopped.
    yield* startUp(rng, p, n === 1 ? FIRST_STOP_MS : p.changeoverMs, 'Initializing');
    for (let made = 1; made <= planned; made++) {
      yield pack('Execute', cycleMs, 'Running', rng.chance(p.scrapRate));
      if (made === planned) break;
      yield* interruption(rng, p, cycleMs);
    }
    yield pack('Completing', rng.duration(p.completingMs));
    yield { do: 'endJob' };
    yield pack('Complete', rng.duration(p.completeMs));
    yield pack('Stopping', rng.duration(p.stoppingMs));
  }
}

/**
 * A PackML packaging line: per job a changeover in Stopped, Resetting, Idle, Starting, then
 * packs in Execute, broken by Suspended (starved / blocked), Held (internal) and faults
 * (Aborting → Aborted → Clearing → Stopped → Resetting → Idle → Starting); the job ends with
 * Completing → Complete → Stopping. Unit mode `Produce` throughout.
 *
 * Counters (the `PackMLCountDataType` fields): `prodProcessedCount` / `prodDefectiveCount` are the
 * `Count` of the current job (reset when the next job is loaded); `prodProcessedAccCount` /
 * `prodDefectiveAccCount` the never-resetting `AccCount`. Processed includes defective packs.
 */
export const PACKML_BEHAVIOUR: MachineBehaviour<PackmlProfile> = Object.freeze({
  kind: 'packml',
  defaults: DEFAULT_PACKML_PROFILE,
  stateMapping: PACKML_STATE_MAPPING,
  offsets: (rng: Rng, p: PackmlProfile) => {
    const processed = rng.int(p.lifetimeOffset[0], p.lifetimeOffset[1]);
    const ratio = rng.uniform(p.lifetimeDefectiveRatio[0], p.lifetimeDefectiveRatio[1]);
    return { prodProcessedAccCount: processed, prodDefectiveAccCount: Math.round(processed * ratio) };
  },
  script: packmlScript,
  counters: (lifetime, job, offsets) => ({
    prodProcessedCount: job.produced,
    prodDefectiveCount: job.scrap,
    prodProcessedAccCount: (offsets.prodProcessedAccCount ?? 0) + lifetime.produced,
    prodDefectiveAccCount: (offsets.prodDefectiveAccCount ?? 0) + lifetime.scrap,
  }),
} satisfies MachineBehaviour<PackmlProfile>);
