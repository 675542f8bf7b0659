import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.js';

describe('percentile', () => {
  it('interpolates between the closest ranks', () => {
    // [1,2,3,4]: P50 rank (4−1)·0.5 = 1.5 → 2 + 0.5·(3−2) = 2.5
    expect(percentile([4, 1, 3, 2])).toBe(2.5);
    // P25 rank 0.75 → 1 + 0.75·(2−1) = 1.75; P90 rank 2.7 → 3 + 0.7·1 = 3.7
    expect(percentile([1, 2, 3, 4], 25)).toBe(1.75);
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 12);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
  });

  it('defaults to the median', () => {
    // [3,1,2] sorted [1,2,3]: rank 1 → 2
    expect(percentile([3, 1, 2])).toBe(2);
    expect(percentile([10])).toBe(10);
    expect(percentile([10], 99)).toBe(10);
  });

  it('leaves out non-finite values and gives undefined for no values', () => {
    // [NaN, 1, 3, ∞] → [1, 3]: P50 = 2
    expect(percentile([Number.NaN, 1, 3, Number.POSITIVE_INFINITY])).toBe(2);
    expect(percentile([])).toBeUndefined();
    expect(percentile([Number.NaN])).toBeUndefined();
  });

  it('does not reorder the input', () => {
    const values = [3, 1, 2];
    percentile(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('rejects p outside [0, 100]', () => {
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});
