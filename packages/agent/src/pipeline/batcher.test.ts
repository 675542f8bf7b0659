import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sample } from '../sources/sample.js';
import { createBatcher } from './batcher.js';

const sample = (i: number): Sample => ({ signalId: 's', sourceTime: i, value: i, quality: 'good' });

describe('createBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('closes a batch at maxSamples, in order, and keeps the rest open', async () => {
    const batches: number[][] = [];
    const batcher = createBatcher({ maxSamples: 3, maxDelayMs: 1000, onBatch: (b) => {
        batches.push(b.map((s) => s.sourceTime));
        return Promise.resolve();
      }, });
    await batcher.write([1, 2, 3, 4, 5, 6, 7].map(sample));
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(batcher.pending).toBe(1);
  });

  it('closes a batch maxDelayMs after its first sample', async () => {
    const batches: number[][] = [];
    const batcher = createBatcher({ maxSamples: 100, maxDelayMs: 1000, onBatch: (b) => {
        batches.push(b.map((s) => s.sourceTime));
        return Promise.resolve();
      }, });
    await batcher.write([sample(1)]);
    await vi.advanceTimersByTimeAsync(600);
    await batcher.write([sample(2)]);
    await vi.advanceTimersByTimeAsync(399);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[1, 2]]);
    expect(batcher.pending).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(batches).toHaveLength(1);
  });

  it('applies backpressure: write resolves only after onBatch of the batches it closed', async () => {
    let release: () => void = () => undefined;
    const seen: number[] = [];
    const batcher = createBatcher({
      maxSamples: 2,
      maxDelayMs: 1000,
      onBatch: (b) => {
        seen.push(b.length);
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    let done = false;
    const write = batcher.write([sample(1), sample(2)]).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([2]);
    expect(done).toBe(false);
    release();
    await write;
    expect(done).toBe(true);
  });

  it('flush hands over the open batch; close flushes and rejects later writes; empty flush does nothing', async () => {
    const onBatch = vi.fn(() => Promise.resolve());
    const batcher = createBatcher({ maxSamples: 10, maxDelayMs: 1000, onBatch });
    await batcher.flush();
    expect(onBatch).not.toHaveBeenCalled();
    await batcher.write([sample(1)]);
    await batcher.flush();
    expect(onBatch).toHaveBeenCalledTimes(1);
    await batcher.write([sample(2)]);
    await batcher.close();
    await batcher.close();
    expect(onBatch).toHaveBeenCalledTimes(2);
    await expect(batcher.write([sample(3)])).rejects.toThrow('closed');
  });

  it('passes a rejected batch to its writer and still hands over the next batches', async () => {
    const seen: number[] = [];
    const batcher = createBatcher({
      maxSamples: 1,
      maxDelayMs: 1000,
      onBatch: (b) => {
        seen.push(b[0]?.sourceTime ?? -1);
        return seen.length === 1 ? Promise.reject(new Error('boom')) : Promise.resolve();
      },
    });
    await expect(batcher.write([sample(1)])).rejects.toThrow('boom');
    await batcher.write([sample(2)]);
    expect(seen).toEqual([1, 2]);
  });

  it('refuses invalid sizes', () => {
    const onBatch = () => Promise.resolve();
    expect(() => createBatcher({ maxSamples: 0, maxDelayMs: 1, onBatch })).toThrow(RangeError);
    expect(() => createBatcher({ maxSamples: 1, maxDelayMs: 0, onBatch })).toThrow(RangeError);
  });
});
