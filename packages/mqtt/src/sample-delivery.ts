import { createSampleQueue, type Sample, type SampleSink } from '@rongtong/core';
import type { MqttLogger } from './mqtt-logger.js';

/** Options of {@link createSampleDelivery}. */
export interface SampleDeliveryOptions {
  readonly sink: SampleSink;
  /** Most samples held while the sink's promise is pending; beyond, the oldest are dropped. */
  readonly maxQueuedSamples: number;
  readonly logger: MqttLogger;
  /** Called once when the sink throws or rejects (the owner stops); the queue is already cleared. */
  readonly onSinkFailed: (err: Error) => void;
}

/** Counters of a {@link SampleDelivery}. */
export interface SampleDeliveryStats {
  /** Samples handed to the sink. */
  readonly samples: number;
  /** Samples dropped because the queue was full, left queued when the sink failed, or pushed after it failed. */
  readonly droppedSamples: number;
  /** Samples waiting for the sink now. */
  readonly queuedSamples: number;
}

/**
 * Hands batches of samples to a sink, one `write` at a time: while the sink's promise is
 * pending, batches wait in a bounded queue (the oldest dropped and counted when it is full,
 * logged once per episode). A sink that throws or rejects ends delivery: what is queued and
 * what comes later is dropped and counted.
 */
export interface SampleDelivery {
  /** Queues a batch (one message's samples, in source-time order per signal) and writes if the sink is free. */
  push(batch: readonly Sample[]): void;
  /** Writes what is queued and resolves once the sink has taken it all. */
  drain(): Promise<void>;
  /** Drops what is still queued (counted). */
  clear(): void;
  /** The sink's error, once it failed. */
  readonly sinkError: Error | undefined;
  stats(): SampleDeliveryStats;
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** Makes a {@link SampleDelivery}. */
export function createSampleDelivery(options: SampleDeliveryOptions): SampleDelivery {
  const { sink, logger } = options;
  const queue = createSampleQueue(options.maxQueuedSamples);
  let writing: Promise<void> | undefined;
  let sinkError: Error | undefined;
  let dropping = false;
  let samples = 0;
  let droppedSamples = 0;

  function sinkFailed(err: unknown): void {
    if (sinkError) return;
    sinkError = asError(err);
    droppedSamples += queue.clear();
    options.onSinkFailed(sinkError);
  }

  function pump(): void {
    while (!writing && !sinkError) {
      const batch = queue.shift();
      if (!batch) {
        if (dropping) {
          dropping = false;
          logger.info({ droppedSamples }, 'the sink caught up: no more samples dropped');
        }
        return;
      }
      let result: void | Promise<void>;
      try {
        result = sink.write(batch);
      } catch (err) {
        sinkFailed(err);
        return;
      }
      samples += batch.length;
      if (result !== undefined) {
        writing = Promise.resolve(result).then(
          () => {
            writing = undefined;
            pump();
          },
          (err: unknown) => {
            writing = undefined;
            sinkFailed(err);
          },
        );
      }
    }
  }

  return {
    push(batch) {
      if (batch.length === 0) return;
      if (sinkError) {
        droppedSamples += batch.length;
        return;
      }
      const dropped = queue.push(batch);
      if (dropped > 0) {
        droppedSamples += dropped;
        if (!dropping) {
          dropping = true;
          logger.warn({ dropped, maxQueuedSamples: options.maxQueuedSamples }, 'the sink is slower than the broker: dropping the oldest queued samples');
        }
      }
      pump();
    },
    async drain() {
      pump();
      while (writing) await writing;
    },
    clear() {
      droppedSamples += queue.clear();
    },
    get sinkError() {
      return sinkError;
    },
    stats() {
      return { samples, droppedSamples, queuedSamples: queue.size };
    },
  };
}
