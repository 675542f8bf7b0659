import { describe, expect, it } from 'vitest';
import {
  MS_PER_HOUR,
  availability,
  computeKpis,
  dataCoverage,
  effectiveness,
  oee,
  perHour,
  qualityRatio,
  reworkRatio,
  scrapRatio,
  setupRate,
  throughputRate,
  utilizationEfficiency,
} from './kpis.js';

// One hour worked by hand (same as the time-elements example):
// APT 30 min = 1_800_000 ms, AUST 10 min = 600_000, ADET 5 min = 300_000, PDOT 5 min,
// so AUPT = 2_400_000, AUBT = 2_700_000, PBT = 3_600_000 − 300_000 = 3_300_000.
// PQ 100, GQ 95, SQ 5; PRU (ideal cycle time) 15 s = 15_000 ms/unit.
const elements = { apt: 1_800_000, aust: 600_000, aupt: 2_400_000, aubt: 2_700_000, pbt: 3_300_000 };
const counts = { pq: 100, gq: 95, sq: 5 };
const pru = 15_000;

describe('ISO 22400-2 KPI formulas', () => {
  it('availability = APT / PBT', () => {
    // 1_800_000 / 3_300_000 = 6/11 ≈ 0.545454
    expect(availability(1_800_000, 3_300_000)).toBe(6 / 11);
    expect(availability(0, 3_300_000)).toBe(0);
  });

  it('effectiveness = PRU · PQ / APT', () => {
    // 15_000 · 100 / 1_800_000 = 1_500_000 / 1_800_000 = 5/6 ≈ 0.8333
    expect(effectiveness(15_000, 100, 1_800_000)).toBe(5 / 6);
    // Faster than planned: 15_000 · 130 / 1_800_000 = 1.0833… > 1 is allowed.
    expect(effectiveness(15_000, 130, 1_800_000)).toBeCloseTo(1.083333333333, 12);
  });

  it('quality ratio = GQ / PQ', () => {
    // 95 / 100 = 0.95
    expect(qualityRatio(95, 100)).toBe(0.95);
  });

  it('OEE = availability × effectiveness × quality ratio', () => {
    // 6/11 · 5/6 · 0.95 = 4.75/11 ≈ 0.431818…; cross-check PRU·GQ/PBT = 1_425_000 / 3_300_000.
    expect(oee(6 / 11, 5 / 6, 0.95)).toBeCloseTo(0.431818181818, 12);
    expect(oee(0.5, 0.8, 1)).toBe(0.4);
  });

  it('utilization efficiency = APT / AUBT', () => {
    // 1_800_000 / 2_700_000 = 2/3
    expect(utilizationEfficiency(1_800_000, 2_700_000)).toBe(2 / 3);
  });

  it('setup rate = AUST / AUPT', () => {
    // 600_000 / 2_400_000 = 0.25
    expect(setupRate(600_000, 2_400_000)).toBe(0.25);
  });

  it('scrap ratio = SQ / PQ', () => {
    // 5 / 100 = 0.05
    expect(scrapRatio(5, 100)).toBe(0.05);
  });

  it('rework ratio = RQ / PQ', () => {
    // 2 / 100 = 0.02
    expect(reworkRatio(2, 100)).toBe(0.02);
    expect(reworkRatio(0, 100)).toBe(0);
  });

  it('data coverage = 1 − unknown / PBT, clamped to [0, 1]', () => {
    // 6 min unknown in a PBT of 57 min: 1 − 6/57 = 51/57.
    expect(dataCoverage(360_000, 3_420_000)).toBe(1 - 360_000 / 3_420_000);
    expect(dataCoverage(0, 3_300_000)).toBe(1);
    expect(dataCoverage(3_300_000, 3_300_000)).toBe(0);
    // More unknown than PBT (a rounding excess, or inconsistent input) clamps to 0.
    expect(dataCoverage(3_300_001, 3_300_000)).toBe(0);
  });

  it('throughput rate = PQ / AUBT in units per ms, and per hour', () => {
    // 100 / 2_700_000 units/ms; × 3_600_000 ms/h = 100 / 0.75 h ≈ 133.33 units/h.
    expect(throughputRate(100, 2_700_000)).toBe(100 / 2_700_000);
    expect(perHour(throughputRate(100, 2_700_000))).toBeCloseTo(400 / 3, 9);
    expect(MS_PER_HOUR).toBe(3_600_000);
    expect(perHour(undefined)).toBeUndefined();
  });

  it('returns undefined, never NaN or Infinity, on a zero denominator or a non-finite input', () => {
    expect(availability(0, 0)).toBeUndefined();
    expect(availability(5, 0)).toBeUndefined();
    expect(effectiveness(15_000, 100, 0)).toBeUndefined();
    expect(qualityRatio(0, 0)).toBeUndefined();
    expect(scrapRatio(1, 0)).toBeUndefined();
    expect(reworkRatio(1, 0)).toBeUndefined();
    expect(dataCoverage(0, 0)).toBeUndefined();
    expect(dataCoverage(Number.NaN, 10)).toBeUndefined();
    expect(utilizationEfficiency(0, 0)).toBeUndefined();
    expect(setupRate(0, 0)).toBeUndefined();
    expect(throughputRate(10, 0)).toBeUndefined();
    expect(availability(Number.NaN, 10)).toBeUndefined();
    expect(availability(Number.POSITIVE_INFINITY, 10)).toBeUndefined();
    expect(availability(10, Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(effectiveness(Number.MAX_VALUE, 10, 1)).toBeUndefined(); // PRU·PQ overflows
    expect(oee(undefined, 0.5, 0.5)).toBeUndefined();
    expect(oee(0.5, undefined, 0.5)).toBeUndefined();
    expect(oee(0.5, 0.5, undefined)).toBeUndefined();
  });
});

describe('computeKpis', () => {
  it('computes every KPI of the worked hour', () => {
    const k = computeKpis(elements, counts, pru);
    expect(k.availability).toBe(6 / 11);
    expect(k.effectiveness).toBe(5 / 6);
    expect(k.qualityRatio).toBe(0.95);
    expect(k.oee).toBeCloseTo(0.431818181818, 12);
    expect(k.utilizationEfficiency).toBe(2 / 3);
    expect(k.setupRate).toBe(0.25);
    expect(k.scrapRatio).toBe(0.05);
    expect(k.reworkRatio).toBeUndefined();
    expect(k.throughputRate).toBe(100 / 2_700_000);
    expect(k.throughputRatePerHour).toBeCloseTo(400 / 3, 9);
  });

  it('computes the rework ratio when the rework quantity is given', () => {
    // RQ 2 of PQ 100 (GQ 93 + SQ 5 + RQ 2): 0.02; the other KPIs as without it.
    const k = computeKpis(elements, { pq: 100, gq: 93, sq: 5, rq: 2 }, pru);
    expect(k.reworkRatio).toBe(0.02);
    expect(k.qualityRatio).toBe(0.93);
    expect(k.scrapRatio).toBe(0.05);
  });

  it('leaves effectiveness and OEE undefined without a PRU', () => {
    const k = computeKpis(elements, counts, undefined);
    expect(k.effectiveness).toBeUndefined();
    expect(k.oee).toBeUndefined();
    expect(k.availability).toBe(6 / 11);
  });

  it('handles an hour without production: availability 0, the rest undefined', () => {
    // APT = AUST = 0 in PBT 3_600_000, nothing produced.
    const k = computeKpis({ apt: 0, aust: 0, aupt: 0, aubt: 0, pbt: 3_600_000 }, { pq: 0, gq: 0, sq: 0 }, pru);
    expect(k).toEqual({
      availability: 0,
      effectiveness: undefined,
      qualityRatio: undefined,
      oee: undefined,
      utilizationEfficiency: undefined,
      setupRate: undefined,
      scrapRatio: undefined,
      reworkRatio: undefined,
      throughputRate: undefined,
      throughputRatePerHour: undefined,
    });
  });
});
