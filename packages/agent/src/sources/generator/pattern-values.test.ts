import { describe, expect, it } from 'vitest';
import { GeneratorPatternSchema } from './generator-pattern.js';
import { createPatternValues } from './pattern-values.js';
import { createSeededRandom, signalRandom } from './seeded-random.js';

const values = (pattern: unknown, at: readonly (readonly [k: number, elapsedMs: number])[], signalId = 's') => {
  const fn = createPatternValues(GeneratorPatternSchema.parse(pattern), { seed: 7, signalId });
  return at.map(([k, t]) => fn(k, t));
};
const seconds = (n: number) => Array.from({ length: n }, (_, k) => [k, k * 1000] as const);

describe('seeded random', () => {
  it('is mulberry32: the same numbers for the same seed, on every platform', () => {
    const r = createSeededRandom(42);
    expect([r.next(), r.next(), r.next()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it('gives each signal its own sequence, independent of the others', () => {
    expect(signalRandom(7, 'line-1/temp').next()).toBe(0.6439844858832657);
    expect(signalRandom(7, 'line-1/temp').next()).toBe(signalRandom(7, 'line-1/temp').next());
    expect(signalRandom(7, 'line-1/temp').next()).not.toBe(signalRandom(8, 'line-1/temp').next());
    expect(signalRandom(7, 'line-1/temp').next()).not.toBe(signalRandom(7, 'line-2/temp').next());
  });
});

describe('generator patterns', () => {
  it('constant: the value, as a bigint with integer: true', () => {
    expect(values({ type: 'constant', value: 2.5 }, seconds(2))).toEqual([2.5, 2.5]);
    expect(values({ type: 'constant', value: 'Execute' }, seconds(1))).toEqual(['Execute']);
    expect(values({ type: 'constant', value: 12, integer: true }, seconds(1))).toEqual([12n]);
  });

  it('sequence: the values in a loop, one per sample', () => {
    expect(values({ type: 'sequence', values: [1, 'two', true] }, seconds(5))).toEqual([1, 'two', true, 1, 'two']);
    expect(values({ type: 'sequence', values: [0, 5, 2], integer: true }, seconds(4))).toEqual([0n, 5n, 2n, 0n]);
  });

  it('sine: offset + amplitude · sin(2π (t/period + phase))', () => {
    const [a, b, c, d] = values({ type: 'sine', amplitude: 10, period: '4s', offset: 20 }, seconds(4)) as number[];
    expect(a).toBe(20);
    expect(b).toBe(30);
    expect(c).toBeCloseTo(20, 12);
    expect(d).toBe(10);
    expect(values({ type: 'sine', amplitude: 1, period: 1000, phase: 0.25 }, [[0, 0]])).toEqual([1]);
  });

  it('counter: ratePerSecond units per second, as bigint, from start', () => {
    expect(values({ type: 'counter', ratePerSecond: 0.5 }, seconds(6))).toEqual([0n, 0n, 1n, 1n, 2n, 2n]);
    expect(values({ type: 'counter', ratePerSecond: 2, start: 100 }, seconds(3))).toEqual([100n, 102n, 104n]);
    // 0.1/s for 30 s is exactly 3, despite 0.1 · 30000 / 1000 = 2.9999999999999996 in floating point.
    expect(values({ type: 'counter', ratePerSecond: 0.1 }, [[0, 30_000]])).toEqual([3n]);
  });

  it('counter: wraps at the modulus', () => {
    expect(values({ type: 'counter', ratePerSecond: 3, start: 10, wrapsAt: 16 }, seconds(4))).toEqual([10n, 13n, 0n, 3n]);
  });

  it('counter: returns to 0 every resetEvery (a job change), start only before the first reset', () => {
    expect(values({ type: 'counter', ratePerSecond: 1, start: 50, resetEvery: '3s' }, seconds(8))).toEqual([50n, 51n, 52n, 0n, 1n, 2n, 0n, 1n]);
    // Reset and wrap together: the job count wraps too.
    expect(values({ type: 'counter', ratePerSecond: 2, resetEvery: 4000, wrapsAt: 5 }, seconds(6))).toEqual([0n, 2n, 4n, 1n, 0n, 2n]);
  });

  it('state-cycle: each state for its duration, in a loop', () => {
    const pattern = { type: 'state-cycle', states: [{ state: 'Executing', durationMs: 1000 }, { state: 'NotExecuting', durationMs: 500 }] };
    expect(values(pattern, [[0, 0], [1, 999], [2, 1000], [3, 1499], [4, 1500], [5, 3000]])).toEqual([
      'Executing',
      'Executing',
      'NotExecuting',
      'NotExecuting',
      'Executing',
      'Executing',
    ]);
  });

  it('random-walk: seeded steps, clamped to [min, max], replayable in any order', () => {
    const pattern = { type: 'random-walk', start: 20, step: 0.5, min: 19.5, max: 21 };
    const walk = values(pattern, seconds(6), 'line-1/temp');
    expect(walk).toEqual([20, 20.143984485883266, 20.522479985142127, 20.197045444510877, 20.67989182448946, 20.47795465355739]);
    expect(values(pattern, [[5, 0], [2, 0], [5, 0]], 'line-1/temp')).toEqual([walk[5], walk[2], walk[5]]);
    const clamped = values({ type: 'random-walk', start: 0, step: 100, min: -1, max: 1 }, seconds(50)) as number[];
    expect(Math.min(...clamped)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...clamped)).toBeLessThanOrEqual(1);
    expect(clamped.filter((v) => v === 1 || v === -1).length).toBeGreaterThan(10);
  });

  it('rejects bad patterns with the field named', () => {
    const paths = (p: unknown) => GeneratorPatternSchema.safeParse(p).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ type: 'zigzag' })).toEqual(['type']);
    expect(paths({ type: 'sine', amplitude: 1, period: 0 })).toEqual(['period']);
    expect(paths({ type: 'counter', ratePerSecond: 1, start: 70000, wrapsAt: 65536 })).toEqual(['start']);
    expect(paths({ type: 'random-walk', min: 5, max: 1 })).toEqual(['max']);
    expect(paths({ type: 'sequence', values: [1, 2.5], integer: true })).toEqual(['values.1']);
    expect(paths({ type: 'state-cycle', states: [{ state: 'A', durationMs: -1 }] })).toEqual(['states.0.durationMs']);
  });
});
