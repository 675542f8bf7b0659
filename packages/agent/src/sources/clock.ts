/**
 * A time source for sources that schedule their own samples (the generator, replays): the
 * real clock, or a simulated one that jumps ahead instead of waiting, so tests and
 * benchmarks run as fast as the agent can take data.
 */
export interface Clock {
  /** The current time, ms since the Unix epoch. */
  now(): number;
  /**
   * Resolves at `time` (ms since the epoch), at once if it has passed, or early when
   * `signal` aborts (callers check the signal). Never rejects.
   */
  sleepUntil(time: number, signal: AbortSignal): Promise<void>;
}

/** The wall clock: `Date.now()` and timers. */
export function createRealClock(): Clock {
  return {
    now: () => Date.now(),
    sleepUntil(time, signal) {
      const wait = time - Date.now();
      if (wait <= 0 || signal.aborted) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        signal.addEventListener('abort', done, { once: true });
      });
    },
  };
}

/** Options of {@link createSimulatedClock}. */
export interface SimulatedClockOptions {
  /** Time the clock starts at, ms since the epoch. Default 0 (1970-01-01T00:00:00Z). */
  readonly startTime?: number;
}

/** A simulated clock yields to the event loop once per this many sleeps. */
const YIELD_EVERY = 64;

/**
 * A clock that never waits: `sleepUntil(t)` moves the time to `t` and resolves at once,
 * except that every 64th call waits one turn of the event loop (`setImmediate`), so timers,
 * I/O and `stop()` still get their turn while a simulation runs flat out.
 */
export function createSimulatedClock(options: SimulatedClockOptions = {}): Clock {
  let current = options.startTime ?? 0;
  let sleeps = 0;
  return {
    now: () => current,
    sleepUntil(time) {
      if (time > current) current = time;
      sleeps += 1;
      return sleeps % YIELD_EVERY === 0 ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve();
    },
  };
}
