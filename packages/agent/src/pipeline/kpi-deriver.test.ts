import { batchPayloadCodec, toMillis } from '@rongtong/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sample, SampleValue } from '../sources/sample.js';
import { SignalConfigSchema } from '../config/signal-config.js';
import { createKpiDeriver, type KpiDeriverState } from './kpi-deriver.js';
import { testSignals } from './test-support/pipeline-config.js';

const T = Date.UTC(2026, 0, 1, 10, 0, 0);
const MIN = 60_000;
const config = { signals: testSignals() };
const s = (signalId: string, minute: number, value: SampleValue | undefined, quality: Sample['quality'] = 'good'): Sample => ({
  signalId,
  sourceTime: T + minute * MIN,
  value,
  quality,
});
const at = (minute: number) => T + minute * MIN;

const stateStream: Sample[] = [
  s('m1/mode', 40, 'Processing'),
  s('m1/state', 40, 'Executing'),
  s('m1/state', 55, 'Executing', 'uncertain'),
  s('m1/state', 70, 'OutOfService'),
  s('m1/state', 80, 'Executing'),
  s('m1/state', 100, 'NotExecuting'),
];

describe('createKpiDeriver: state intervals', () => {
  it('ends intervals at state changes and cuts them at hour boundaries (Executing 30 min → OutOfService 10 → Executing 20)', () => {
    const { intervals, counts, signalIds } = createKpiDeriver({ config }).derive(stateStream);
    expect(intervals).toEqual([
      { equipmentId: 'm1', start: at(40), end: at(60), rawState: 'Executing', bucket: 'apt', quality: 'uncertain' },
      { equipmentId: 'm1', start: at(60), end: at(70), rawState: 'Executing', bucket: 'apt', quality: 'uncertain' },
      { equipmentId: 'm1', start: at(70), end: at(80), rawState: 'OutOfService', bucket: 'adet', quality: 'good' },
      { equipmentId: 'm1', start: at(80), end: at(100), rawState: 'Executing', bucket: 'apt', quality: 'good' },
    ]);
    expect(counts).toEqual([]);
    expect(signalIds).toEqual(['m1/mode', 'm1/state']);
  });

  it('books bad-quality time as unknown with raw state "" and refines by mode (Setup → aust)', () => {
    const deriver = createKpiDeriver({ config });
    deriver.derive(stateStream);
    const { intervals } = deriver.derive([
      s('m1/state', 110, undefined, 'bad'),
      s('m1/state', 115, 'Executing'),
      s('m1/mode', 118, 'Setup'),
      s('m1/state', 125, 'NotExecuting'),
    ]);
    expect(intervals).toEqual([
      { equipmentId: 'm1', start: at(100), end: at(110), rawState: 'NotExecuting', bucket: 'adot', quality: 'good' },
      { equipmentId: 'm1', start: at(110), end: at(115), rawState: '', bucket: 'unknown', quality: 'bad' },
      { equipmentId: 'm1', start: at(115), end: at(118), rawState: 'Executing', bucket: 'apt', quality: 'good' },
      { equipmentId: 'm1', start: at(118), end: at(120), rawState: 'Executing', bucket: 'aust', quality: 'good' },
      { equipmentId: 'm1', start: at(120), end: at(125), rawState: 'Executing', bucket: 'aust', quality: 'good' },
    ]);
  });

  it("applies the state signal's overrides to states and the mode signal's to all time in that mode; unmapped entries are ignored", () => {
    const signals = testSignals().map((signal) => {
      if (signal.id === 'm1/state') return { ...signal, stateMappings: [{ rawState: 'OutOfService', bucket: 'pdot' as const }, { rawState: 'Blip' }] };
      if (signal.id === 'm1/mode') return { ...signal, stateMappings: [{ rawState: 'Maintenance', bucket: 'pdot' as const }, { rawState: 'Noise' }] };
      return signal;
    });
    const { intervals } = createKpiDeriver({ config: { signals } }).derive([
      s('m1/state', 0, 'Executing'),
      s('m1/state', 5, 'Blip'),
      s('m1/mode', 10, 'Maintenance'),
      s('m1/mode', 15, 'Noise'),
      s('m1/state', 20, 'NotExecuting'),
      s('m1/mode', 25, 'Processing'),
      s('m1/state', 30, 'OutOfService'),
      s('m1/state', 40, 'Executing'),
    ]);
    expect(intervals.map((i) => [i.start, i.end, i.rawState, i.bucket])).toEqual([
      [at(0), at(10), 'Executing', 'apt'],
      [at(10), at(20), 'Executing', 'pdot'],
      [at(20), at(25), 'NotExecuting', 'pdot'],
      [at(25), at(30), 'NotExecuting', 'adot'],
      [at(30), at(40), 'OutOfService', 'pdot'],
    ]);
  });

  it('ignores Bad_StateNotActive from an inactive nested state machine (PackML) but books other bad states as unknown', () => {
    const notActive = { ...s('m1/state', 10, undefined, 'bad'), sourceStatus: 0x80bf0000 };
    const { intervals } = createKpiDeriver({ config }).derive([
      s('m1/state', 0, 'Executing'),
      notActive,
      s('m1/state', 20, 'NotExecuting'),
      { ...s('m1/state', 30, undefined, 'bad'), sourceStatus: 0x80ab0000 },
      s('m1/state', 40, 'Executing'),
    ]);
    expect(intervals.map((i) => [i.start, i.end, i.bucket])).toEqual([
      [at(0), at(20), 'apt'],
      [at(20), at(30), 'adot'],
      [at(30), at(40), 'unknown'],
    ]);
  });

  it('gives the same intervals whether the stream comes whole or in chunks with a JSON round-trip of the state', () => {
    const whole = createKpiDeriver({ config }).derive(stateStream).intervals;
    const first = createKpiDeriver({ config });
    const a = first.derive(stateStream.slice(0, 3)).intervals;
    const second = createKpiDeriver({ config, initialState: JSON.parse(JSON.stringify(first.state())) as KpiDeriverState });
    const b = second.derive(stateStream.slice(3)).intervals;
    expect([...a, ...b]).toEqual(whole);
  });
});

describe('createKpiDeriver: production counts', () => {
  it('counts 100→160, reset to 5, then 25 as produced 85 with 1 reset, completes good = PQ − SQ, per hour', () => {
    const deriver = createKpiDeriver({ config });
    const first = deriver.derive([
      s('m1/produced', 1, 100n),
      s('m1/produced', 20, 160n),
      s('m1/bad', 1, 0),
      s('m1/produced', 30, 5n),
      s('m1/bad', 50, 2, 'uncertain'),
      s('m1/produced', 50, 25n),
    ]);
    expect(first.counts).toEqual([]);
    const second = deriver.derive([s('m1/produced', 65, 30n)]);
    expect(second.counts).toEqual([
      {
        equipmentId: 'm1',
        start: at(0),
        end: at(60),
        produced: 85,
        good: 83,
        scrap: 2,
        rework: 0,
        unit: '',
        resets: 1,
        wraps: 0,
        quality: 'uncertain',
      },
    ]);
    expect(deriver.state().periods.m1?.sums.produced_count).toBe(5);
  });

  it('counts a cycle counter as produced parts (× partsPerCycle) where no produced_count signal exists, and ignores it where one does', () => {
    const press = (extra: object[] = []) => ({
      signals: [
        SignalConfigSchema.parse({ id: 'p/strokes', equipment: 'p', source: 'gen', semantic: 'cycle_count', counter: { monotonic: true }, partsPerCycle: 4, unit: 'pcs' }),
        SignalConfigSchema.parse({ id: 'p/bad', equipment: 'p', source: 'gen', semantic: 'bad_count', counter: { monotonic: true } }),
        ...extra.map((e) => SignalConfigSchema.parse(e)),
      ],
    });
    const stream = [s('p/strokes', 0, 10n), s('p/bad', 0, 0n), s('p/strokes', 30, 40n), s('p/bad', 30, 6n), s('p/strokes', 61, 45n)];
    const counts = createKpiDeriver({ config: press() }).derive(stream).counts;
    expect(counts.map((c) => [c.produced, c.good, c.scrap, c.unit])).toEqual([[120, 114, 6, 'pcs']]);

    const withProduced = press([{ id: 'p/produced', equipment: 'p', source: 'gen', semantic: 'produced_count', counter: { monotonic: true } }]);
    const both = createKpiDeriver({ config: withProduced }).derive([...stream, s('p/produced', 0, 0n), s('p/produced', 30, 100n), s('p/produced', 61, 101n)]);
    expect(both.counts.map((c) => c.produced)).toEqual([100]);
    expect(both.signalIds).not.toContain('p/strokes');
  });

  it('completes scrap as PQ − GQ − RQ when produced and good are counted but scrap is not', () => {
    const signals = [
      SignalConfigSchema.parse({ id: 'c/parts', equipment: 'c', source: 'gen', semantic: 'produced_count', counter: { monotonic: true } }),
      SignalConfigSchema.parse({ id: 'c/good', equipment: 'c', source: 'gen', semantic: 'good_count', counter: { monotonic: true, resetsOnJob: true } }),
    ];
    const counts = createKpiDeriver({ config: { signals } }).derive([
      s('c/parts', 0, 1000n),
      s('c/good', 0, 0n),
      s('c/parts', 30, 1040n),
      s('c/good', 30, 37n),
      s('c/parts', 61, 1041n),
    ]).counts;
    expect(counts.map((c) => [c.produced, c.good, c.scrap, c.rework])).toEqual([[40, 37, 3, 0]]);
  });

  it('encodes state intervals and production counts into a KPI payload with no samples', () => {
    const deriver = createKpiDeriver({ config });
    deriver.derive([s('m1/produced', 1, 100n), s('m1/produced', 20, 160n)]);
    const out = deriver.deriveAndEncode([...stateStream, s('m1/produced', 61, 170n)], at(200));
    expect(out?.meta).toEqual({ samples: 0, firstTime: at(0), lastTime: at(100), signalIds: ['m1/mode', 'm1/produced', 'm1/state'] });
    const decoded = batchPayloadCodec.decode(out?.payload ?? new Uint8Array());
    expect(decoded.sharingLevel).toBe('SHARING_LEVEL_KPI');
    expect(decoded.samples).toEqual([]);
    expect(decoded.stateIntervals.map((i) => [toMillis(i.startTime), toMillis(i.endTime), i.rawState, i.bucket, i.quality])).toEqual([
      [at(40), at(60), 'Executing', 'TIME_BUCKET_APT', 'QUALITY_UNCERTAIN'],
      [at(60), at(70), 'Executing', 'TIME_BUCKET_APT', 'QUALITY_UNCERTAIN'],
      [at(70), at(80), 'OutOfService', 'TIME_BUCKET_ADET', 'QUALITY_GOOD'],
      [at(80), at(100), 'Executing', 'TIME_BUCKET_APT', 'QUALITY_GOOD'],
    ]);
    expect(decoded.productionCounts).toHaveLength(1);
    expect(decoded.productionCounts[0]).toMatchObject({
      equipmentId: 'm1',
      producedQuantity: 60,
      goodQuantity: 60,
      resetsDetected: 0,
      quality: 'QUALITY_GOOD',
    });
  });

  it('returns no payload when nothing ended', () => {
    expect(createKpiDeriver({ config }).deriveAndEncode([s('m1/temp', 1, 20.5), s('m1/state', 2, 'Executing')], at(3))).toBeUndefined();
  });
});

describe('createKpiDeriver: property', () => {
  const value = fc.oneof(
    fc.double(),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.boolean(),
    fc.constantFrom('Executing', 'NotExecuting', 'OutOfService', 'NotAvailable', 'Processing', 'Setup', 'Maintenance', '', 'x'),
    fc.uint8Array({ maxLength: 4 }),
    fc.constant(undefined),
  );
  const sample = fc.record({
    signalId: fc.constantFrom('m1/state', 'm1/mode', 'm1/produced', 'm1/bad', 'm1/temp', 'unknown/signal'),
    sourceTime: fc.integer({ min: T, max: T + 5 * 60 * MIN }),
    value,
    quality: fc.constantFrom<Sample['quality']>('good', 'uncertain', 'bad'),
  });

  it('never puts a sample into a KPI payload, and every interval and period is non-empty and hour-aligned', () => {
    fc.assert(
      fc.property(fc.array(fc.array(sample, { maxLength: 40 }), { maxLength: 6 }), (batches) => {
        const deriver = createKpiDeriver({ config });
        for (const batch of batches) {
          const out = deriver.deriveAndEncode(batch, T);
          if (out === undefined) continue;
          const decoded = batchPayloadCodec.decode(out.payload);
          expect(decoded.samples).toHaveLength(0);
          expect(out.meta.samples).toBe(0);
          for (const i of [...decoded.stateIntervals, ...decoded.productionCounts]) {
            const start = toMillis(i.startTime);
            const end = toMillis(i.endTime);
            expect(end).toBeGreaterThan(start);
            expect(Math.floor(start / (60 * MIN))).toBe(Math.floor((end - 1) / (60 * MIN)));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
