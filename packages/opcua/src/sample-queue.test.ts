import type { Sample } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { createSampleQueue } from './sample-queue.js';

const batch = (from: number, n: number): Sample[] =>
  Array.from({ length: n }, (_, i) => ({ signalId: 'x', sourceTime: from + i, value: from + i, quality: 'good' as const }));
const times = (b: readonly Sample[] | undefined): number[] => (b ?? []).map((s) => s.sourceTime);

describe('sample queue', () => {
  it('is a FIFO of batches', () => {
    const q = createSampleQueue(10);
    expect(q.push(batch(0, 2))).toBe(0);
    expect(q.push(batch(2, 3))).toBe(0);
    expect(q.size).toBe(5);
    expect(times(q.shift())).toEqual([0, 1]);
    expect(times(q.shift())).toEqual([2, 3, 4]);
    expect(q.shift()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('drops the oldest samples, whole batches first, and counts them', () => {
    const q = createSampleQueue(5);
    q.push(batch(0, 2));
    q.push(batch(2, 2));
    expect(q.push(batch(4, 3))).toBe(2);
    expect(times(q.shift())).toEqual([2, 3]);
    expect(times(q.shift())).toEqual([4, 5, 6]);
    q.push(batch(10, 4));
    expect(q.push(batch(20, 3))).toBe(2);
    expect(times(q.shift())).toEqual([12, 13]);
  });

  it('keeps the newest part of a batch larger than the bound', () => {
    const q = createSampleQueue(3);
    expect(q.push(batch(0, 5))).toBe(2);
    expect(times(q.shift())).toEqual([2, 3, 4]);
  });

  it('clear empties it and says how many it held', () => {
    const q = createSampleQueue(100);
    q.push(batch(0, 7));
    expect(q.clear()).toBe(7);
    expect(q.size).toBe(0);
    expect(() => createSampleQueue(0)).toThrow(RangeError);
  });
});
