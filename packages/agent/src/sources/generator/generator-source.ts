import { RongtongError, fromZodError } from '@rongtong/core';
import { createRealClock, createSimulatedClock, type Clock } from '../clock.js';
import type { Sample } from '../sample.js';
import type { SourceContext } from '../source-factory.js';
import type { SourceState } from '../source-state.js';
import type { Source } from '../source.js';
import { GeneratorSourceConfigSchema, type GeneratorSourceConfigInput } from './generator-config.js';
import { createPatternValues, type PatternValues } from './pattern-values.js';
import { firstIndexAfter, sampleTime } from './schedule.js';

/** Options of {@link createGeneratorSource}. */
export interface GeneratorSourceOptions extends Omit<SourceContext, 'signals'> {
  /** The `sources[]` entry (parsed here; INVALID_CONFIG names the bad field). */
  readonly config: GeneratorSourceConfigInput;
  /** Time source; default from `config.clock` (a simulated clock starts at `config.startTime`). */
  readonly clock?: Clock;
  /** Most samples per `sink.write`. Default 1000. */
  readonly maxBatch?: number;
}

/** A running generator (a `Source` of kind `generator`). */
export interface GeneratorSource extends Source {
  readonly kind: 'generator';
  /** Samples written since `start` (not counting those skipped on resume). */
  readonly emitted: number;
  /** Resolves when the generator closed: stopped, `count` reached, or the sink failed (then `error` is set). */
  readonly done: Promise<void>;
  /** Why the generator closed on its own, when the sink rejected. */
  readonly error: Error | undefined;
}

interface Cursor {
  readonly id: string;
  readonly rate: number;
  readonly quality: Sample['quality'];
  readonly values: PatternValues;
  k: number;
  time: number;
}

/**
 * A source of simulated signals (see `GeneratorSourceConfigSchema`): deterministic for a
 * seed, paced by a real or simulated clock, optionally limited to `count` samples. Samples
 * due at the same time are written together, in config order; the sink's promise is
 * awaited (backpressure). With `lastSourceTime`, each signal continues after the last
 * sample the agent holds, and `count` includes the samples before it.
 */
export function createGeneratorSource(options: GeneratorSourceOptions): GeneratorSource {
  const parsed = GeneratorSourceConfigSchema.safeParse(options.config);
  if (!parsed.success) throw fromZodError(parsed.error, 'generator source config', 'INVALID_CONFIG');
  const config = parsed.data;
  const maxBatch = options.maxBatch ?? 1000;
  const limit = config.count ?? Infinity;
  const controller = new AbortController();
  let state: SourceState = 'idle';
  let emitted = 0;
  let error: Error | undefined;
  let running: Promise<void> | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  const setState = (next: SourceState, cause?: Error) => {
    if (state === next) return;
    state = next;
    options.onStateChange?.(next, cause);
  };

  async function run(clock: Clock, startTime: number): Promise<void> {
    const cursors: Cursor[] = config.signals.map((s) => {
      const rate = s.rate ?? config.rate;
      const last = options.lastSourceTime?.(s.id);
      const k = last === undefined ? 0 : firstIndexAfter(startTime, rate, last);
      const values = createPatternValues(s.pattern, { seed: config.seed, signalId: s.id });
      return { id: s.id, rate, quality: s.quality, values, k, time: sampleTime(startTime, rate, k) };
    });
    let total = cursors.reduce((sum, c) => sum + c.k, 0);
    const signal = controller.signal;
    while (!signal.aborted && total < limit) {
      const batch: Sample[] = [];
      let next: number;
      for (;;) {
        next = Math.min(...cursors.map((c) => c.time));
        if (next > clock.now() || batch.length >= maxBatch || total >= limit) break;
        for (const c of cursors) {
          if (c.time !== next || total >= limit) continue;
          batch.push({ signalId: c.id, sourceTime: c.time, value: c.values(c.k, c.time - startTime), quality: c.quality });
          c.k += 1;
          c.time = sampleTime(startTime, c.rate, c.k);
          total += 1;
        }
      }
      if (batch.length > 0) {
        emitted += batch.length;
        await options.sink.write(batch);
      } else {
        await clock.sleepUntil(next, signal);
      }
    }
  }

  const source: GeneratorSource = {
    id: config.id,
    kind: 'generator',
    get state() {
      return state;
    },
    get emitted() {
      return emitted;
    },
    get error() {
      return error;
    },
    done,
    start(signal) {
      if (state !== 'idle') {
        if (state === 'closed') return Promise.resolve();
        return Promise.reject(new RongtongError('FAILED_PRECONDITION', `generator source "${config.id}" was already started`));
      }
      if (signal?.aborted) return source.stop();
      const onAbort = () => void source.stop();
      signal?.addEventListener('abort', onAbort, { once: true });
      void done.then(() => signal?.removeEventListener('abort', onAbort));
      const startTime = config.startTime ?? Date.now();
      const clock = options.clock ?? (config.clock === 'simulated' ? createSimulatedClock({ startTime }) : createRealClock());
      setState('connected');
      options.logger?.info({ signals: config.signals.length, startTime, clock: config.clock }, 'generator started');
      running = run(clock, startTime).then(
        () => setState('closed'),
        (err: unknown) => {
          error = err instanceof Error ? err : new Error(String(err));
          options.logger?.warn({ err: error }, 'generator stopped: the sink failed');
          setState('closed', error);
        },
      );
      void running.finally(resolveDone);
      return Promise.resolve();
    },
    async stop() {
      controller.abort();
      if (running) await running;
      setState('closed');
      resolveDone();
    },
  };
  return source;
}
