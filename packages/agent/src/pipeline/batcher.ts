import type { Sample } from '../sources/sample.js';
import type { SampleSink } from '../sources/sample-sink.js';

/** Options of {@link createBatcher}. */
export interface BatcherOptions {
  /** A batch closes as soon as it holds this many samples (an integer ≥ 1). */
  readonly maxSamples: number;
  /** … or this many ms after its first sample arrived, whichever comes first (> 0). */
  readonly maxDelayMs: number;
  /**
   * Receives each closed batch (never empty), one at a time and in order: the next batch is
   * handed over only after the promise of the previous one settled. Writers wait for it
   * (backpressure). A rejection is passed to the write or flush that closed that batch (a
   * batch closed by the timer has no caller: its rejection is dropped); later batches are
   * still handed over.
   */
  readonly onBatch: (samples: readonly Sample[]) => Promise<void>;
}

/** Collects samples into batches closed by size or by time (see {@link createBatcher}). */
export interface Batcher extends SampleSink {
  /** Adds samples; resolves once every batch they completed has been handed over. */
  write(samples: readonly Sample[]): Promise<void>;
  /** Closes the open batch now (if it holds anything) and waits until it has been handed over. */
  flush(): Promise<void>;
  /** Flushes and stops: later writes reject. Idempotent. */
  close(): Promise<void>;
  /** Samples in the open batch. */
  readonly pending: number;
}

/**
 * A batcher: samples go into an open batch that closes when it reaches `maxSamples` or
 * `maxDelayMs` after its first sample (an unref'd timer, so it never keeps the process
 * alive). Closed batches are passed to `onBatch` strictly one after another.
 */
export function createBatcher(options: BatcherOptions): Batcher {
  const { maxSamples, maxDelayMs, onBatch } = options;
  if (!Number.isInteger(maxSamples) || maxSamples < 1) throw new RangeError(`maxSamples must be an integer ≥ 1, got ${maxSamples}`);
  if (!(maxDelayMs > 0)) throw new RangeError(`maxDelayMs must be > 0, got ${maxDelayMs}`);
  let open: Sample[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  function stopTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  /** Closes the open batch and queues it behind the previous ones; returns the queue's tail. */
  function closeBatch(): Promise<void> {
    stopTimer();
    if (open.length > 0) {
      const batch = open;
      open = [];
      // A rejected batch reaches the writer that closed it, never the batches after it.
      chain = chain.catch(() => undefined).then(() => onBatch(batch));
    }
    return chain;
  }

  function startTimer(): void {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      // No writer waits for a batch closed by time: its rejection is dropped here (onBatch
      // must handle its own errors, as the pipeline's does) instead of crashing the process.
      closeBatch().catch(() => undefined);
    }, maxDelayMs);
    timer.unref?.();
  }

  return {
    get pending() {
      return open.length;
    },
    write(samples) {
      if (closed) return Promise.reject(new Error('batcher is closed'));
      let tail: Promise<void> | undefined;
      for (const sample of samples) {
        open.push(sample);
        if (open.length >= maxSamples) tail = closeBatch();
      }
      if (open.length > 0) startTimer();
      return tail ?? Promise.resolve();
    },
    flush() {
      return closeBatch();
    },
    async close() {
      closed = true;
      await closeBatch();
    },
  };
}
