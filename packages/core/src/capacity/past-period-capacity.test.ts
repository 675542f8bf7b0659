import { describe, expect, it } from 'vitest';
import type { TimeBucket } from '../iso22400/time-bucket.js';
import { pastPeriodCapacity, type PastPeriodCapacityInput } from './past-period-capacity.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Bucket times in minutes → ms, missing buckets 0. */
function minutes(buckets: Partial<Record<TimeBucket, number>>): Record<TimeBucket, number> {
  const ms = (m: number | undefined) => (m ?? 0) * MIN;
  return {
    apt: ms(buckets.apt),
    aust: ms(buckets.aust),
    adet: ms(buckets.adet),
    adot: ms(buckets.adot),
    pdot: ms(buckets.pdot),
    idle: ms(buckets.idle),
    unknown: ms(buckets.unknown),
  };
}

const hour = (buckets: Partial<Record<TimeBucket, number>>, rest: Omit<PastPeriodCapacityInput, 'periodMs' | 'timeElements'>) =>
  pastPeriodCapacity({ periodMs: HOUR, timeElements: minutes(buckets), ...rest });

describe('pastPeriodCapacity', () => {
  it('computes TOTAL from PBT and the ideal unit time, USED from PQ, UNUSED as the rest', () => {
    // 60 min: APT 48, AUST 5, ADET 2, idle 1, unknown 1, PDOT 3. PBT = 60 − 3 = 57 min
    // = 3,420,000 ms; TOTAL = 3,420,000 / 30,000 = 114; USED = 96; UNUSED = 18.
    // Coverage = 1 − 1/57 = 56/57. E = 30,000 × 96 / (48 + 1 min) = 0.98 ≤ 1.05 → plausibility 1.
    const c = hour({ apt: 48, aust: 5, adet: 2, idle: 1, unknown: 1, pdot: 3 }, { producedQuantity: 96, idealUnitTimeMs: 30_000 });
    expect(c).toMatchObject({ total: 114, used: 96, unused: 18, pbtMs: 3_420_000, unitTimeMs: 30_000, totalRaised: false });
    expect(c?.confidence.signalCoverage).toBeCloseTo(56 / 57, 12);
    expect(c?.confidence.counterContinuity).toBe(1);
    expect(c?.confidence.plausibility).toBe(1);
    expect(c?.confidence.value).toBeCloseTo(56 / 57, 12);
    expect(c?.derivation).toBe(
      'PBT = 3,600,000 ms period − 180,000 ms PDOT = 3,420,000 ms; TOTAL = 3,420,000 ms PBT / 30,000 ms per unit = 114 units; ' +
        'USED = 96 units (PQ); UNUSED = 114 − 96 = 18 units',
    );
  });

  it('uses the rated capacity per hour when there is no ideal unit time, and names the unit', () => {
    // PBT = 1 h (no PDOT); TOTAL = 1 h × 120 kg/h = 120 kg; USED 80 kg; UNUSED 40 kg.
    // PRU = 3,600,000 / 120 = 30,000 ms; E = 30,000 × 80 / 45 min = 0.89 → plausibility 1.
    const c = hour({ apt: 45, adot: 15 }, { producedQuantity: 80, ratedPerHour: 120, unit: 'kg' });
    expect(c).toMatchObject({ total: 120, used: 80, unused: 40, unitTimeMs: 30_000 });
    expect(c?.confidence).toEqual({ value: 1, signalCoverage: 1, counterContinuity: 1, plausibility: 1 });
    expect(c?.derivation).toBe('PBT = 3,600,000 ms (no PDOT); TOTAL = 1 h PBT × 120 kg/h rated = 120 kg; USED = 80 kg (PQ); UNUSED = 120 − 80 = 40 kg');
  });

  it('prefers the ideal unit time over the rated capacity', () => {
    // 3,600,000 / 45,000 = 80, not 120.
    expect(hour({ apt: 60 }, { producedQuantity: 0, idealUnitTimeMs: 45_000, ratedPerHour: 120 })?.total).toBe(80);
  });

  it('returns undefined when there is neither an ideal unit time nor a rated capacity', () => {
    expect(hour({ apt: 60 }, { producedQuantity: 10 })).toBeUndefined();
  });

  it('counts time no bucket covers as unknown', () => {
    // Only 30 min APT reported: 30 min unknown of PBT 60 → coverage 0.5; TOTAL still 120.
    const c = hour({ apt: 30 }, { producedQuantity: 50, idealUnitTimeMs: 30_000 });
    expect(c).toMatchObject({ total: 120, used: 50, unused: 70 });
    expect(c?.confidence).toEqual({ value: 0.5, signalCoverage: 0.5, counterContinuity: 1, plausibility: 1 });
  });

  it('raises TOTAL to USED when the machine made more than its ideal rate allows, lowering plausibility beyond the tolerance', () => {
    // Capacity 3,600,000 / 30,000 = 120; PQ 150 → TOTAL 150, UNUSED 0.
    // E = 30,000 × 150 / 60 min = 1.25 → plausibility 1.05 / 1.25 = 0.84.
    const over = hour({ apt: 60 }, { producedQuantity: 150, idealUnitTimeMs: 30_000 });
    expect(over).toMatchObject({ total: 150, used: 150, unused: 0, totalRaised: true });
    expect(over?.confidence.plausibility).toBeCloseTo(0.84, 12);
    expect(over?.derivation).toContain('USED exceeds TOTAL: TOTAL raised to USED = 150 units, UNUSED = 0 units');
    // PQ 123: E = 1.025, within the 5 % tolerance → plausibility 1, TOTAL still raised.
    const slightly = hour({ apt: 60 }, { producedQuantity: 123, idealUnitTimeMs: 30_000 });
    expect(slightly).toMatchObject({ total: 123, unused: 0, totalRaised: true });
    expect(slightly?.confidence.plausibility).toBe(1);
  });

  it('judges plausibility against production time, not planned busy time: counts while down are implausible', () => {
    // APT 20 min, ADOT 40 min: TOTAL 120 but only 40 fit in 20 min. PQ 60: E = 1.5 → 0.7.
    expect(hour({ apt: 20, adot: 40 }, { producedQuantity: 60, idealUnitTimeMs: 30_000 })?.confidence.plausibility).toBeCloseTo(0.7, 12);
    // No production or unknown time at all, yet 5 units counted → plausibility 0, confidence 0.
    const down = hour({ adot: 60 }, { producedQuantity: 5, idealUnitTimeMs: 30_000 });
    expect(down).toMatchObject({ total: 120, used: 5, unused: 115 });
    expect(down?.confidence).toMatchObject({ plausibility: 0, value: 0 });
  });

  it('gives a whole hour of planned down time TOTAL 0 and full signal coverage', () => {
    const idle = hour({ pdot: 60 }, { producedQuantity: 0, idealUnitTimeMs: 30_000 });
    expect(idle).toMatchObject({ total: 0, used: 0, unused: 0, pbtMs: 0 });
    expect(idle?.confidence).toEqual({ value: 1, signalCoverage: 1, counterContinuity: 1, plausibility: 1 });
    // Counts during planned down time: TOTAL raised to USED, plausibility 0.
    expect(hour({ pdot: 60 }, { producedQuantity: 2, idealUnitTimeMs: 30_000 })).toMatchObject({
      total: 2,
      used: 2,
      unused: 0,
      totalRaised: true,
      confidence: { plausibility: 0, value: 0 },
    });
  });

  it('lowers counter continuity for uncertain counter data (× 0.9) and each unexpected reset (× 0.5)', () => {
    const base = { producedQuantity: 60, idealUnitTimeMs: 30_000 } as const;
    expect(hour({ apt: 60 }, { ...base, counterQuality: 'uncertain' })?.confidence.counterContinuity).toBe(0.9);
    expect(hour({ apt: 60 }, { ...base, unexpectedResets: 2 })?.confidence.counterContinuity).toBe(0.25);
    const both = hour({ apt: 60 }, { ...base, counterQuality: 'uncertain', unexpectedResets: 1 });
    expect(both?.confidence).toEqual({ value: 0.45, signalCoverage: 1, counterContinuity: 0.45, plausibility: 1 });
    expect(hour({ apt: 60 }, { ...base, counterQuality: 'bad' })?.confidence).toMatchObject({ counterContinuity: 0, value: 0 });
  });

  it('keeps fractional capacity and USED + UNUSED = TOTAL exactly', () => {
    // 3,420,000 / 35,000 = 97.714…; UNUSED = 97.714… − 96.
    const c = hour({ apt: 57, pdot: 3 }, { producedQuantity: 96, idealUnitTimeMs: 35_000 });
    expect(c?.total).toBeCloseTo(3_420_000 / 35_000, 9);
    expect((c?.used ?? 0) + (c?.unused ?? 0)).toBe(c?.total);
    expect(c?.derivation).toContain('= 97.714 units');
  });

  it('rejects invalid inputs with a RangeError', () => {
    const ok = { periodMs: HOUR, timeElements: minutes({ apt: 60 }), producedQuantity: 1, idealUnitTimeMs: 1000 };
    expect(() => pastPeriodCapacity({ ...ok, periodMs: 0 })).toThrow(RangeError);
    expect(() => pastPeriodCapacity({ ...ok, producedQuantity: -1 })).toThrow(RangeError);
    expect(() => pastPeriodCapacity({ ...ok, producedQuantity: Number.NaN })).toThrow(RangeError);
    expect(() => pastPeriodCapacity({ ...ok, idealUnitTimeMs: 0 })).toThrow(RangeError);
    expect(() => pastPeriodCapacity({ ...ok, idealUnitTimeMs: undefined, ratedPerHour: -5 })).toThrow(RangeError);
    expect(() => pastPeriodCapacity({ ...ok, unexpectedResets: 0.5 })).toThrow(RangeError);
    expect(() => pastPeriodCapacity({ ...ok, timeElements: minutes({ apt: 60, adot: 1 }) })).toThrow(/more than the 3600000 ms period/);
    expect(() => pastPeriodCapacity({ ...ok, timeElements: { ...minutes({ apt: 30 }), adet: -1 } })).toThrow(RangeError);
  });
});
