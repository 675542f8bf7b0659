import { performance } from 'node:perf_hooks';

/** Options of {@link createSimulationClock}. */
export interface SimulationClockOptions {
  /** Simulated start, ms since the epoch. */
  readonly startTime: number;
  /** Simulated ms per real ms (0: the clock moves only with `advance`). */
  readonly speed: number;
  /** Real ms between ticks. */
  readonly tickMs: number;
  /**
   * Called at every tick and `advance` with the simulated time in whole ms (never less than the
   * last one), to bring the simulation up to it and publish what changed. Not called once stopped.
   */
  readonly onTime: (t: number) => void;
}

/**
 * The simulated clock of a simulator: real time × `speed`, plus what `advance` added. A timer
 * (unref'd: it never keeps the process alive) ticks every `tickMs`.
 */
export interface SimulationClock {
  /** Brings the simulated time up to date and calls `onTime` with it. */
  tick(): void;
  /** Moves the simulated time forward by `ms` at once (whatever the speed). */
  advance(ms: number): void;
  /** Stops the clock's own motion; `advance` still works. */
  pause(): void;
  /** Restarts it after `pause()` (not when `speed` is 0 or after `stop()`). */
  resume(): void;
  /** A last tick, then no more: the timer is cleared and `onTime` never called again. */
  stop(): void;
  /** Clears the timer without a last tick (for a simulator that failed to start). */
  cancel(): void;
  readonly stopped: boolean;
}

/** Starts a {@link SimulationClock}. */
export function createSimulationClock(options: SimulationClockOptions): SimulationClock {
  const { speed, onTime } = options;
  let simulated = options.startTime;
  let lastReal = performance.now();
  let running = speed > 0;
  let stopped = false;

  const tick = (): void => {
    const real = performance.now();
    if (running) simulated += (real - lastReal) * speed;
    lastReal = real;
    if (!stopped) onTime(Math.floor(simulated));
  };
  const timer = setInterval(tick, options.tickMs);
  timer.unref();

  return {
    tick,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance: ${ms} is not a duration ≥ 0 in ms`);
      tick();
      simulated += ms;
      if (!stopped) onTime(Math.floor(simulated));
    },
    pause() {
      tick();
      running = false;
    },
    resume() {
      lastReal = performance.now();
      running = speed > 0 && !stopped;
    },
    stop() {
      if (stopped) return;
      tick();
      clearInterval(timer);
      running = false;
      stopped = true;
    },
    cancel() {
      clearInterval(timer);
      running = false;
      stopped = true;
    },
    get stopped() {
      return stopped;
    },
  };
}
