import { describe, expect, it } from 'vitest';
import { firstIndexAfter, sampleTime } from './schedule.js';

describe('generator schedule', () => {
  it('puts sample k at startTime + ⌊k · 1000 / rate⌋', () => {
    expect([0, 1, 2, 3].map((k) => sampleTime(1000, 3, k))).toEqual([1000, 1333, 1666, 2000]);
    expect([0, 1, 2].map((k) => sampleTime(0, 0.1, k))).toEqual([0, 10_000, 20_000]);
  });

  it('finds the first sample after a time (for resuming)', () => {
    expect(firstIndexAfter(1000, 3, 999)).toBe(0);
    expect(firstIndexAfter(1000, 3, 1000)).toBe(1);
    expect(firstIndexAfter(1000, 3, 1665)).toBe(2);
    expect(firstIndexAfter(1000, 3, 1666)).toBe(3);
    expect(firstIndexAfter(0, 1000, 86_400_000)).toBe(86_400_001);
  });
});
