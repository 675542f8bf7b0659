/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A seeded pseudo-random sequence (mulberry32): `next()` returns floats in [0, 1). The same
 * seed always gives the same sequence on every platform (only 32-bit integer arithmetic).
 * Not for cryptography.
 */
export interface SeededRandom {
  /** The next number in [0, 1). */
  next(): number;
}

/** A {@link SeededRandom} for a seed (any 32-bit unsigned integer). */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    },
  };
}

/** The random sequence of one generated signal: the source seed mixed with the signal id, so adding a signal changes no other. */
export function signalRandom(seed: number, signalId: string): SeededRandom {
  return createSeededRandom((Math.imul(seed >>> 0, 0x9e3779b1) ^ fnv1a32(signalId)) >>> 0);
}
