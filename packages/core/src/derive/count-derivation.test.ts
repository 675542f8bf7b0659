import { describe, expect, it } from 'vitest';
import { accumulateCounts, type CountContribution, type EndedCountPeriod } from './count-derivation.js';

const HOUR = 3_600_000;
const T = Date.UTC(2030, 0, 1);

function contribution(t: number, delta: number): CountContribution {
  return { kind: 'produced_count', quality: 'good', point: { t, delta, kind: 'count', uncertain: false } };
}

describe('accumulateCounts', () => {
  it('adds deltas of one hour and ends the hour at the first contribution of a later one', () => {
    const out: EndedCountPeriod[] = [];
    const open = accumulateCounts('m1', undefined, [contribution(T + 1000, 3), contribution(T + 2000, 4), contribution(T + HOUR + 1, 1)], out);
    expect(out.map((p) => [p.start, p.end, p.sums.produced_count, p.quality])).toEqual([[T, T + HOUR, 7, 'good']]);
    expect(open?.sums.produced_count).toBe(1);
  });

  it('leaves out a counter jump beyond 2^53 parts (a broken reading, Infinity once added up) and marks the hour bad', () => {
    const out: EndedCountPeriod[] = [];
    const open = accumulateCounts('m1', undefined, [contribution(T + 1000, 5), contribution(T + 2000, 1.797e308), contribution(T + 3000, 1.797e308), contribution(T + 4000, 2)], out);
    expect(open?.sums.produced_count).toBe(7);
    expect(open?.quality).toBe('bad');
    expect(Number.isFinite(open?.sums.produced_count)).toBe(true);
  });
});
