import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTimeElements, timeElementsFromBuckets, type BucketInterval } from './time-elements.js';
import { TIME_BUCKETS, type TimeBucket } from './time-bucket.js';

const MIN = 60_000;

describe('computeTimeElements', () => {
  it('sums buckets over a one-hour period and derives AUPT, AUBT, PBT', () => {
    // Period [0, 60 min). 30 min APT, 10 min AUST, 5 min ADET, 5 min ADOT, 5 min PDOT,
    // 3 min idle, the last 2 min not covered → unknown. 30+10+5+5+5+3+2 = 60 min.
    // AUPT = 30+10 = 40 min; AUBT = 40+5 = 45 min; PBT = 60−5 = 55 min;
    // coverage = (60−2)/60 = 58/60.
    const intervals: BucketInterval[] = [
      { start: 0, end: 30 * MIN, bucket: 'apt' },
      { start: 30 * MIN, end: 40 * MIN, bucket: 'aust' },
      { start: 40 * MIN, end: 45 * MIN, bucket: 'adet' },
      { start: 45 * MIN, end: 50 * MIN, bucket: 'adot' },
      { start: 50 * MIN, end: 55 * MIN, bucket: 'pdot' },
      { start: 55 * MIN, end: 58 * MIN, bucket: 'idle' },
    ];
    expect(computeTimeElements(intervals, { from: 0, to: 60 * MIN })).toEqual({
      period: 3_600_000,
      apt: 1_800_000,
      aust: 600_000,
      adet: 300_000,
      adot: 300_000,
      pdot: 300_000,
      idle: 180_000,
      unknown: 120_000,
      aupt: 2_400_000,
      aubt: 2_700_000,
      pbt: 3_300_000,
      coverage: 58 / 60,
      overlap: 0,
      ignoredIntervals: 0,
    });
  });

  it('clips intervals to the period', () => {
    // Period [1000, 2000): apt [500,1500) keeps 500 ms, adet [1500,2500) keeps 500 ms,
    // [3000,4000) lies outside and adds nothing.
    const e = computeTimeElements(
      [
        { start: 500, end: 1500, bucket: 'apt' },
        { start: 1500, end: 2500, bucket: 'adet' },
        { start: 3000, end: 4000, bucket: 'pdot' },
      ],
      { from: 1000, to: 2000 },
    );
    expect([e.apt, e.adet, e.pdot, e.unknown, e.period, e.pbt]).toEqual([500, 500, 0, 0, 1000, 1000]);
  });

  it('resolves overlaps point by point: the later start wins, then the later array position', () => {
    // apt [0,100) with adet [20,50) inside it: adet owns [20,50) → apt 70, adet 30, overlap 30.
    const nested = computeTimeElements(
      [
        { start: 0, end: 100, bucket: 'apt' },
        { start: 20, end: 50, bucket: 'adet' },
      ],
      { from: 0, to: 100 },
    );
    expect([nested.apt, nested.adet, nested.overlap]).toEqual([70, 30, 30]);

    // Same two intervals, reversed array order: the start decides, the result is the same.
    const reversed = computeTimeElements(
      [
        { start: 20, end: 50, bucket: 'adet' },
        { start: 0, end: 100, bucket: 'apt' },
      ],
      { from: 0, to: 100 },
    );
    expect([reversed.apt, reversed.adet, reversed.overlap]).toEqual([70, 30, 30]);

    // apt [0,60) then adet [40,100): adet starts later and owns [40,60) → apt 40, adet 60, overlap 20.
    const partial = computeTimeElements(
      [
        { start: 0, end: 60, bucket: 'apt' },
        { start: 40, end: 100, bucket: 'adet' },
      ],
      { from: 0, to: 100 },
    );
    expect([partial.apt, partial.adet, partial.overlap]).toEqual([40, 60, 20]);

    // Same start 0: apt [0,60) at index 0, aust [0,40) at index 1 → aust owns [0,40),
    // apt keeps [40,60), [60,100) is uncovered → aust 40, apt 20, unknown 40, overlap 40.
    const tie = computeTimeElements(
      [
        { start: 0, end: 60, bucket: 'apt' },
        { start: 0, end: 40, bucket: 'aust' },
      ],
      { from: 0, to: 100 },
    );
    expect([tie.aust, tie.apt, tie.unknown, tie.overlap]).toEqual([40, 20, 40, 40]);
  });

  it('ignores malformed intervals and counts unrecognised buckets as unknown', () => {
    // [10,10) empty, [30,20) reversed, [NaN,5) non-finite → 3 ignored.
    // 'running' is not a bucket → its 50 ms [0,50) are unknown; apt [50,100) = 50 ms.
    const e = computeTimeElements(
      [
        { start: 10, end: 10, bucket: 'apt' },
        { start: 30, end: 20, bucket: 'apt' },
        { start: Number.NaN, end: 5, bucket: 'apt' },
        { start: 0, end: 50, bucket: 'running' as TimeBucket },
        { start: 50, end: 100, bucket: 'apt' },
      ],
      { from: 0, to: 100 },
    );
    expect([e.ignoredIntervals, e.unknown, e.apt]).toEqual([3, 50, 50]);
  });

  it('takes planned busy time from the option when given', () => {
    // 8 h shift calendar says PBT = 7.5 h = 27_000_000 ms whatever PDOT the states show.
    const e = computeTimeElements([{ start: 0, end: 1000, bucket: 'pdot' }], { from: 0, to: 28_800_000 }, {
      plannedBusyTime: 27_000_000,
    });
    expect(e.pbt).toBe(27_000_000);
    expect(e.pdot).toBe(1000);
    const zero = computeTimeElements([], { from: 0, to: 10 }, { plannedBusyTime: 0 });
    expect(zero.pbt).toBe(0);
  });

  it('reports an uncovered period as unknown and an empty period as all zero', () => {
    const none = computeTimeElements([], { from: 0, to: 5000 });
    expect([none.unknown, none.pbt, none.coverage]).toEqual([5000, 5000, 0]);
    const empty = computeTimeElements([{ start: 0, end: 10, bucket: 'apt' }], { from: 5, to: 5 });
    expect([empty.period, empty.apt, empty.unknown, empty.pbt, empty.coverage]).toEqual([0, 0, 0, 0, undefined]);
  });

  it('rejects an invalid period or planned busy time', () => {
    expect(() => computeTimeElements([], { from: 10, to: 5 })).toThrow(RangeError);
    expect(() => computeTimeElements([], { from: 0, to: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => computeTimeElements([], { from: 0, to: 5 }, { plannedBusyTime: -1 })).toThrow(RangeError);
    expect(() => computeTimeElements([], { from: 0, to: 5 }, { plannedBusyTime: Number.NaN })).toThrow(RangeError);
  });

  it('property: buckets are non-negative and always add up to the period', () => {
    const interval = fc.record({
      start: fc.integer({ min: -50, max: 1050 }),
      length: fc.integer({ min: -5, max: 400 }),
      bucket: fc.constantFrom(...TIME_BUCKETS),
    });
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), fc.integer({ min: 0, max: 1000 }), (raw, width) => {
        const intervals = raw.map((r) => ({ start: r.start, end: r.start + r.length, bucket: r.bucket }));
        const e = computeTimeElements(intervals, { from: 0, to: width });
        const sum = TIME_BUCKETS.reduce((acc, b) => acc + e[b], 0);
        expect(sum).toBe(width);
        for (const b of TIME_BUCKETS) expect(e[b]).toBeGreaterThanOrEqual(0);
        expect(e.overlap).toBeLessThanOrEqual(width);
        expect(e.aubt).toBe(e.apt + e.aust + e.adet);
        expect(e.pbt).toBe(width - e.pdot);
      }),
    );
  });
});

describe('timeElementsFromBuckets', () => {
  it('derives the same elements as computeTimeElements from the per-bucket sums', () => {
    // The worked hour above, as sums: 30 min APT, 10 AUST, 5 ADET, 5 ADOT, 5 PDOT, 3 idle; 2 min uncovered.
    const buckets = { apt: 30 * MIN, aust: 10 * MIN, adet: 5 * MIN, adot: 5 * MIN, pdot: 5 * MIN, idle: 3 * MIN };
    const e = timeElementsFromBuckets(buckets, { from: 0, to: 60 * MIN });
    expect(e).toMatchObject({ unknown: 2 * MIN, aupt: 40 * MIN, aubt: 45 * MIN, pbt: 55 * MIN, coverage: 58 / 60, overlap: 0 });
    const intervals: BucketInterval[] = [];
    let t = 0;
    for (const [bucket, ms] of Object.entries(buckets)) {
      intervals.push({ start: t, end: t + ms, bucket: bucket as TimeBucket });
      t += ms;
    }
    expect(e).toEqual(computeTimeElements(intervals, { from: 0, to: 60 * MIN }));
  });

  it('adds uncovered time to the unknown bucket and takes planned busy time from the option', () => {
    const e = timeElementsFromBuckets({ unknown: 100, pdot: 200 }, { from: 1000, to: 2000 }, { plannedBusyTime: 500 });
    expect([e.unknown, e.pdot, e.apt, e.pbt]).toEqual([800, 200, 0, 500]);
    expect(timeElementsFromBuckets({}, { from: 0, to: 10 }).unknown).toBe(10);
  });

  it('rejects negative or non-finite bucket times, and more time than the period (beyond 1 ms)', () => {
    expect(() => timeElementsFromBuckets({ apt: -1 }, { from: 0, to: 10 })).toThrow(RangeError);
    expect(() => timeElementsFromBuckets({ apt: Number.NaN }, { from: 0, to: 10 })).toThrow(RangeError);
    expect(() => timeElementsFromBuckets({ apt: 8, adot: 4 }, { from: 0, to: 10 })).toThrow(RangeError);
    expect(() => timeElementsFromBuckets({}, { from: 10, to: 0 })).toThrow(RangeError);
    expect(timeElementsFromBuckets({ apt: 10.5 }, { from: 0, to: 10 }).unknown).toBe(0);
  });

  it('property: equals computeTimeElements over back-to-back intervals of the sums', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TIME_BUCKETS), { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 90 }), { maxLength: 12 }), (order, lengths) => {
        const intervals: BucketInterval[] = [];
        const sums: Partial<Record<TimeBucket, number>> = {};
        let t = 0;
        order.forEach((bucket, i) => {
          const ms = lengths[i] ?? 1;
          intervals.push({ start: t, end: t + ms, bucket });
          sums[bucket] = (sums[bucket] ?? 0) + ms;
          t += ms;
        });
        const period = { from: 0, to: Math.max(t, 1000) };
        expect(timeElementsFromBuckets(sums, period)).toEqual(computeTimeElements(intervals, period));
      }),
    );
  });
});
