import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfidenceSchema } from '../domain/confidence.js';
import { futurePeriodCapacity } from './future-period-capacity.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK_START = Date.UTC(2026, 2, 1, 16);
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const calendar = fc.record({
  utcOffsetMinutes: fc.constantFrom(480, 0, -300, 330),
  shifts: fc.array(fc.record({ weekday: fc.integer({ min: 1, max: 7 }), start: time, end: time }), { maxLength: 12 }),
  exceptions: fc.uniqueArray(
    fc.record({ date: fc.integer({ min: 1, max: 14 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`), shifts: fc.array(fc.record({ start: time, end: time }), { maxLength: 3 }) }),
    { selector: (e) => e.date, maxLength: 3 },
  ),
  plannedOutages: fc.array(
    fc.tuple(fc.integer({ min: -DAY, max: 8 * DAY }), fc.integer({ min: 1, max: 2 * DAY })).map(([s, len]) => ({ startTime: WEEK_START + s, endTime: WEEK_START + s + len })),
    { maxLength: 3 },
  ),
});
const commitment = fc
  .tuple(fc.integer({ min: -3 * DAY, max: 9 * DAY }), fc.integer({ min: 1, max: 10 * DAY }), fc.double({ min: 0, max: 1e5, noNaN: true }), fc.constantFrom('', '', 'kg'))
  .map(([s, len, value, unit]) => ({ startTime: WEEK_START + s, endTime: WEEK_START + s + len, quantity: { value, unit } }));

describe('futurePeriodCapacity: properties', () => {
  it('TOTAL = COMMITTED + AVAILABLE + UNATTAINABLE, all ≥ 0, confidence valid, for random calendars, histories and commitments', () => {
    fc.assert(
      fc.property(
        calendar,
        fc.integer({ min: 0, max: 6 * DAY }),
        fc.integer({ min: 1, max: 7 * DAY }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.array(fc.double({ min: -0.5, max: 1.5, noNaN: true }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(commitment, { maxLength: 6 }),
        (cal, offset, length, pru, history, p, commitments) => {
          const from = WEEK_START + offset;
          const r = futurePeriodCapacity({ period: { from, to: from + length }, calendar: cal, idealUnitTimeMs: pru, historicalOee: history, oeePercentile: p, commitments });
          for (const v of [r.total, r.committed, r.available, r.unattainable]) expect(v).toBeGreaterThanOrEqual(0);
          expect(r.total).toBeCloseTo(r.committed + r.available + r.unattainable, 6);
          expect(r.total).toBe(r.committed + r.available + r.unattainable);
          expect(r.pbtMs).toBeLessThanOrEqual(length);
          expect(r.total).toBeGreaterThanOrEqual(r.committed);
          expect(ConfidenceSchema.safeParse(r.confidence).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
