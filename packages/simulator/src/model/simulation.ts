import type { MachineGroundTruth } from './ground-truth.js';
import type { MachineKind } from './machine-kind.js';
import { createMachineModel, type MachineModel, type MachineSnapshot } from './machine-model.js';

/** Ground truth of a whole simulation: every machine over the same simulated period. */
export interface SimulationGroundTruth {
  readonly seed: string | number;
  /** Simulated start and current time, ISO 8601 UTC. */
  readonly startTime: string;
  readonly simulatedTime: string;
  readonly machines: readonly MachineGroundTruth[];
}

/** Options of `createSimulation`. */
export interface SimulationOptions {
  readonly machines: readonly {
    readonly kind: MachineKind;
    readonly id: string;
    readonly seed?: string | number;
    readonly params?: Readonly<Record<string, number | readonly [number, number]>>;
  }[];
  /** Default seed of the machines (default 1). */
  readonly seed?: string | number;
  /** Simulated start, ms since the epoch. */
  readonly startTime: number;
}

/** Several machine models on one simulated clock (no I/O). */
export interface Simulation {
  readonly models: readonly MachineModel[];
  /** Current simulated time, ms since the epoch. */
  readonly now: number;
  /** Advances every machine to `t`, calling `listener` with each machine's changes in time order per machine. */
  advanceTo(t: number, listener?: (model: MachineModel, snapshot: MachineSnapshot) => void): void;
  groundTruth(): SimulationGroundTruth;
}

/** A simulation of the given machines from `startTime`. */
export function createSimulation(options: SimulationOptions): Simulation {
  const seed = options.seed ?? 1;
  const models = options.machines.map((m) => {
    const machineOptions = { kind: m.kind, id: m.id, seed: m.seed ?? seed, startTime: options.startTime };
    return createMachineModel(m.params === undefined ? machineOptions : { ...machineOptions, params: m.params });
  });
  let now = options.startTime;
  return {
    models,
    get now() {
      return now;
    },
    advanceTo(t, listener) {
      for (const model of models) model.advanceTo(t, listener === undefined ? undefined : (s) => listener(model, s));
      now = t;
    },
    groundTruth: () => ({
      seed,
      startTime: new Date(options.startTime).toISOString(),
      simulatedTime: new Date(now).toISOString(),
      machines: models.map((m) => m.groundTruth()),
    }),
  };
}
