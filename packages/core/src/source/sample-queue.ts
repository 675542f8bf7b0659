import type { Sample } from './sample.js';

/**
 * A bounded FIFO of sample batches for a source that cannot pause (an OPC UA subscription or
 * an MQTT broker keeps publishing whatever the sink does): when adding a batch would exceed `maxSamples`, the
 * oldest samples are dropped — whole batches first, then the oldest samples of the oldest
 * remaining batch — so the newest data is kept and memory stays bounded.
 */
export interface SampleQueue {
  /** Samples held. */
  readonly size: number;
  /** Adds a batch; returns how many samples were dropped to make room (0 when none). */
  push(batch: readonly Sample[]): number;
  /** Takes the oldest batch, or undefined when empty. */
  shift(): readonly Sample[] | undefined;
  /** Empties the queue; returns how many samples it held. */
  clear(): number;
}

/** Makes a {@link SampleQueue} holding at most `maxSamples` samples (≥ 1). */
export function createSampleQueue(maxSamples: number): SampleQueue {
  if (!Number.isSafeInteger(maxSamples) || maxSamples < 1) throw new RangeError('maxSamples must be a positive integer');
  let batches: (readonly Sample[])[] = [];
  let head = 0;
  let size = 0;
  const compact = (): void => {
    if (head === batches.length) {
      batches = [];
      head = 0;
    } else if (head > 1024 && head * 2 > batches.length) {
      batches = batches.slice(head);
      head = 0;
    }
  };
  return {
    get size() {
      return size;
    },
    push(batch) {
      if (batch.length === 0) return 0;
      let dropped = 0;
      let incoming = batch;
      if (incoming.length > maxSamples) {
        dropped += incoming.length - maxSamples;
        incoming = incoming.slice(incoming.length - maxSamples);
      }
      while (size + incoming.length > maxSamples) {
        const oldest = batches[head]!;
        const excess = size + incoming.length - maxSamples;
        if (oldest.length <= excess) {
          batches[head] = [];
          head += 1;
          size -= oldest.length;
          dropped += oldest.length;
        } else {
          batches[head] = oldest.slice(excess);
          size -= excess;
          dropped += excess;
        }
      }
      batches.push(incoming);
      size += incoming.length;
      compact();
      return dropped;
    },
    shift() {
      if (head >= batches.length) return undefined;
      const batch = batches[head]!;
      batches[head] = [];
      head += 1;
      size -= batch.length;
      compact();
      return batch;
    },
    clear() {
      const held = size;
      batches = [];
      head = 0;
      size = 0;
      return held;
    },
  };
}
