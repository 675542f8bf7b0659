/**
 * How a message's `seq` relates to the edge node's sequence:
 * - `next` — the one expected (the previous plus one, 255 wrapping to 0);
 * - `late` — one that was missing, arriving out of order within the reorder window;
 * - `gap` — messages were skipped (or this one repeats an earlier number).
 */
export type SequenceObservation = 'next' | 'late' | 'gap';

/**
 * The `seq` bookkeeping of one edge node (Sparkplug 3.0 §6.4.2: every message of an edge
 * node but NDEATH carries a seq one greater than the previous, modulo 256; the NBIRTH starts
 * it). With a reorder window, the numbers skipped by a gap are remembered as missing until
 * they arrive (`late`) or the host gives up on them (`clearMissing`).
 */
export interface SequenceTracker {
  /** Starts a new sequence at a birth's seq (undefined: the next message starts it). */
  start(seq: number | undefined): void;
  /** Records a message's seq (0–255) and says how it fits. */
  observe(seq: number): SequenceObservation;
  /** How many skipped numbers are still missing (always 0 without a reorder window). */
  readonly missing: number;
  /** Forgets the missing numbers (the reorder timeout elapsed). */
  clearMissing(): void;
}

/** Makes a {@link SequenceTracker}; with `reorder`, skipped numbers are remembered as missing. */
export function createSequenceTracker(reorder: boolean): SequenceTracker {
  let expected: number | undefined;
  const missing = new Set<number>();
  return {
    start(seq) {
      expected = seq === undefined ? undefined : (seq + 1) % 256;
      missing.clear();
    },
    observe(seq) {
      if (expected === undefined || seq === expected) {
        expected = (seq + 1) % 256;
        return 'next';
      }
      if (missing.delete(seq)) return 'late';
      if (reorder) for (let s = expected; s !== seq; s = (s + 1) % 256) missing.add(s);
      expected = (seq + 1) % 256;
      return 'gap';
    },
    get missing() {
      return missing.size;
    },
    clearMissing() {
      missing.clear();
    },
  };
}
