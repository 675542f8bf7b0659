import type { Sample } from './sample.js';
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

const batchOf = (...ts: number[]): Sample[] => ts.map((t) => ({ signalId: 's', sourceTime: t, value: t, quality: 'good' }));
const timesOf = (b: readonly Sample[] | undefined) => b?.map((s) => s.sourceTime);

describe('sample queue (single-sample batches): sample queue', () => {
  it('is a FIFO of batches', () => {
    const q = createSampleQueue(10);
    expect(q.push(batchOf(1, 2))).toBe(0);
    expect(q.push(batchOf(3))).toBe(0);
    expect(q.push([])).toBe(0);
    expect(q.size).toBe(3);
    expect(timesOf(q.shift())).toEqual([1, 2]);
    expect(timesOf(q.shift())).toEqual([3]);
    expect(q.shift()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('drops the oldest samples when full: whole batches first, then the front of the oldest', () => {
    const q = createSampleQueue(5);
    q.push(batchOf(1, 2));
    q.push(batchOf(3, 4));
    expect(q.push(batchOf(5, 6, 7))).toBe(2); // drops [1, 2]
    expect(q.size).toBe(5);
    expect(q.push(batchOf(8))).toBe(1); // drops 3 from [3, 4]
    expect([timesOf(q.shift()), timesOf(q.shift()), timesOf(q.shift())]).toEqual([[4], [5, 6, 7], [8]]);
  });

  it('keeps the newest samples of a batch larger than the queue', () => {
    const q = createSampleQueue(2);
    q.push(batchOf(1));
    expect(q.push(batchOf(2, 3, 4))).toBe(2);
    expect(timesOf(q.shift())).toEqual([3, 4]);
    expect(q.size).toBe(0);
  });

  it('never changes a batch it was given', () => {
    const q = createSampleQueue(3);
    const first = batchOf(1, 2, 3);
    q.push(first);
    q.push(batchOf(4));
    expect(timesOf(first)).toEqual([1, 2, 3]);
    expect(timesOf(q.shift())).toEqual([2, 3]);
  });

  it('stays bounded over many pushes, and clear() reports what it held', () => {
    const q = createSampleQueue(100);
    let dropped = 0;
    for (let i = 0; i < 10_000; i += 1) dropped += q.push(batchOf(i));
    expect(q.size).toBe(100);
    expect(dropped).toBe(9_900);
    expect(timesOf(q.shift())).toEqual([9_900]);
    expect(q.clear()).toBe(99);
    expect(q.size).toBe(0);
    expect(() => createSampleQueue(0)).toThrow(RangeError);
  });
});
