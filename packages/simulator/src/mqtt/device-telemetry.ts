import type { MachineModel, MachineSnapshot } from '../model/machine-model.js';

/** What an MQTT device reports at one instant: the same for JSON devices and Sparkplug metrics. */
export interface DeviceReading {
  /** Simulated time, ms since the epoch. */
  readonly at: number;
  /** Raw state and mode names of the machine kind (see `machine-kind.ts`). */
  readonly state: string;
  readonly mode: string;
  readonly job: string;
  readonly product: string;
  /**
   * Parts completed since the simulated start (good + scrap), good and scrap: counting from 0,
   * so at any time they equal the ground truth's totals.
   */
  readonly produced: number;
  readonly good: number;
  readonly scrap: number;
  /** The job's nominal rate while making parts, parts/min (3 decimals); 0 otherwise. */
  readonly rate: number;
  /** Machine temperature, °C (2 decimals): warms while producing, cools when idle or off. */
  readonly temperature: number;
}

/** Why a reading is published: the start (or a birth), a state or mode change, the periodic report. */
export type ReadingTrigger = 'start' | 'state' | 'report';

/** Called with each reading to publish, in time order. */
export type ReadingListener = (reading: DeviceReading, trigger: ReadingTrigger) => void;

/**
 * The telemetry of one device over its machine model: the readings to publish at every state
 * or mode change and at every `reportIntervalMs` of simulated time after the start. The times
 * of both are fixed by the model and the interval, never by how real time is sliced into
 * ticks, so the same seed publishes the same messages.
 */
export interface DeviceTelemetry {
  readonly model: MachineModel;
  /** The reading at the model's current time. */
  reading(): DeviceReading;
  /** Advances the model to `t`, calling `listener` with each reading to publish on the way. */
  advanceTo(t: number, listener: ReadingListener): void;
}

const AMBIENT_C = 22;
const IDLE_C = 30;
const PRODUCING_C = 45;
/** Time constant of the temperature's exponential approach to its target, ms. */
const THERMAL_TAU_MS = 15 * 60_000;
const POWERED_OFF = new Set(['NotAvailable', 'Off']);

const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

function targetTemperature(s: MachineSnapshot): number {
  if (POWERED_OFF.has(s.state)) return AMBIENT_C;
  return s.partsPerMinute > 0 ? PRODUCING_C : IDLE_C;
}

/** The telemetry of `model` (at its start time), reporting every `reportIntervalMs` simulated ms. */
export function createDeviceTelemetry(model: MachineModel, reportIntervalMs: number): DeviceTelemetry {
  let last = model.snapshot();
  let nextReport = model.now + reportIntervalMs;
  let lastPublishedAt = Number.NEGATIVE_INFINITY;
  // Temperature: exact exponential approach to the target of the current step, updated at
  // every step boundary (deterministic times), read in between without changing the state.
  // The machine is at ambient temperature when the simulation starts.
  let target = targetTemperature(last);
  let temperature = AMBIENT_C;
  let temperatureAt = model.now;

  const temperatureAtTime = (t: number): number => target + (temperature - target) * Math.exp(-(t - temperatureAt) / THERMAL_TAU_MS);

  const readingAt = (t: number): DeviceReading => ({
    at: t,
    state: last.state,
    mode: last.mode,
    job: last.job.id,
    product: last.job.product,
    produced: last.lifetime.produced,
    good: last.lifetime.good,
    scrap: last.lifetime.scrap,
    rate: round(last.partsPerMinute, 3),
    temperature: round(temperatureAtTime(t), 2),
  });

  const publish = (t: number, trigger: ReadingTrigger, listener: ReadingListener): void => {
    lastPublishedAt = t;
    listener(readingAt(t), trigger);
  };

  const advanceModel = (t: number, listener: ReadingListener): void => {
    model.advanceTo(t, (snapshot) => {
      temperature = temperatureAtTime(snapshot.at);
      temperatureAt = snapshot.at;
      const changed = snapshot.state !== last.state || snapshot.mode !== last.mode;
      last = snapshot;
      target = targetTemperature(snapshot);
      if (changed) publish(snapshot.at, 'state', listener);
    });
  };

  return {
    model,
    reading: () => readingAt(model.now),
    advanceTo(t, listener) {
      while (nextReport <= t) {
        advanceModel(nextReport, listener);
        // A state change at the report time was just published with the same values.
        if (lastPublishedAt !== nextReport) publish(nextReport, 'report', listener);
        nextReport += reportIntervalMs;
      }
      advanceModel(t, listener);
    },
  };
}
