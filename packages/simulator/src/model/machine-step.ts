/**
 * The instructions a machine script yields to the simulation engine. A script is a generator
 * that never ends; every random draw happens inside it, in the order it yields, so a machine's
 * history depends only on its seed — never on how the caller slices time.
 */

/** Where the current production job is (the Machine Tools `ProductionJobStateMachineType` names). */
export type JobPhase = 'Initializing' | 'Running' | 'Interrupted' | 'Ended';

/** Parts completed at the end of a `run` step. */
export interface PartsOutcome {
  /** Parts made by this cycle (1, or the cavities of a mould). */
  readonly parts: number;
  /** How many of them are scrap (0 ≤ scrap ≤ parts). */
  readonly scrap: number;
}

/** Spend `ms` in `state` / `mode`; at the end, the parts of `outcome` (if any) are complete. */
export interface RunStep {
  readonly do: 'run';
  readonly state: string;
  readonly mode: string;
  /** Duration, whole milliseconds ≥ 1. */
  readonly ms: number;
  /** The job phase from the start of the step; unchanged when absent. */
  readonly phase?: JobPhase;
  readonly outcome?: PartsOutcome;
}

/** Load a new job: the job counters restart from 0 (lifetime counters never do). */
export interface JobStep {
  readonly do: 'job';
  readonly id: string;
  /** Product (part number, program or SKU name). */
  readonly product: string;
  /** Numeric product id (PackML `ID` of the count), 0 when the kind has none. */
  readonly productId: number;
  /** Planned quantity in parts. */
  readonly planned: number;
  /** Ideal cycle time of the job, ms per cycle. */
  readonly cycleMs: number;
  /** Parts per cycle (mould cavities), 1 for most machines. */
  readonly partsPerCycle: number;
}

/** The current job is finished (phase `Ended`). */
export interface EndJobStep {
  readonly do: 'endJob';
}

/** A fault starts (counted in the ground truth). */
export interface FaultStep {
  readonly do: 'fault';
}

/** Set the line's starved / blocked flags (PackML `Status/EquipmentStarved` / `EquipmentBlocked`). */
export interface FlagsStep {
  readonly do: 'flags';
  readonly starved: boolean;
  readonly blocked: boolean;
}

/** One instruction of a machine script. */
export type MachineStep = RunStep | JobStep | EndJobStep | FaultStep | FlagsStep;

/** A machine script: yields steps forever. */
export type MachineScript = Generator<MachineStep, never, undefined>;

/** A `run` step; `ms` is rounded and kept ≥ 1 so time always moves on. */
export function run(state: string, mode: string, ms: number, phase?: JobPhase, outcome?: PartsOutcome): RunStep {
  const step: { -readonly [K in keyof RunStep]: RunStep[K] } = { do: 'run', state, mode, ms: Math.max(1, Math.round(ms)) };
  if (phase !== undefined) step.phase = phase;
  if (outcome !== undefined) step.outcome = outcome;
  return step;
}

/**
 * The chance that an event with mean interval `meanMs` (exponentially distributed) happens
 * during a cycle of `cycleMs`; 0 when `meanMs` is 0 (the event is switched off).
 */
export function chancePerCycle(cycleMs: number, meanMs: number): number {
  return meanMs > 0 ? 1 - Math.exp(-cycleMs / meanMs) : 0;
}

/** The job id of the `n`-th job of a machine, e.g. `CNC1-J0003`. */
export function jobId(machineId: string, n: number): string {
  return `${machineId}-J${String(n).padStart(4, '0')}`;
}
