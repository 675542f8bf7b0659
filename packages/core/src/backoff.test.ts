import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BackoffOptions, DEFAULT_BACKOFF, nextBackoffMs, resolveBackoffOptions } from './backoff.js';

const options: BackoffOptions = { initialMs: 100, maxMs: 5_000, multiplier: 2, jitter: 0.5 };
const top = (): number => 0;
const bottom = (): number => 0.999_999_999;

describe('nextBackoffMs', () => {
  it('grows exponentially from initialMs and is capped at maxMs', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10, 100].map((a) => nextBackoffMs(a, options, top))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });

  it('jitter takes off at most that fraction of the delay', () => {
    expect(nextBackoffMs(2, options, () => 0.5)).toBe(300);
    expect(nextBackoffMs(2, options, bottom)).toBeCloseTo(200, 6);
    expect(nextBackoffMs(2, { ...options, jitter: 0 }, bottom)).toBe(400);
    expect(nextBackoffMs(2, { ...options, jitter: 1 }, bottom)).toBeCloseTo(0, 6);
  });

  it('is safe at the edges: huge or fractional attempts, zero initial delay, multiplier 1, out-of-range random', () => {
    expect(nextBackoffMs(Number.MAX_SAFE_INTEGER, options, top)).toBe(5000);
    expect(nextBackoffMs(Infinity, { ...options, multiplier: 1 }, top)).toBe(100);
    expect(nextBackoffMs(2.7, options, top)).toBe(400);
    expect(nextBackoffMs(-3, options, top)).toBe(100);
    expect(nextBackoffMs(Number.NaN, options, top)).toBe(100);
    expect(nextBackoffMs(1e6, { ...options, initialMs: 0 }, top)).toBe(0);
    expect(nextBackoffMs(0, options, () => 7)).toBe(50);
    expect(nextBackoffMs(0, options, () => -1)).toBe(100);
  });

  it('property: every delay is within [0, maxMs] and within the jitter band of its base', () => {
    const arbOptions = fc
      .record({
        initialMs: fc.double({ min: 0, max: 10_000, noNaN: true }),
        extra: fc.double({ min: 0, max: 100_000, noNaN: true }),
        multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
        jitter: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ initialMs, extra, multiplier, jitter }) => ({ initialMs, maxMs: initialMs + extra, multiplier, jitter }));
    fc.assert(
      fc.property(arbOptions, fc.nat({ max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (o, attempt, r) => {
        const delay = nextBackoffMs(attempt, o, () => r);
        const base = nextBackoffMs(attempt, o, top);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(o.maxMs);
        expect(base).toBeLessThanOrEqual(o.maxMs);
        expect(delay).toBeGreaterThanOrEqual(base * (1 - o.jitter) - 1e-9);
        expect(delay).toBeLessThanOrEqual(base);
      }),
      { numRuns: 500 },
    );
  });

  it('property: without jitter the delay never shrinks as attempts grow', () => {
    fc.assert(
      fc.property(fc.nat({ max: 200 }), fc.nat({ max: 200 }), (a, b) => {
        const o = { ...DEFAULT_BACKOFF, jitter: 0 };
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(nextBackoffMs(lo, o)).toBeLessThanOrEqual(nextBackoffMs(hi, o));
      }),
      { numRuns: 200 },
    );
  });
});

describe('resolveBackoffOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveBackoffOptions()).toEqual({ initialMs: 500, maxMs: 30_000, multiplier: 2, jitter: 0.2 });
    expect(resolveBackoffOptions({ initialMs: 5, maxMs: 50 })).toEqual({ initialMs: 5, maxMs: 50, multiplier: 2, jitter: 0.2 });
  });

  it('names every bad field', () => {
    try {
      resolveBackoffOptions({ initialMs: -1, maxMs: Number.NaN, multiplier: 0.5, jitter: 2 });
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe('INVALID_ARGUMENT');
      expect((error as { fieldViolations: { path: string }[] }).fieldViolations.map((v) => v.path)).toEqual([
        'backoff.initialMs',
        'backoff.maxMs',
        'backoff.multiplier',
        'backoff.jitter',
      ]);
    }
  });
});
