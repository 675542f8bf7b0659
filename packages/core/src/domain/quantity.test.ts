import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { MONDAY, WEEK } from '../test-support/weeks.js';
import { DurationSchema, PositiveDurationSchema } from './duration.js';
import { PeriodQuantitySchema } from './period-quantity.js';
import { PeriodicQuantitySchema } from './periodic-quantity.js';
import { PositiveQuantitySchema, QuantitySchema } from './quantity.js';
import { TimeRangeSchema } from './time-range.js';
import { TimestampSchema } from './timestamp.js';

describe('times and durations', () => {
  it('takes timestamps as integer ms ≥ 0', () => {
    expect(TimestampSchema.parse(MONDAY)).toBe(MONDAY);
    expect(TimestampSchema.parse(0)).toBe(0);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1740931200000', 1_740_931_200_000n]) {
      expect([bad, TimestampSchema.safeParse(bad).success]).toEqual([bad, false]);
    }
  });

  it('takes durations as finite ms ≥ 0 and positive durations as > 0', () => {
    expect(DurationSchema.parse(0)).toBe(0);
    expect(DurationSchema.parse(0.25)).toBe(0.25);
    expect(DurationSchema.safeParse(-1).error?.issues[0]?.message).toBe('must not be negative (milliseconds ≥ 0)');
    expect(DurationSchema.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
    expect(PositiveDurationSchema.safeParse(0).error?.issues[0]?.message).toBe('must be positive (milliseconds > 0)');
  });
});

describe('Quantity', () => {
  it('parses an amount with a UCUM unit ("" = pieces)', () => {
    expect(QuantitySchema.parse({ value: 1200, unit: '' })).toEqual({ value: 1200, unit: '' });
    expect(QuantitySchema.parse({ value: 3.5, unit: 't' })).toEqual({ value: 3.5, unit: 't' });
  });

  it('rejects negative, non-finite amounts and bad units', () => {
    expect(issuePaths(QuantitySchema, { value: -1, unit: 'kg' })).toEqual([['value']]);
    expect(issuePaths(QuantitySchema, { value: Number.NaN, unit: 'kg' })).toEqual([['value']]);
    expect(issuePaths(QuantitySchema, { value: 1, unit: 'metric ton' })).toEqual([['unit']]);
    expect(issuePaths(QuantitySchema, { value: 1, unit: '吨' })).toEqual([['unit']]);
    expect(issuePaths(QuantitySchema, { value: 1 })).toEqual([['unit']]);
  });

  it('requires a positive amount where zero makes no sense', () => {
    expect(PositiveQuantitySchema.parse({ value: 1, unit: '' })).toEqual({ value: 1, unit: '' });
    expect(issuePaths(PositiveQuantitySchema, { value: 0, unit: '' })).toEqual([['value']]);
  });
});

describe('PeriodQuantity, PeriodicQuantity and TimeRange', () => {
  const period = { startTime: MONDAY, endTime: MONDAY + WEEK, quantity: { value: 2000, unit: '' } };

  it('parses a period quantity', () => {
    expect(PeriodQuantitySchema.parse(period)).toEqual(period);
  });

  it('requires endTime after startTime, reported at endTime', () => {
    const result = PeriodQuantitySchema.safeParse({ ...period, endTime: MONDAY });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['endTime'], `endTime (${MONDAY}) must be after startTime (${MONDAY})`],
    ]);
    expect(issuePaths(PeriodQuantitySchema, { ...period, endTime: MONDAY - 1 })).toEqual([['endTime']]);
    expect(issuePaths(PeriodQuantitySchema, { ...period, quantity: { value: -5, unit: '' } })).toEqual([['quantity', 'value']]);
  });

  it('parses a periodic quantity and rejects a missing granularity', () => {
    const rate = { quantity: { value: 5000, unit: '' }, granularity: 'day' };
    expect(PeriodicQuantitySchema.parse(rate)).toEqual(rate);
    expect(issuePaths(PeriodicQuantitySchema, { quantity: rate.quantity })).toEqual([['granularity']]);
    expect(issuePaths(PeriodicQuantitySchema, { ...rate, granularity: 'month' })).toEqual([['granularity']]);
  });

  it('allows open ends in a time range, but not an end before the start', () => {
    expect(TimeRangeSchema.parse({})).toEqual({});
    expect(TimeRangeSchema.parse({ startTime: MONDAY })).toEqual({ startTime: MONDAY });
    expect(TimeRangeSchema.parse({ endTime: MONDAY })).toEqual({ endTime: MONDAY });
    expect(issuePaths(TimeRangeSchema, { startTime: MONDAY, endTime: MONDAY - WEEK })).toEqual([['endTime']]);
  });
});
