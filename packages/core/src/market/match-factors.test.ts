import { describe, expect, it } from 'vitest';
import { DemandItemSchema } from '../domain/demand-item.js';
import * as core from '../index.js';
import { isRegionPrefix } from '../domain/region-code.js';
import { MONDAY as T, WEEK } from '../test-support/weeks.js';
import { type AvailableCapacityPeriod, capacityCoverage } from './capacity-coverage.js';
import { deliveryCheckpoints, leadTimeSlack } from './delivery-window.js';
import { DEFAULT_MATCH_WEIGHTS, MATCH_FACTORS, resolveMatchWeights } from './match-weights.js';
import { PROVINCE_NAMES, neighbouringProvinces, regionRelation } from './region-distance.js';
import { parseNumericSpec, specFit } from './spec-fit.js';
import { scoreQuality } from './supplier-factors.js';

const DAY = 86_400_000;
const settings = { now: T, shiftMs: 8 * 3_600_000, declaredCoverageFactor: 0.5, declaredConfidence: 0.2 };
const period = (w: number, value: number, confidence = 0.9, unit = ''): AvailableCapacityPeriod => ({
  startTime: T + w * WEEK,
  endTime: T + (w + 1) * WEEK,
  quantity: { value, unit },
  confidence: { value: confidence },
});

describe('weights', () => {
  it('defaults sum to 1 and cover every factor', () => {
    expect(Object.keys(DEFAULT_MATCH_WEIGHTS).sort()).toEqual([...MATCH_FACTORS].sort());
    expect(Object.values(resolveMatchWeights()).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('are exported from @rongtong/core with the ranking', () => {
    expect(core.resolveMatchWeights).toBe(resolveMatchWeights);
    expect(typeof core.rankSupplyForDemand).toBe('function');
    expect(core.MATCH_FACTORS).toBe(MATCH_FACTORS);
  });

  it('normalises partial weights, keeping defaults for the others', () => {
    const w = resolveMatchWeights({ measured_capacity: 1.3 });
    expect(w.measured_capacity).toBeCloseTo(1.3 / 2, 12);
    expect(w.spec).toBeCloseTo(0.2 / 2, 12);
  });
});

describe('spec fit', () => {
  it('reads numbers, ranges, tolerances and bounds', () => {
    expect(parseNumericSpec('320')).toEqual({ low: 320, high: 320 });
    expect(parseNumericSpec(' 300 - 350 ')).toEqual({ low: 300, high: 350 });
    expect(parseNumericSpec('300至350')).toEqual({ low: 300, high: 350 });
    expect(parseNumericSpec('０.８～２.０')).toEqual({ low: 0.8, high: 2 });
    expect(parseNumericSpec('320±0.5')).toEqual({ low: 319.5, high: 320.5 });
    expect(parseNumericSpec('≥2')).toEqual({ low: 2, high: Infinity });
    expect(parseNumericSpec('<=500')).toEqual({ low: -Infinity, high: 500 });
    expect(parseNumericSpec('HT250')).toBeUndefined();
    expect(parseNumericSpec('320mm')).toBeUndefined();
  });

  it('scores equal text, containment, overlap, missing and different attributes', () => {
    const fit = specFit(
      { material: 'HT250', diameter_mm: '320', thickness_mm: '10-20', weight_kg: '5', colour: 'black' },
      { Material: ' ht250 ', diameter_mm: '200-400', thickness_mm: '15-25', colour: 'red', extra: 'x' },
    );
    expect(fit.attributes.map((a) => [a.name, a.outcome])).toEqual([
      ['colour', 'different'],
      ['diameter_mm', 'in_range'],
      ['material', 'equal'],
      ['thickness_mm', 'partial_range'],
      ['weight_kg', 'missing'],
    ]);
    expect(fit.value).toBeCloseTo((0 + 1 + 1 + 0.5 + 0.5) / 5, 12);
    expect(specFit({}, { a: '1' }).value).toBe(1);
    expect(specFit({ a: '≥300' }, { a: '320' }).attributes[0]!.outcome).toBe('in_range');
    expect(specFit({ a: '1' }, {}, 0).value).toBe(0);
  });
});

describe('region distance', () => {
  it('the border table is symmetric and uses only province codes', () => {
    for (const p of Object.keys(PROVINCE_NAMES)) {
      for (const q of neighbouringProvinces(p)) {
        expect(isRegionPrefix(q), q).toBe(true);
        expect(neighbouringProvinces(q), `${p}–${q}`).toContain(p);
      }
    }
    expect(neighbouringProvinces('50').slice().sort()).toEqual(['42', '43', '51', '52', '61']);
  });

  it('relates codes by GB/T 2260 prefixes', () => {
    expect(regionRelation('500112', '50')).toBe('within');
    expect(regionRelation('510107', '510104')).toBe('same_city');
    expect(regionRelation('510703', '510104')).toBe('same_province');
    expect(regionRelation('520102', '50')).toBe('neighbour');
    expect(regionRelation('320505', '50')).toBe('far');
    expect(regionRelation(undefined, '50')).toBe('unknown');
  });
});

describe('delivery, lead time and coverage', () => {
  const demand = DemandItemSchema.parse({
    category: 'component.stamping',
    name: '冲压件',
    spec: {},
    quantity: { value: 3000, unit: '' },
    committedQuantity: { value: 600, unit: '' },
    delivery: {
      kind: 'schedule',
      periods: [
        { startTime: T, endTime: T + WEEK, quantity: { value: 1000, unit: '' } },
        { startTime: T + WEEK, endTime: T + 3 * WEEK, quantity: { value: 2000, unit: '' } },
      ],
    },
    regionCodes: [],
    requiredCertifications: [],
  });

  it('schedules give cumulative checkpoints scaled to the open quantity', () => {
    expect(deliveryCheckpoints(demand, T, 28 * DAY)).toEqual([
      { dueTime: T + WEEK, quantity: 800 },
      { dueTime: T + 3 * WEEK, quantity: 2400 },
    ]);
    const { delivery: _d, ...asap } = demand;
    expect(deliveryCheckpoints(asap, T, 28 * DAY)).toEqual([{ dueTime: T + 28 * DAY, quantity: 2400 }]);
  });

  it('coverage is the worst checkpoint, prorating records and ignoring other units', () => {
    const checkpoints = deliveryCheckpoints(demand, T, 28 * DAY);
    const c = capacityCoverage(checkpoints, '', {}, [period(0, 400), period(1, 2000, 0.7), period(2, 2000), period(0, 9999, 0.1, 'kg')], settings);
    expect(c.source).toBe('measured_periods');
    expect(c.value).toBeCloseTo(400 / 800, 12);
    expect(c.confidence).toBe(0.7);
    const half = capacityCoverage(checkpoints, '', {}, [period(0, 1600)], { ...settings, now: T + WEEK / 2 });
    expect(half.available).toBeCloseTo(800, 9);
  });

  it('falls back to the measured summary, then to the declared rate, then to none', () => {
    const checkpoints = [{ dueTime: T + 2 * WEEK, quantity: 1000 }];
    const summary = capacityCoverage(checkpoints, '', {
      measuredCapacity: { available: { quantity: { value: 100, unit: '' }, granularity: 'day' }, confidence: 0.8, basis: {}, capacityRecordIds: [], updateTime: T },
    }, [], settings);
    expect([summary.source, summary.available, summary.value, summary.confidence]).toEqual(['measured_summary', 1400, 1, 0.8]);
    const declared = capacityCoverage(checkpoints, '', { declaredCapacity: { quantity: { value: 100, unit: '' }, granularity: 'shift' } }, [], settings);
    expect([declared.source, declared.available, declared.value, declared.confidence]).toEqual(['declared', 4200, 0.5, 0.2]);
    const none = capacityCoverage(checkpoints, '', { declaredCapacity: { quantity: { value: 100, unit: 't' }, granularity: 'week' } }, [], settings);
    expect([none.source, none.value, none.confidence]).toEqual(['none', 0, 0]);
  });

  it('lead time: late 0, tight 0.5, a week of slack 1, unknown as configured', () => {
    expect(leadTimeSlack(T + 10 * DAY, T, 11 * DAY, 7 * DAY, 0.3).value).toBe(0);
    expect(leadTimeSlack(T + 10 * DAY, T, 10 * DAY, 7 * DAY, 0.3).value).toBe(0.5);
    expect(leadTimeSlack(T + 10 * DAY, T, 3 * DAY, 7 * DAY, 0.3).value).toBe(1);
    expect(leadTimeSlack(T + 10 * DAY, T, undefined, 7 * DAY, 0.3).value).toBe(0.3);
    expect(leadTimeSlack(T + 10 * DAY, T, 11 * DAY, 7 * DAY, 0.3).detail).toContain('晚于交期 1.0 天');
  });

  it('quality: the floor scores 0, a perfect ratio 1', () => {
    expect(scoreQuality(0.9, 0.9, 0.5).value).toBe(0);
    expect(scoreQuality(0.95, 0.9, 0.5).value).toBeCloseTo(0.5, 12);
    expect(scoreQuality(0.5, 0.9, 0.5).value).toBe(0);
    expect(scoreQuality(undefined, 0.9, 0.4).value).toBe(0.4);
  });
});
