import type { SampleValue } from '../sample.js';
import type { GeneratorPattern } from './generator-pattern.js';
import { signalRandom, type SeededRandom } from './seeded-random.js';

/** Small tolerance against floating-point error before taking the floor of a product (e.g. 0.1 · 30000 ms). */
const EPSILON = 1e-9;

/** Whole units a counter at `ratePerSecond` has counted after `elapsedMs`. */
function counted(ratePerSecond: number, elapsedMs: number): number {
  return Math.floor((ratePerSecond * elapsedMs) / 1000 + EPSILON);
}

/**
 * The value of sample `k` of a signal, taken `elapsedMs` after the generator's start time.
 * Calls must be in increasing `k` for speed (a random walk steps forward); an earlier `k`
 * replays from 0, so any order gives the same values.
 */
export type PatternValues = (k: number, elapsedMs: number) => SampleValue;

/** Options of {@link createPatternValues}. */
export interface PatternValuesOptions {
  /** The generator's seed. */
  readonly seed: number;
  /** The signal id (mixed into the seed). */
  readonly signalId: string;
}

/** The value function of one generated signal (see each pattern schema for its formula). */
export function createPatternValues(pattern: GeneratorPattern, options: PatternValuesOptions): PatternValues {
  switch (pattern.type) {
    case 'constant': {
      const value = pattern.integer && typeof pattern.value === 'number' ? BigInt(pattern.value) : pattern.value;
      return () => value;
    }
    case 'sequence': {
      const values = pattern.values.map((v) => (pattern.integer && typeof v === 'number' ? BigInt(v) : v));
      return (k) => values[k % values.length]!;
    }
    case 'sine': {
      const { amplitude, period, offset, phase } = pattern;
      return (_k, elapsedMs) => offset + amplitude * Math.sin(2 * Math.PI * (elapsedMs / period + phase));
    }
    case 'counter': {
      const { ratePerSecond, start, wrapsAt, resetEvery } = pattern;
      return (_k, elapsedMs) => {
        const total = counted(ratePerSecond, elapsedMs);
        const jobs = resetEvery === undefined ? 0 : Math.floor(elapsedMs / resetEvery);
        const value = jobs === 0 ? start + total : total - counted(ratePerSecond, jobs * resetEvery!);
        return BigInt(wrapsAt === undefined ? value : value % wrapsAt);
      };
    }
    case 'state-cycle': {
      const cycle = pattern.states.reduce((sum, s) => sum + s.durationMs, 0);
      return (_k, elapsedMs) => {
        let position = elapsedMs % cycle;
        for (const s of pattern.states) {
          if (position < s.durationMs) return s.state;
          position -= s.durationMs;
        }
        return pattern.states[pattern.states.length - 1]!.state;
      };
    }
    case 'random-walk': {
      const { start, step, min = -Infinity, max = Infinity } = pattern;
      let random: SeededRandom = signalRandom(options.seed, options.signalId);
      let k = 0;
      let value = start;
      return (target) => {
        if (target < k) {
          random = signalRandom(options.seed, options.signalId);
          k = 0;
          value = start;
        }
        for (; k < target; k += 1) value = Math.min(max, Math.max(min, value + (2 * random.next() - 1) * step));
        return value;
      };
    }
  }
}
