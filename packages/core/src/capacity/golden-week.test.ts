import { describe, expect, it } from 'vitest';
import { ShiftCalendarSchema } from '../domain/shift-calendar.js';
import { MACHINERY_STATE_MAPPING } from '../iso22400/machinery-state-mapping.js';
import { periodKpis, type PeriodCount, type PeriodStateInterval } from '../iso22400/period-kpis.js';
import type { TimeBucket } from '../iso22400/time-bucket.js';
import { futurePeriodCapacity } from './future-period-capacity.js';
import { pastPeriodCapacity } from './past-period-capacity.js';

/**
 * Golden week, ground truth written by hand. Equipment with PRU = 60 s (60 units/h);
 * shifts Mon–Fri 08:00–24:00, Sat 08:00–12:00 (+08:00). Each weekday:
 * 00–08 planned down, 08:00–08:30 setup, 08:30–12:00 run, 12:00–12:30 fault,
 * 12:30–16:00 run, 16:00–17:00 not executing, 17:00–24:00 run; 780 made, 760 good, 20 scrap.
 * Saturday: 08–12 run, 240 made, all good; the rest planned down.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY = Date.UTC(2026, 2, 1, 16); // 2026-03-02 00:00 +08:00
const at = (day: number, hour: number): number => MONDAY + day * DAY + hour * HOUR;
const PRU = 60_000;

const calendar = ShiftCalendarSchema.parse({
  shifts: [
    ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '24:00' })),
    { weekday: 6, start: '08:00', end: '12:00' },
  ],
});

const intervals: PeriodStateInterval[] = [];
const counts: PeriodCount[] = [];
const add = (day: number, from: number, to: number, bucket: TimeBucket, rawState: string, mode?: string): void => {
  intervals.push({ startTime: at(day, from), endTime: at(day, to), bucket, rawState, ...(mode === undefined ? {} : { mode }) });
};
for (let day = 0; day < 5; day += 1) {
  add(day, 0, 8, 'pdot', 'OutOfService', 'Maintenance');
  add(day, 8, 8.5, 'aust', 'Executing', 'Setup');
  add(day, 8.5, 12, 'apt', 'Executing', 'Processing');
  add(day, 12, 12.5, 'adet', 'OutOfService');
  add(day, 12.5, 16, 'apt', 'Executing', 'Processing');
  add(day, 16, 17, 'adot', 'NotExecuting');
  add(day, 17, 24, 'apt', 'Executing', 'Processing');
  counts.push({ startTime: at(day, 8), endTime: at(day, 24), producedQuantity: 780, goodQuantity: 760, scrapQuantity: 20 });
}
add(5, 0, 8, 'pdot', 'OutOfService', 'Maintenance');
add(5, 8, 12, 'apt', 'Executing', 'Processing');
add(5, 12, 24, 'pdot', 'OutOfService', 'Maintenance');
add(6, 0, 24, 'pdot', 'OutOfService', 'Maintenance');
counts.push({ startTime: at(5, 8), endTime: at(5, 12), producedQuantity: 240, goodQuantity: 240, scrapQuantity: 0 });

describe('golden week', () => {
  it('Monday (day): time elements and every KPI equal the hand-computed values', () => {
    const { timeElements: t, counts: c, kpis: k } = periodKpis({ period: { from: at(0, 0), to: at(1, 0) }, intervals, counts, idealUnitTimeMs: PRU, calendar });
    expect([t.apt, t.aust, t.adet, t.adot, t.pdot, t.unknown, t.pbt].map((v) => v / HOUR)).toEqual([14, 0.5, 0.5, 1, 8, 0, 16]);
    expect(c).toEqual({ pq: 780, gq: 760, sq: 20, rq: 0 });
    expect(k.availability).toBeCloseTo(14 / 16, 12);
    expect(k.effectiveness).toBeCloseTo(780 / 840, 12);
    expect(k.qualityRatio).toBeCloseTo(760 / 780, 12);
    expect(k.oee).toBeCloseTo(760 / 960, 12);
    expect(k.utilizationEfficiency).toBeCloseTo(14 / 15, 12);
    expect(k.setupRate).toBeCloseTo(0.5 / 14.5, 12);
    expect(k.scrapRatio).toBeCloseTo(20 / 780, 12);
    expect(k.throughputRatePerHour).toBeCloseTo(52, 9);
  });

  it('remapping raw states with the OPC 40001-1 table gives the same Monday', () => {
    const booked = periodKpis({ period: { from: at(0, 0), to: at(1, 0) }, intervals, counts, idealUnitTimeMs: PRU, calendar });
    const remapped = periodKpis({ period: { from: at(0, 0), to: at(1, 0) }, intervals, counts, idealUnitTimeMs: PRU, calendar, mapping: MACHINERY_STATE_MAPPING });
    expect(remapped.timeElements).toEqual(booked.timeElements);
  });

  it('an hour and a shift clip intervals and pro-rate counts', () => {
    const hour = periodKpis({ period: { from: at(0, 12), to: at(0, 13) }, intervals, counts, idealUnitTimeMs: PRU, calendar });
    expect([hour.timeElements.apt, hour.timeElements.adet, hour.timeElements.pbt]).toEqual([HOUR / 2, HOUR / 2, HOUR]);
    expect(hour.counts.pq).toBeCloseTo(780 / 16, 12);
    const late = periodKpis({ period: { from: at(0, 16), to: at(1, 0) }, intervals, counts, idealUnitTimeMs: PRU, calendar });
    expect(late.kpis.availability).toBeCloseTo(7 / 8, 12);
    expect(late.counts.pq).toBeCloseTo(390, 12);
  });

  it('the week: 84 h PBT, 74 h APT, OEE 4040 / 5040', () => {
    const { timeElements: t, counts: c, kpis: k } = periodKpis({ period: { from: at(0, 0), to: at(7, 0) }, intervals, counts, idealUnitTimeMs: PRU, calendar });
    expect([t.pbt, t.apt, t.unknown].map((v) => v / HOUR)).toEqual([84, 74, 0]);
    expect(c).toEqual({ pq: 4140, gq: 4040, sq: 100, rq: 0 });
    expect(k.availability).toBeCloseTo(74 / 84, 12);
    expect(k.effectiveness).toBeCloseTo(4140 / 4440, 12);
    expect(k.oee).toBeCloseTo(4040 / 5040, 12);
  });

  it('capacity records: Monday TOTAL 960 = USED 780 + UNUSED 180; next week from the daily OEE history', () => {
    const monday = periodKpis({ period: { from: at(0, 0), to: at(1, 0) }, intervals, counts, idealUnitTimeMs: PRU, calendar });
    const past = pastPeriodCapacity({ periodMs: DAY, timeElements: monday.timeElements, producedQuantity: monday.counts.pq, idealUnitTimeMs: PRU });
    expect(past).toMatchObject({ total: 960, used: 780, unused: 180, confidence: { value: 1 } });

    const history = [0, 1, 2, 3, 4, 5].map(
      (day) => periodKpis({ period: { from: at(day, 0), to: at(day + 1, 0) }, intervals, counts, idealUnitTimeMs: PRU, calendar }).kpis.oee ?? Number.NaN,
    );
    expect(history[5]).toBeCloseTo(1, 12);
    const next = futurePeriodCapacity({
      period: { from: at(7, 0), to: at(14, 0) },
      calendar,
      idealUnitTimeMs: PRU,
      historicalOee: history,
      commitments: [{ startTime: at(7, 0), endTime: at(21, 0), quantity: { value: 2000, unit: '' } }],
    });
    // TOTAL = 84 h / 60 s = 5040; UNATTAINABLE = (1 − 760/960) × 5040 = 1050; COMMITTED = 2000 × 7/14 = 1000.
    expect(next.total).toBeCloseTo(5040, 9);
    expect(next.unattainable).toBeCloseTo(1050, 9);
    expect(next.committed).toBeCloseTo(1000, 9);
    expect(next.available).toBeCloseTo(2990, 9);
    expect(next.confidence.signalCoverage).toBeCloseTo(6 / 20, 12);
    expect(next.overcommitted).toBe(false);
  });
});
