import { describe, expect, it } from 'vitest';
import {
  applyCounterChunk,
  computeCounterDeltas,
  initialCounterState,
  stepCounter,
  type CounterBehaviour,
  type CounterPoint,
  type CounterState,
} from './counter-delta.js';

const plain: CounterBehaviour = { monotonic: true };
const u16: CounterBehaviour = { monotonic: true, wrapsAt: 65_536 };

/** Good-quality points at t = 1000, 2000, … */
function series(...values: number[]): CounterPoint[] {
  return values.map((value, i) => ({ t: (i + 1) * 1000, value, quality: 'good' }));
}

describe('counter deltas', () => {
  it('takes the first value as a baseline, not a delta', () => {
    // One point: 100 → baseline, total 0.
    const r = computeCounterDeltas(series(100), plain);
    expect(r.total).toBe(0);
    expect(r.points).toEqual([{ t: 1000, delta: 0, kind: 'baseline', uncertain: false }]);
    expect(r.state).toEqual({ last: { t: 1000, value: 100 } });
  });

  it('counts increases and unchanged readings', () => {
    // 100 → 103 → 103 → 110: deltas 0, 3, 0, 7; total 10.
    const r = computeCounterDeltas(series(100, 103, 103, 110), plain);
    expect(r.points.map((p) => p.delta)).toEqual([0, 3, 0, 7]);
    expect(r.points.map((p) => p.kind)).toEqual(['baseline', 'count', 'count', 'count']);
    expect(r.total).toBe(10);
    expect(r.resets).toBe(0);
  });

  it('treats a decrease as a reset: delta = the new value', () => {
    // 100 → 105 (+5) → 2 (reset, +2) → 6 (+4): total 11, one reset.
    const r = computeCounterDeltas(series(100, 105, 2, 6), plain);
    expect(r.points.map((p) => p.delta)).toEqual([0, 5, 2, 4]);
    expect(r.points[2]?.kind).toBe('reset');
    expect(r.total).toBe(11);
    expect(r.resets).toBe(1);
    expect(r.wraps).toBe(0);
  });

  it('treats a decrease near the top of a wrapping range as a wrap: delta = wrapsAt − prev + new', () => {
    // UInt16 (wrapsAt 65536): 65530 → 65535 (+5) → 3: wrap, 65536 − 65535 + 3 = 4 → 10 (+7).
    // Total 5 + 4 + 7 = 16, one wrap, no reset.
    const r = computeCounterDeltas(series(65_530, 65_535, 3, 10), u16);
    expect(r.points.map((p) => p.delta)).toEqual([0, 5, 4, 7]);
    expect(r.points[2]?.kind).toBe('wrap');
    expect(r.total).toBe(16);
    expect(r.wraps).toBe(1);
    expect(r.resets).toBe(0);
  });

  it('treats a decrease far from the top as a reset even when the counter wraps', () => {
    // 30000 → 30010 (+10) → 5: wrapped delta would be 65536 − 30010 + 5 = 35531,
    // more than 10 % of 65536 (6553.6) → reset, delta 5. Total 15.
    const r = computeCounterDeltas(series(30_000, 30_010, 5), u16);
    expect(r.points[2]).toEqual({ t: 3000, delta: 5, kind: 'reset', uncertain: false });
    expect(r.total).toBe(15);
    expect([r.resets, r.wraps]).toEqual([1, 0]);
  });

  it('draws the wrap/reset line at wrapWindow × wrapsAt', () => {
    // wrapsAt 1000, window 0.1 → limit 100. 950 → 50: 1000 − 950 + 50 = 100 ≤ 100 → wrap, +100.
    const b: CounterBehaviour = { monotonic: true, wrapsAt: 1000 };
    expect(computeCounterDeltas(series(950, 50), b).points[1]).toEqual({ t: 2000, delta: 100, kind: 'wrap', uncertain: false });
    // 950 → 51: 101 > 100 → reset, +51.
    expect(computeCounterDeltas(series(950, 51), b).points[1]).toEqual({ t: 2000, delta: 51, kind: 'reset', uncertain: false });
    // A wider window (0.2 → limit 200) turns 950 → 51 into a wrap of 101.
    expect(computeCounterDeltas(series(950, 51), { ...b, wrapWindow: 0.2 }).points[1]?.delta).toBe(101);
  });

  it('skips a bad-quality point without moving the baseline', () => {
    // 100 (good) → 5000 (bad, skipped) → 104 (good): delta 104 − 100 = 4, not a reset from 5000.
    const r = computeCounterDeltas(
      [
        { t: 1000, value: 100, quality: 'good' },
        { t: 2000, value: 5000, quality: 'bad' },
        { t: 3000, value: 104, quality: 'good' },
      ],
      plain,
    );
    expect(r.points.map((p) => p.delta)).toEqual([0, 0, 4]);
    expect(r.points[1]).toEqual({ t: 2000, delta: 0, kind: 'ignored', reason: 'bad-quality', uncertain: false });
    expect(r.total).toBe(4);
    expect(r.resets).toBe(0);
    expect(r.ignored['bad-quality']).toBe(1);
  });

  it('does not take a bad-quality first point as the baseline', () => {
    // 50 (bad) → 100 (good, baseline) → 101: total 1.
    const r = computeCounterDeltas(
      [
        { t: 1000, value: 50, quality: 'bad' },
        { t: 2000, value: 100, quality: 'good' },
        { t: 3000, value: 101, quality: 'good' },
      ],
      plain,
    );
    expect(r.points.map((p) => p.kind)).toEqual(['ignored', 'baseline', 'count']);
    expect(r.total).toBe(1);
  });

  it('uses an uncertain point but flags it', () => {
    // 100 → 102 (uncertain, +2) → 105 (+3): total 5, one uncertain.
    const r = computeCounterDeltas(
      [
        { t: 1000, value: 100, quality: 'good' },
        { t: 2000, value: 102, quality: 'uncertain' },
        { t: 3000, value: 105, quality: 'good' },
      ],
      plain,
    );
    expect(r.points[1]).toEqual({ t: 2000, delta: 2, kind: 'count', uncertain: true });
    expect(r.total).toBe(5);
    expect(r.uncertain).toBe(1);
  });

  it('ignores out-of-order and repeated timestamps, never double-counting', () => {
    // t=1000 v100 (baseline) → t=3000 v110 (+10) → t=2000 v105 (late: ignored; taken in order
    // it would look like a reset and add 105) → t=3000 v112 (same t: ignored) → t=4000 v115 (+5).
    // Total 15, two out-of-order.
    const r = computeCounterDeltas(
      [
        { t: 1000, value: 100, quality: 'good' },
        { t: 3000, value: 110, quality: 'good' },
        { t: 2000, value: 105, quality: 'good' },
        { t: 3000, value: 112, quality: 'good' },
        { t: 4000, value: 115, quality: 'good' },
      ],
      plain,
    );
    expect(r.points.map((p) => p.delta)).toEqual([0, 10, 0, 0, 5]);
    expect(r.points.map((p) => p.reason)).toEqual([undefined, undefined, 'out-of-order', 'out-of-order', undefined]);
    expect(r.total).toBe(15);
    expect(r.resets).toBe(0);
    expect(r.ignored['out-of-order']).toBe(2);
  });

  it('rejects non-finite and out-of-range values with a counted reason', () => {
    // 10 → NaN, +Inf, t=NaN (non-finite ×3) → −1 and 65536 (out of range for UInt16 ×2) → 12 (+2).
    const r = computeCounterDeltas(
      [
        { t: 1000, value: 10, quality: 'good' },
        { t: 2000, value: Number.NaN, quality: 'good' },
        { t: 3000, value: Number.POSITIVE_INFINITY, quality: 'good' },
        { t: Number.NaN, value: 11, quality: 'good' },
        { t: 4000, value: -1, quality: 'good' },
        { t: 5000, value: 65_536, quality: 'good' },
        { t: 6000, value: 12, quality: 'good' },
      ],
      u16,
    );
    expect(r.ignored).toEqual({ 'non-finite': 3, 'out-of-range': 2, 'bad-quality': 0, 'out-of-order': 0 });
    expect(r.total).toBe(2);
    expect(r.state).toEqual({ last: { t: 6000, value: 12 } });
  });

  it('does the same arithmetic for job counters that reset on each job', () => {
    // Job 1 counts 0 → 40, job 2 restarts: 0 → 25. Deltas 0, 40, 0 (reset to 0), 25: total 65.
    const r = computeCounterDeltas(series(0, 40, 0, 25), { monotonic: true, resetsOnJob: true });
    expect(r.points.map((p) => p.delta)).toEqual([0, 40, 0, 25]);
    expect([r.total, r.resets]).toEqual([65, 1]);
  });

  it('carries state across chunks, also through JSON, with the same result as one batch', () => {
    // 100, 105, 2, 6 split as [100] [105, 2] [6]: 0 + (5 + 2) + 4 = 11, as in one batch.
    const points = series(100, 105, 2, 6);
    const a = applyCounterChunk(initialCounterState(), points.slice(0, 1), plain);
    const b = applyCounterChunk(JSON.parse(JSON.stringify(a.state)) as CounterState, points.slice(1, 3), plain);
    const c = applyCounterChunk(JSON.parse(JSON.stringify(b.state)) as CounterState, points.slice(3), plain);
    expect([a.total, b.total, c.total]).toEqual([0, 7, 4]);
    expect(a.total + b.total + c.total).toBe(computeCounterDeltas(points, plain).total);
    expect(b.resets).toBe(1);
    expect(c.state).toEqual(computeCounterDeltas(points, plain).state);
  });

  it('steps one point at a time', () => {
    // {} + 7 → baseline; + 9 → +2.
    const first = stepCounter(initialCounterState(), { t: 1, value: 7, quality: 'good' }, plain);
    expect(first.delta.kind).toBe('baseline');
    const second = stepCounter(first.state, { t: 2, value: 9, quality: 'good' }, plain);
    expect(second.delta).toEqual({ t: 2, delta: 2, kind: 'count', uncertain: false });
    expect(second.state).toEqual({ last: { t: 2, value: 9 } });
    // An ignored point returns the very same state.
    const late = stepCounter(second.state, { t: 1, value: 50, quality: 'good' }, plain);
    expect(late.state).toBe(second.state);
  });

  it('rejects an invalid wrapsAt or wrapWindow', () => {
    expect(() => computeCounterDeltas([], { monotonic: true, wrapsAt: 0 })).toThrow(RangeError);
    expect(() => computeCounterDeltas([], { monotonic: true, wrapsAt: Number.NaN })).toThrow(RangeError);
    expect(() => computeCounterDeltas([], { monotonic: true, wrapsAt: 10, wrapWindow: 1 })).toThrow(RangeError);
    expect(() => stepCounter({}, { t: 1, value: 1, quality: 'good' }, { monotonic: true, wrapWindow: 0 })).toThrow(
      RangeError,
    );
  });
});
