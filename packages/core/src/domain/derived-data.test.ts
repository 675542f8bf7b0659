import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { ProductionCountSchema, type ProductionCount } from './production-count.js';
import { StateIntervalSchema, type StateInterval } from './state-interval.js';

const HOUR = 3_600_000;
const T0 = 1_740_963_600_000; // an hour boundary

const interval: StateInterval = {
  equipmentId: 'lathe-3',
  startTime: T0,
  endTime: T0 + 25 * 60_000,
  rawState: 'Executing',
  bucket: 'apt',
  quality: 'good',
  jobId: 'MO-2025-0042',
  productId: 'brake-disc-320',
};

const count: ProductionCount = {
  equipmentId: 'lathe-3',
  startTime: T0,
  endTime: T0 + HOUR,
  producedQuantity: 100,
  goodQuantity: 95,
  scrapQuantity: 5,
  reworkQuantity: 0,
  unit: '',
  resetsDetected: 1,
  wrapsDetected: 0,
  quality: 'uncertain',
};

describe('StateInterval', () => {
  it('parses a valid interval, also an unknown one without raw state', () => {
    expect(StateIntervalSchema.parse(interval)).toEqual(interval);
    const gap = { equipmentId: 'lathe-3', startTime: T0, endTime: T0 + 1, rawState: '', bucket: 'unknown', quality: 'bad' };
    expect(StateIntervalSchema.parse(gap)).toEqual(gap);
  });

  it('requires endTime after startTime, reported at endTime', () => {
    expect(issuePaths(StateIntervalSchema, { ...interval, endTime: T0 })).toEqual([['endTime']]);
    expect(issuePaths(StateIntervalSchema, { ...interval, endTime: T0 - HOUR })).toEqual([['endTime']]);
  });

  it('names other invalid fields', () => {
    expect(issuePaths(StateIntervalSchema, { ...interval, bucket: 'APT' })).toEqual([['bucket']]);
    expect(issuePaths(StateIntervalSchema, { ...interval, quality: 'unspecified' })).toEqual([['quality']]);
    expect(issuePaths(StateIntervalSchema, { ...interval, startTime: -5 })).toEqual([['startTime']]);
    expect(issuePaths(StateIntervalSchema, { ...interval, jobId: '' })).toEqual([['jobId']]);
    expect(issuePaths(StateIntervalSchema, { ...interval, equipmentId: undefined })).toEqual([['equipmentId']]);
  });
});

describe('ProductionCount', () => {
  it('parses a valid count', () => {
    expect(ProductionCountSchema.parse(count)).toEqual(count);
  });

  it('rejects negative or non-finite quantities by name', () => {
    expect(issuePaths(ProductionCountSchema, { ...count, producedQuantity: -1 })).toEqual([['producedQuantity']]);
    expect(issuePaths(ProductionCountSchema, { ...count, goodQuantity: Number.NaN })).toEqual([['goodQuantity']]);
    expect(issuePaths(ProductionCountSchema, { ...count, scrapQuantity: Number.POSITIVE_INFINITY })).toEqual([['scrapQuantity']]);
    expect(issuePaths(ProductionCountSchema, { ...count, reworkQuantity: -0.5 })).toEqual([['reworkQuantity']]);
  });

  it('takes reset and wrap counts as 32-bit non-negative integers', () => {
    expect(issuePaths(ProductionCountSchema, { ...count, resetsDetected: -1 })).toEqual([['resetsDetected']]);
    expect(issuePaths(ProductionCountSchema, { ...count, wrapsDetected: 1.5 })).toEqual([['wrapsDetected']]);
    expect(issuePaths(ProductionCountSchema, { ...count, wrapsDetected: 2 ** 32 })).toEqual([['wrapsDetected']]);
  });

  it('requires endTime after startTime', () => {
    expect(issuePaths(ProductionCountSchema, { ...count, endTime: count.startTime })).toEqual([['endTime']]);
  });
});
