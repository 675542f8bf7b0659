import type { StateMapping } from '@rongtong/core';
import type { MachineKind } from './machine-kind.js';
import type { MachineScript } from './machine-step.js';
import type { Rng } from './prng.js';

/** A `[min, max]` range a value is drawn from uniformly. */
export type Range = readonly [number, number];

/** The tunable parameters of a machine kind: numbers (rates, probabilities, ms) and ranges. */
export type ProfileShape = Readonly<Record<string, number | Range>>;

/** Parts made, good, scrap and machine cycles (a cycle may make several parts). */
export interface PartTotals {
  readonly produced: number;
  readonly good: number;
  readonly scrap: number;
  readonly cycles: number;
}

/**
 * What makes one machine kind: its parameters, its script, the counters it publishes and the
 * ISO 22400 mapping its ground truth is bucketed with.
 */
export interface MachineBehaviour<P extends ProfileShape = ProfileShape> {
  readonly kind: MachineKind;
  /** Default parameters (realistic values; tests override some). */
  readonly defaults: P;
  /** The mapping used for the ground truth's `bucketMs` (the Rongtong default for the model). */
  readonly stateMapping: StateMapping;
  /**
   * The lifetime counters' values when the simulation starts (a machine is not new), drawn
   * before the script starts.
   */
  offsets(rng: Rng, profile: P): Readonly<Record<string, number>>;
  /** The machine's endless script. */
  script(rng: Rng, profile: P, machineId: string): MachineScript;
  /**
   * The counters as the machine publishes them, by name (e.g. `partsProducedInLifetime`),
   * from the lifetime and job totals and the start offsets.
   */
  counters(lifetime: PartTotals, job: PartTotals, offsets: Readonly<Record<string, number>>): Readonly<Record<string, number>>;
}
