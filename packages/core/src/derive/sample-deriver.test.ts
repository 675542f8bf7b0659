import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../source/sample.js';
import { hourStart, worseQuality } from './hour.js';
import { createSampleDeriver, type DeriveSignal, type SampleDerivation, type SampleDeriverState } from './sample-deriver.js';

const T = Date.UTC(2026, 0, 1, 10, 0, 0);
const MIN = 60_000;
const signals: DeriveSignal[] = [
  { id: 'a/state', equipment: 'a', semantic: 'machine_state', unit: '', stateMappings: [{ rawState: 'Blip' }] },
  { id: 'a/mode', equipment: 'a', semantic: 'operation_mode', unit: '', stateMappings: [{ rawState: 'Maintenance', bucket: 'pdot' }] },
  { id: 'a/count', equipment: 'a', semantic: 'produced_count', unit: 'kg', counter: { monotonic: true, wrapsAt: 1000 } },
  { id: 'b/cycles', equipment: 'b', semantic: 'cycle_count', unit: '', counter: { monotonic: false }, partsPerCycle: 3 },
  { id: 'b/temp', equipment: 'b', semantic: 'measurement', unit: 'Cel' },
];
const s = (signalId: string, minute: number, value: Sample['value'], quality: Sample['quality'] = 'good'): Sample => ({
  signalId,
  sourceTime: T + minute * MIN,
  value,
  quality,
});

/** Everything a sequence of derivations ended, in a canonical order. */
function ended(derivations: readonly SampleDerivation[]): unknown[] {
  const all = derivations.flatMap((d) => [...d.intervals.map((i) => ({ ...i, k: 'i' })), ...d.counts.map((c) => ({ ...c, k: 'c' }))]);
  return all.sort((x, y) => x.k.localeCompare(y.k) || x.equipmentId.localeCompare(y.equipmentId) || x.start - y.start);
}

const streamArb = fc
  .array(
    fc.oneof(
      fc.record({ signalId: fc.constant('a/state'), value: fc.constantFrom('Executing', 'NotExecuting', 'OutOfService', 'Blip') }),
      fc.record({ signalId: fc.constant('a/mode'), value: fc.constantFrom('Processing', 'Setup', 'Maintenance') }),
      fc.record({ signalId: fc.constant('a/count'), value: fc.integer({ min: 0, max: 999 }).map(BigInt) }),
      fc.record({ signalId: fc.constant('b/cycles'), value: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ signalId: fc.constant('b/temp'), value: fc.double({ noNaN: true }) }),
    ),
    { maxLength: 120 },
  )
  .map((items) => items.map((item, i) => s(item.signalId, i * 4.5, item.value)));

describe('createSampleDeriver', () => {
  it('ends the same intervals and hours for a time-ordered stream however it is split, also across a saved state', () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 }), (stream, sizes) => {
        const whole = ended([createSampleDeriver({ signals }).derive(stream)]);
        const parts: SampleDerivation[] = [];
        let state: SampleDeriverState | undefined;
        for (let at = 0, i = 0; at < stream.length; at += sizes[i % sizes.length]!, i += 1) {
          const deriver = createSampleDeriver({ signals, initialState: state });
          parts.push(deriver.derive(stream.slice(at, at + sizes[i % sizes.length]!)));
          state = JSON.parse(JSON.stringify(deriver.state())) as SampleDeriverState;
        }
        expect(ended(parts)).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it('cuts intervals at hours, counts wraps, corrections and cycles × parts per cycle, and ignores other semantics', () => {
    const { intervals, counts, signalIds } = createSampleDeriver({ signals }).derive([
      s('a/state', 50, 'Executing'),
      s('a/count', 51, 990n),
      s('b/cycles', 52, 10),
      s('b/temp', 53, 21.5),
      s('a/count', 58, 4n), // wrap: +14
      s('b/cycles', 59, 8), // correction: +0
      s('a/mode', 65, 'Maintenance'),
      s('a/count', 66, 9n),
      s('b/cycles', 67, 12), // +4 cycles = 12 parts
      s('a/state', 70, 'Blip'), // ignored state
    ]);
    expect(intervals.map((i) => [i.start, i.end, i.rawState, i.bucket])).toEqual([
      [T + 50 * MIN, T + 60 * MIN, 'Executing', 'apt'],
      [T + 60 * MIN, T + 65 * MIN, 'Executing', 'apt'],
    ]);
    expect(counts).toEqual([
      { equipmentId: 'a', start: T, end: T + 60 * MIN, produced: 14, good: 14, scrap: 0, rework: 0, unit: 'kg', resets: 0, wraps: 1, quality: 'good' },
      { equipmentId: 'b', start: T, end: T + 60 * MIN, produced: 0, good: 0, scrap: 0, rework: 0, unit: '', resets: 0, wraps: 0, quality: 'good' },
    ]);
    expect(signalIds).toEqual(['a/count', 'a/mode', 'a/state', 'b/cycles']);
  });

  it('has hour helpers for UTC hours and the worse quality', () => {
    expect(hourStart(T + 59 * MIN)).toBe(T);
    expect(worseQuality('good', 'uncertain')).toBe('uncertain');
    expect(worseQuality('bad', 'uncertain')).toBe('bad');
  });
});
