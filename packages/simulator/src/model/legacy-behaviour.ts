import type { StateMapping } from '@rongtong/core';
import type { MachineBehaviour, Range } from './machine-behaviour.js';
import type { LegacyMachineMode, LegacyStatus } from './machine-kind.js';
import { chancePerCycle, jobId, run, type JobPhase, type MachineScript, type RunStep } from './machine-step.js';
import type { Rng } from './prng.js';

const MIN = 60_000;
const HOUR = 3_600_000;

/** Parameters of the simulated legacy injection moulding machine. Times in ms; chances in [0, 1]. */
export type LegacyProfile = {
  /** Ideal cycle (shot) time of a job, drawn per job. */
  readonly cycleMs: Range;
  /** Each shot varies by ± this fraction of the job's cycle time. */
  readonly cycleJitter: number;
  /** Mould cavities (parts per shot), drawn per job. */
  readonly cavities: Range;
  /** Shots planned per job. */
  readonly jobShots: Range;
  /** Mould change at the start of a job (Setup). */
  readonly setupMs: Range;
  /** Shots after a setup whose parts are all scrap (start-up rejects). */
  readonly startupScrapShots: Range;
  /** Chance that a part is scrap in steady production. */
  readonly scrapRate: number;
  /** Mean time between alarms while cycling (0: never). */
  readonly mtbfMs: number;
  /** Time in Alarm until repaired. */
  readonly repairMs: Range;
  /** Shots after an alarm whose parts are all scrap. */
  readonly restartScrapShots: Range;
  /** Mean time between waits (material, operator) while cycling (0: never). */
  readonly waitMeanIntervalMs: number;
  readonly waitMs: Range;
  /** Chance of planned maintenance between two jobs. */
  readonly maintenanceChance: number;
  readonly maintenanceMs: Range;
  /** Chance that the machine is switched off between two jobs. */
  readonly offChance: number;
  readonly offMs: Range;
  /** `MachineCycleCounter` (lifetime shots) when the simulation starts. */
  readonly lifetimeOffset: Range;
};

/** Realistic defaults: 20–60 s shots, 1–4 cavities, 100–600 shots a job, an alarm every 8 h. */
export const DEFAULT_LEGACY_PROFILE: LegacyProfile = Object.freeze({
  cycleMs: [20_000, 60_000],
  cycleJitter: 0.02,
  cavities: [1, 4],
  jobShots: [100, 600],
  setupMs: [30 * MIN, 90 * MIN],
  startupScrapShots: [2, 6],
  scrapRate: 0.01,
  mtbfMs: 8 * HOUR,
  repairMs: [5 * MIN, 60 * MIN],
  restartScrapShots: [1, 3],
  waitMeanIntervalMs: 1 * HOUR,
  waitMs: [1 * MIN, 10 * MIN],
  maintenanceChance: 0.1,
  maintenanceMs: [30 * MIN, 90 * MIN],
  offChance: 0.05,
  offMs: [30 * MIN, 120 * MIN],
  lifetimeOffset: [50_000, 2_000_000],
} as const);

/**
 * ISO 22400 buckets for the legacy status names — the vendor table has no standard mapping, so
 * this is what a user would write in the agent's config: Producing → APT, Setup → AUST,
 * Alarm → ADET, Waiting → ADOT, Maintenance → PDOT, Off → unknown.
 */
export const LEGACY_STATE_MAPPING: StateMapping = Object.freeze({
  name: 'rongtong-simulator-legacy',
  states: Object.freeze({
    Producing: 'apt',
    Setup: 'aust',
    Alarm: 'adet',
    Waiting: 'adot',
    Maintenance: 'pdot',
    Off: 'unknown',
  }),
} satisfies StateMapping);

function legacy(state: LegacyStatus, mode: LegacyMachineMode, ms: number, phase?: JobPhase): RunStep {
  return run(state, mode, ms, phase);
}

function* legacyScript(rng: Rng, p: LegacyProfile, machineId: string): MachineScript {
  for (let n = 1; ; n++) {
    if (n > 1) {
      if (rng.chance(p.offChance)) yield legacy('Off', 'OTHER', rng.duration(p.offMs));
      else if (rng.chance(p.maintenanceChance)) yield legacy('Maintenance', 'MANUAL', rng.duration(p.maintenanceMs));
    }
    const mould = 2001 + rng.int(0, 9);
    const cavities = rng.int(p.cavities[0], p.cavities[1]);
    const shots = rng.int(p.jobShots[0], p.jobShots[1]);
    const cycleMs = rng.duration(p.cycleMs);
    yield { do: 'job', id: jobId(machineId, n), product: `M${mould}`, productId: mould, planned: shots * cavities, cycleMs, partsPerCycle: cavities };
    yield legacy('Setup', 'SETUP', rng.duration(p.setupMs), 'Initializing');
    let rejectShots = rng.int(p.startupScrapShots[0], p.startupScrapShots[1]);
    for (let shot = 1; shot <= shots; shot++) {
      const ms = cycleMs * (1 + rng.uniform(-p.cycleJitter, p.cycleJitter));
      let scrap = cavities;
      if (rejectShots > 0) rejectShots--;
      else {
        scrap = 0;
        for (let c = 0; c < cavities; c++) if (rng.chance(p.scrapRate)) scrap++;
      }
      yield run('Producing', 'AUTOMATIC', ms, 'Running', { parts: cavities, scrap });
      if (shot === shots) break;
      if (rng.chance(chancePerCycle(ms, p.mtbfMs))) {
        yield { do: 'fault' };
        yield legacy('Alarm', 'AUTOMATIC', rng.duration(p.repairMs), 'Interrupted');
        rejectShots = rng.int(p.restartScrapShots[0], p.restartScrapShots[1]);
      } else if (rng.chance(chancePerCycle(ms, p.waitMeanIntervalMs))) {
        yield legacy('Waiting', 'AUTOMATIC', rng.duration(p.waitMs), 'Interrupted');
      }
    }
    yield { do: 'endJob' };
  }
}

/**
 * A legacy injection moulding machine: per job a mould change (Setup), then shots (Producing) of
 * `cavities` parts each — the first shots after a setup or an alarm are scrap — broken by waits
 * (Waiting) and alarms (Alarm); between jobs, sometimes Maintenance or Off.
 *
 * Counters, named after EUROMAP 77 / OPC 40083 `ActiveCyclicJobValuesType`: `machineCycleCounter`
 * (lifetime shots, never resets), `jobCycleCounter`, `jobPartsCounter`, `jobGoodPartsCounter`,
 * `jobBadPartsCounter` (reset when the next job is loaded).
 */
export const LEGACY_BEHAVIOUR: MachineBehaviour<LegacyProfile> = Object.freeze({
  kind: 'legacy',
  defaults: DEFAULT_LEGACY_PROFILE,
  stateMapping: LEGACY_STATE_MAPPING,
  offsets: (rng: Rng, p: LegacyProfile) => ({ machineCycleCounter: rng.int(p.lifetimeOffset[0], p.lifetimeOffset[1]) }),
  script: legacyScript,
  counters: (lifetime, job, offsets) => ({
    machineCycleCounter: (offsets.machineCycleCounter ?? 0) + lifetime.cycles,
    jobCycleCounter: job.cycles,
    jobPartsCounter: job.produced,
    jobGoodPartsCounter: job.good,
    jobBadPartsCounter: job.scrap,
  }),
} satisfies MachineBehaviour<LegacyProfile>);
