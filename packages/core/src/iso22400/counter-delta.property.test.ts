import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCounterChunk,
  computeCounterDeltas,
  initialCounterState,
  type CounterBehaviour,
  type CounterDeltaResult,
  type CounterPoint,
  type CounterState,
} from './counter-delta.js';

const WRAP = 1000;

/** Mostly valid readings in [0, WRAP), with some non-finite and out-of-range ones. */
const value = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: WRAP - 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, WRAP, 5 * WRAP) },
);

/** Series whose timestamps mostly rise, sometimes repeat or go back. */
const series: fc.Arbitrary<CounterPoint[]> = fc
  .array(
    fc.record({
      step: fc.integer({ min: -30, max: 100 }),
      value,
      quality: fc.constantFrom<CounterPoint['quality']>('good', 'good', 'good', 'uncertain', 'bad'),
    }),
    { maxLength: 60 },
  )
  .map((raw) => {
    let t = 1_700_000_000_000;
    return raw.map((r) => {
      t += r.step;
      return { t, value: r.value, quality: r.quality };
    });
  });

const behaviour: fc.Arbitrary<CounterBehaviour> = fc.record({
  monotonic: fc.constant(true as const),
  resetsOnJob: fc.boolean(),
  wrapsAt: fc.option(fc.constant(WRAP), { nil: undefined }),
  wrapWindow: fc.option(fc.constantFrom(0.05, 0.1, 0.5), { nil: undefined }),
});

/** Cuts `points` into consecutive chunks at the given (unsorted, possibly repeated) positions. */
function split<T>(points: readonly T[], cuts: readonly number[]): T[][] {
  const at = [...new Set(cuts.map((c) => c % (points.length + 1)))].sort((a, b) => a - b);
  const chunks: T[][] = [];
  let from = 0;
  for (const c of [...at, points.length]) {
    chunks.push(points.slice(from, c));
    from = c;
  }
  return chunks;
}

function feedChunks(chunks: readonly CounterPoint[][], b: CounterBehaviour): CounterDeltaResult[] {
  let state: CounterState = initialCounterState();
  return chunks.map((chunk) => {
    const result = applyCounterChunk(state, chunk, b);
    state = JSON.parse(JSON.stringify(result.state)) as CounterState; // as the agent would persist it
    return result;
  });
}

describe('counter delta properties', () => {
  it('never produces a negative or non-finite delta', () => {
    fc.assert(
      fc.property(series, behaviour, (points, b) => {
        const r = computeCounterDeltas(points, b);
        for (const p of r.points) {
          expect(p.delta).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(p.delta)).toBe(true);
        }
        expect(r.total).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('gives the same total for any split into chunks with carried state', () => {
    fc.assert(
      fc.property(series, behaviour, fc.array(fc.nat(), { maxLength: 8 }), (points, b, cuts) => {
        const whole = computeCounterDeltas(points, b);
        const parts = feedChunks(split(points, cuts), b);
        expect(parts.reduce((acc, r) => acc + r.total, 0)).toBe(whole.total);
        expect(parts.flatMap((r) => r.points)).toEqual(whole.points);
        expect(parts.reduce((acc, r) => acc + r.resets, 0)).toBe(whole.resets);
        expect(parts.reduce((acc, r) => acc + r.wraps, 0)).toBe(whole.wraps);
        expect(parts.reduce((acc, r) => acc + r.ignored['out-of-order'], 0)).toBe(whole.ignored['out-of-order']);
        expect(parts.at(-1)?.state).toEqual(whole.state);
      }),
    );
  });

  it('has a total equal to the sum of the per-point deltas', () => {
    fc.assert(
      fc.property(series, behaviour, (points, b) => {
        const r = computeCounterDeltas(points, b);
        expect(r.points).toHaveLength(points.length);
        expect(r.points.reduce((acc, p) => acc + p.delta, 0)).toBe(r.total);
        const ignored = Object.values(r.ignored).reduce((acc, n) => acc + n, 0);
        expect(r.points.filter((p) => p.kind === 'ignored')).toHaveLength(ignored);
      }),
    );
  });

  it('counts last − first for a clean rising series', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 40 }), fc.nat({ max: 10_000 }), (steps, start) => {
        let v = start;
        const points = steps.map((s, i) => {
          v += s;
          return { t: i + 1, value: v, quality: 'good' as const };
        });
        expect(computeCounterDeltas(points, { monotonic: true }).total).toBe(v - (points[0]?.value ?? 0));
      }),
    );
  });
});
