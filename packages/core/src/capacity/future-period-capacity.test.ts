import { describe, expect, it } from 'vitest';
import { ConfidenceSchema } from '../domain/confidence.js';
import { ShiftCalendarSchema } from '../domain/shift-calendar.js';
import { futurePeriodCapacity, type FuturePeriodCapacityInput } from './future-period-capacity.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY = Date.UTC(2026, 2, 1, 16); // 2026-03-02 00:00 +08:00
/** Monday 08:00–16:00, a 2 h outage 10:00–12:00; PRU 36 s = 100 units/h. */
const calendar = ShiftCalendarSchema.parse({
  shifts: [{ weekday: 1, start: '08:00', end: '16:00' }],
  plannedOutages: [{ startTime: MONDAY + 10 * HOUR, endTime: MONDAY + 12 * HOUR }],
});
const base: FuturePeriodCapacityInput = {
  period: { from: MONDAY, to: MONDAY + DAY },
  calendar,
  idealUnitTimeMs: 36_000,
  historicalOee: [0.5, 0.9, 0.6, 0.8, 0.7],
  commitments: [],
};
const commit = (value: number, from = MONDAY, to = MONDAY + DAY, unit = '') => ({ startTime: from, endTime: to, quantity: { value, unit } });

describe('futurePeriodCapacity', () => {
  it('TOTAL from shift time, UNATTAINABLE = outages + (1 − P50 OEE) × PBT, AVAILABLE the rest', () => {
    const r = futurePeriodCapacity({ ...base, commitments: [commit(100)] });
    // TOTAL = 8 h × 100/h = 800; outages 200; OEE P50 = 0.7 → (1 − 0.7) × 600 = 180; COMMITTED 100.
    expect(r.total).toBeCloseTo(800, 9);
    expect(r.expectedOee).toBeCloseTo(0.7, 12);
    expect(r.unattainable).toBeCloseTo(380, 9);
    expect(r.committed).toBe(100);
    expect(r.available).toBeCloseTo(320, 9);
    expect([r.pbtMs, r.outageMs]).toEqual([6 * HOUR, 2 * HOUR]);
    expect(r.derivation).toContain('OEE P50 of 5 periods = 0.7');
    expect(ConfidenceSchema.safeParse(r.confidence).success).toBe(true);
    expect(r.confidence.signalCoverage).toBeCloseTo(5 / 20, 12);
  });

  it('a configurable percentile: P10 is more cautious', () => {
    const r = futurePeriodCapacity({ ...base, oeePercentile: 10 });
    expect(r.expectedOee).toBeCloseTo(0.54, 12);
    expect(r.unattainable).toBeCloseTo(200 + 0.46 * 600, 9);
  });

  it('pro-rates commitments by overlap and ignores other units', () => {
    const r = futurePeriodCapacity({
      ...base,
      commitments: [commit(70, MONDAY - DAY, MONDAY + DAY), commit(999, MONDAY, MONDAY + DAY, 'kg'), commit(50, MONDAY + DAY, MONDAY + 2 * DAY)],
    });
    expect(r.committed).toBeCloseTo(35, 12);
    expect(r.ignoredCommitments).toBe(1);
  });

  it('overcommitted: UNATTAINABLE shrinks, AVAILABLE is 0, plausibility drops, the identity holds', () => {
    const r = futurePeriodCapacity({ ...base, commitments: [commit(500)] });
    expect(r.overcommitted).toBe(true);
    expect(r.shortfall).toBeCloseTo(80, 9);
    expect(r.available).toBe(0);
    expect(r.unattainable).toBeCloseTo(300, 9);
    expect(r.total).toBeCloseTo(800, 9);
    expect(r.confidence.plausibility).toBeCloseTo(420 / 500, 12);
    expect(r.derivation).toContain('overcommitted by 80');
  });

  it('committed beyond TOTAL raises TOTAL; no history means OEE 1 and coverage 0; bad PRU throws', () => {
    const r = futurePeriodCapacity({ ...base, historicalOee: [], commitments: [commit(1000)] });
    expect([r.total, r.committed, r.available, r.unattainable]).toEqual([1000, 1000, 0, 0]);
    expect(r.expectedOee).toBeUndefined();
    expect(r.confidence.value).toBe(0);
    expect(() => futurePeriodCapacity({ ...base, idealUnitTimeMs: 0 })).toThrow(/idealUnitTimeMs/);
    expect(() => futurePeriodCapacity({ ...base, oeePercentile: 101 })).toThrow(RangeError);
  });
});
