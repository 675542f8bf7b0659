import { MACHINERY_STATE_MAPPING } from '@rongtong/core';
import type { MachineBehaviour, Range } from './machine-behaviour.js';
import type { MachineryItemState, MachineryOperationMode } from './machine-kind.js';
import { chancePerCycle, jobId, run, type JobPhase, type MachineScript, type RunStep } from './machine-step.js';
import type { Rng } from './prng.js';

const MIN = 60_000;
const HOUR = 3_600_000;

/** Parameters of a simulated CNC machine tool. Times in ms; chances in [0, 1]. */
export type CncProfile = {
  /** Ideal cycle time of a job (one part per cycle), drawn per job. */
  readonly cycleMs: Range;
  /** Each cycle varies by ± this fraction of the job's cycle time. */
  readonly cycleJitter: number;
  /** Parts planned per job. */
  readonly jobQuantity: Range;
  /** Setup at the start of every job (Executing in mode Setup). */
  readonly setupMs: Range;
  /** Chance that a part is scrap. */
  readonly scrapRate: number;
  /** Mean time between faults while cycling (0: never). */
  readonly mtbfMs: number;
  /** Time out of service after a fault. */
  readonly repairMs: Range;
  /** Mean time between waits for the operator or material while cycling (0: never). */
  readonly idleMeanIntervalMs: number;
  /** Length of such a wait (NotExecuting in mode Processing). */
  readonly idleMs: Range;
  /** Chance of planned maintenance between two jobs (NotExecuting in mode Maintenance). */
  readonly maintenanceChance: number;
  readonly maintenanceMs: Range;
  /** Chance that the machine is switched off between two jobs (NotAvailable, mode None). */
  readonly offChance: number;
  readonly offMs: Range;
  /** `PartsProducedInLifetime` when the simulation starts. */
  readonly lifetimeOffset: Range;
};

/** Realistic defaults: 1–5 min cycles, 20–120 parts a job, a fault every 6 h of cycling. */
export const DEFAULT_CNC_PROFILE: CncProfile = Object.freeze({
  cycleMs: [1 * MIN, 5 * MIN],
  cycleJitter: 0.03,
  jobQuantity: [20, 120],
  setupMs: [20 * MIN, 60 * MIN],
  scrapRate: 0.02,
  mtbfMs: 6 * HOUR,
  repairMs: [10 * MIN, 90 * MIN],
  idleMeanIntervalMs: 45 * MIN,
  idleMs: [2 * MIN, 15 * MIN],
  maintenanceChance: 0.1,
  maintenanceMs: [30 * MIN, 90 * MIN],
  offChance: 0.05,
  offMs: [30 * MIN, 120 * MIN],
  lifetimeOffset: [10_000, 500_000],
} as const);

function cnc(state: MachineryItemState, mode: MachineryOperationMode, ms: number, phase?: JobPhase, scrap?: boolean): RunStep {
  return run(state, mode, ms, phase, scrap === undefined ? undefined : { parts: 1, scrap: scrap ? 1 : 0 });
}

function jitter(rng: Rng, ms: number, fraction: number): number {
  return ms * (1 + rng.uniform(-fraction, fraction));
}

function* cncScript(rng: Rng, p: CncProfile, machineId: string): MachineScript {
  for (let n = 1; ; n++) {
    if (n > 1) {
      if (rng.chance(p.offChance)) yield cnc('NotAvailable', 'None', rng.duration(p.offMs));
      else if (rng.chance(p.maintenanceChance)) yield cnc('NotExecuting', 'Maintenance', rng.duration(p.maintenanceMs));
    }
    const program = 1001 + rng.int(0, 7);
    const planned = rng.int(p.jobQuantity[0], p.jobQuantity[1]);
    const cycleMs = rng.duration(p.cycleMs);
    yield { do: 'job', id: jobId(machineId, n), product: `O${program}`, productId: program, planned, cycleMs, partsPerCycle: 1 };
    yield cnc('Executing', 'Setup', rng.duration(p.setupMs), 'Initializing');
    for (let made = 1; made <= planned; made++) {
      const ms = jitter(rng, cycleMs, p.cycleJitter);
      yield cnc('Executing', 'Processing', ms, 'Running', rng.chance(p.scrapRate));
      if (made === planned) break;
      if (rng.chance(chancePerCycle(ms, p.mtbfMs))) {
        yield { do: 'fault' };
        yield cnc('OutOfService', 'Processing', rng.duration(p.repairMs), 'Interrupted');
      } else if (rng.chance(chancePerCycle(ms, p.idleMeanIntervalMs))) {
        yield cnc('NotExecuting', 'Processing', rng.duration(p.idleMs), 'Interrupted');
      }
    }
    yield { do: 'endJob' };
  }
}

/**
 * A CNC machine tool: for each job, setup (Executing/Setup), then cycles (Executing/Processing)
 * broken by waits (NotExecuting/Processing) and faults (OutOfService/Processing); between jobs,
 * sometimes planned maintenance (NotExecuting/Maintenance) or switched off (NotAvailable/None).
 *
 * Counters: `partsProducedInLifetime` (never resets), `jobPartsCompleted` and `jobPartsGood`
 * (reset when the next job is loaded).
 */
export const CNC_BEHAVIOUR: MachineBehaviour<CncProfile> = Object.freeze({
  kind: 'cnc',
  defaults: DEFAULT_CNC_PROFILE,
  stateMapping: MACHINERY_STATE_MAPPING,
  offsets: (rng: Rng, p: CncProfile) => ({ partsProducedInLifetime: rng.int(p.lifetimeOffset[0], p.lifetimeOffset[1]) }),
  script: cncScript,
  counters: (lifetime, job, offsets) => ({
    partsProducedInLifetime: (offsets.partsProducedInLifetime ?? 0) + lifetime.produced,
    jobPartsCompleted: job.produced,
    jobPartsGood: job.good,
  }),
} satisfies MachineBehaviour<CncProfile>);
