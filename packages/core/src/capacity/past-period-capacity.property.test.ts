import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfidenceSchema } from '../domain/confidence.js';
import { TIME_BUCKETS, type TimeBucket } from '../iso22400/time-bucket.js';
import { pastPeriodCapacity, type PastPeriodCapacityInput } from './past-period-capacity.js';

/** Bucket times that sum to at most the period; the rest is left uncovered. */
const input: fc.Arbitrary<PastPeriodCapacityInput> = fc
  .record({
    parts: fc.array(fc.nat({ max: 3_600_000 }), { minLength: 7, maxLength: 7 }),
    uncovered: fc.nat({ max: 3_600_000 }),
    producedQuantity: fc.oneof(fc.nat({ max: 100_000 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
    basis: fc.oneof(
      fc.record({ idealUnitTimeMs: fc.double({ min: 1, max: 1e7, noNaN: true }) }),
      fc.record({ ratedPerHour: fc.double({ min: 1e-3, max: 1e6, noNaN: true }) }),
      fc.record({ idealUnitTimeMs: fc.integer({ min: 1, max: 600_000 }), ratedPerHour: fc.integer({ min: 1, max: 10_000 }) }),
    ),
    counterQuality: fc.constantFrom('good', 'uncertain', 'bad'),
    unexpectedResets: fc.nat({ max: 5 }),
  })
  .filter((r) => r.parts.reduce((a, b) => a + b, 0) + r.uncovered > 0)
  .map(({ parts, uncovered, basis, ...rest }) => {
    const timeElements = Object.fromEntries(TIME_BUCKETS.map((b, i) => [b, parts[i] ?? 0])) as Record<TimeBucket, number>;
    const periodMs = parts.reduce((a, b) => a + b, 0) + uncovered;
    return { periodMs, timeElements, ...basis, ...rest };
  });

describe('pastPeriodCapacity: properties', () => {
  it('TOTAL = USED + UNUSED exactly, all ≥ 0, USED = PQ, TOTAL ≥ PBT / PRU, confidence valid', () => {
    fc.assert(
      fc.property(input, (i) => {
        const c = pastPeriodCapacity(i);
        expect(c).toBeDefined();
        if (c === undefined) return;
        expect(c.used + c.unused).toBe(c.total);
        for (const v of [c.total, c.used, c.unused]) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        expect(c.used).toBe(i.producedQuantity);
        expect(c.pbtMs).toBe(i.periodMs - i.timeElements.pdot);
        expect(c.total).toBeGreaterThanOrEqual((c.pbtMs / c.unitTimeMs) * (1 - 1e-12));
        expect(c.totalRaised).toBe(c.unused === 0 && c.used > 0 && c.used > c.pbtMs / c.unitTimeMs);
        const { value, signalCoverage, counterContinuity, plausibility } = c.confidence;
        for (const v of [value, signalCoverage, counterContinuity, plausibility]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(value).toBe(signalCoverage * counterContinuity * plausibility);
        expect(ConfidenceSchema.safeParse(c.confidence).success).toBe(true);
        expect(c.derivation).toMatch(/^PBT = .*; TOTAL = .*; USED = .*; (UNUSED|USED exceeds)/);
      }),
      { numRuns: 1000 },
    );
  });

  it('is undefined exactly when there is no capacity basis', () => {
    fc.assert(
      fc.property(input, (i) => {
        const { idealUnitTimeMs: _ideal, ratedPerHour: _rated, ...withoutBasis } = i;
        expect(pastPeriodCapacity(withoutBasis)).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});
