/**
 * A small seeded pseudo-random number generator: the same seed gives the same sequence on
 * every platform (32-bit integer arithmetic only), so a simulation replays exactly.
 *
 * The seed text is hashed with cyrb128 into the 128-bit state of sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator, from PractRand); both are public domain.
 */

/** A seeded random source with the few distributions the machine models use. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [min, max). */
  uniform(min: number, max: number): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p` (0 → never, 1 → always). */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A whole number of milliseconds in the range, at least 1. */
  duration(range: readonly [number, number]): number;
}

/** cyrb128: four 32-bit words from a string. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32 over the given state: a function returning floats in [0, 1). */
function sfc32(state: [number, number, number, number]): () => number {
  let [a, b, c, d] = state;
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/**
 * A generator seeded from `seed` (any text or number). Different seeds give independent
 * streams; the first 16 outputs are discarded to mix the state.
 */
export function createRng(seed: string | number): Rng {
  const raw = sfc32(cyrb128(String(seed)));
  for (let i = 0; i < 16; i++) raw();
  const rng: Rng = {
    next: raw,
    uniform: (min, max) => min + (max - min) * raw(),
    int: (min, max) => min + Math.floor((max - min + 1) * raw()),
    chance: (p) => p > 0 && raw() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(items.length * raw())] as (typeof items)[number];
    },
    duration: ([min, max]) => Math.max(1, Math.round(rng.uniform(min, max))),
  };
  return rng;
}

/** The seed of one machine: the simulation seed and the machine id, so machines are independent. */
export function machineSeed(seed: string | number, machineId: string): string {
  return `${String(seed)}/${machineId}`;
}
