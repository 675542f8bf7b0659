import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EquipmentConfigSchema } from '../config/equipment-config.js';
import { SignalConfigSchema, type SignalConfig } from '../config/signal-config.js';
import type { Sample } from '../sources/sample.js';
import { createCapacityDeriver, type CapacityDeriverState } from './capacity-deriver.js';
import type { DerivedCapacity } from './capacity-payload.js';
import { createKpiDeriver } from './kpi-deriver.js';
import type { KpiDerivation } from './kpi-payload.js';
import { MIN, at, capacityConfig, capacityStream, s } from './test-support/capacity-scenario.js';
import { anySplit, chunks, kpiDerivations, resumedAtEveryCut } from './test-support/derivation-runs.js';

const HOUR = 60 * MIN;
const config = capacityConfig;
const stream = capacityStream;

/** [hour (UTC), type, quantity, confidence] rows of records. */
const rows = (records: readonly DerivedCapacity[]) =>
  records.map((r) => [new Date(r.start).getUTCHours(), r.type, r.quantity.value, Number(r.confidence.value.toFixed(6))]);

const expectedRows = [
  [10, 'total', 114, 1],
  [10, 'used', 90, 1],
  [10, 'unused', 24, 1],
  [11, 'total', 114, Number(((51 / 57) * 0.9).toFixed(6))],
  [11, 'used', 70, Number(((51 / 57) * 0.9).toFixed(6))],
  [11, 'unused', 44, Number(((51 / 57) * 0.9).toFixed(6))],
  [12, 'total', 120, 1],
  [12, 'used', 0, 1],
  [12, 'unused', 120, 1],
  [13, 'total', 120, 0.5],
  [13, 'used', 100, 0.5],
  [13, 'unused', 20, 0.5],
];

function run(derivations: readonly KpiDerivation[], cfg = config): DerivedCapacity[] {
  const deriver = createCapacityDeriver({ config: cfg });
  return derivations.flatMap((d) => deriver.derive(d));
}

describe('createCapacityDeriver: hourly records from the real KPI deriver', () => {
  it('records TOTAL, USED and UNUSED per closed hour with hand-computed figures', () => {
    const records = run(kpiDerivations([stream]));
    expect(rows(records)).toEqual(expectedRows);
    const [total10] = records;
    expect(total10).toEqual({
      equipmentId: 'm1',
      path: [{ level: 'site', id: 'cq-1', name: '重庆一厂' }],
      start: at(0),
      end: at(60),
      granularity: 'hour',
      type: 'total',
      quantity: { value: 114, unit: '' },
      confidence: { value: 1, signalCoverage: 1, counterContinuity: 1, plausibility: 1 },
      derivation:
        'PBT = 3,600,000 ms period − 180,000 ms PDOT = 3,420,000 ms; TOTAL = 3,420,000 ms PBT / 30,000 ms per unit = 114 units; ' +
        'USED = 90 units (PQ); UNUSED = 114 − 90 = 24 units',
      signalIds: ['m1/bad', 'm1/mode', 'm1/produced', 'm1/state'],
    });
    expect(records[3]?.confidence.signalCoverage).toBeCloseTo(51 / 57, 12);
    expect(records[3]?.confidence.counterContinuity).toBe(0.9);
    expect(records[6]?.derivation).toBe(
      'PBT = 3,600,000 ms (no PDOT); TOTAL = 3,600,000 ms PBT / 30,000 ms per unit = 120 units; USED = 0 units (PQ); ' +
        'UNUSED = 120 − 0 = 120 units; no counter sample in the hour (earlier and later hours counted): USED taken as 0',
    );
    expect(records[9]?.confidence).toEqual({ value: 0.5, signalCoverage: 1, counterContinuity: 0.5, plausibility: 1 });
    for (let i = 0; i < records.length; i += 3) {
      expect((records[i + 1]?.quantity.value ?? NaN) + (records[i + 2]?.quantity.value ?? NaN)).toBe(records[i]?.quantity.value);
    }
  });

  it('gives the same records whatever the batch split of the samples', () => {
    const whole = run(kpiDerivations([stream]));
    expect(run(kpiDerivations(stream.map((x) => [x])))).toEqual(whole);
    expect(run(kpiDerivations(chunks(stream, [3, 3, 3, 3, 3, 3, 3])))).toEqual(whole);
    expect(run(kpiDerivations(chunks(stream, [11, 1, 9])))).toEqual(whole);
  });

  it('gives the same records when intervals and counts of an hour arrive in different batches, in any split', () => {
    const [all] = kpiDerivations([stream]);
    const { intervals, counts, signalIds } = all ?? { intervals: [], counts: [], signalIds: [] };
    const whole = run([{ intervals, counts, signalIds }]);
    // Counts long before intervals, and intervals long before counts.
    expect(run([{ intervals: [], counts, signalIds }, { intervals, counts: [], signalIds }])).toEqual(whole);
    expect(run([{ intervals, counts: [], signalIds }, { intervals: [], counts, signalIds }])).toEqual(whole);
    // Any split: each list keeps its order, batch boundaries fall anywhere in either.
    fc.assert(
      fc.property(anySplit({ intervals, counts, signalIds }), (derivations) => {
        expect(run(derivations)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('continues from a JSON round-trip of state() exactly as an uninterrupted run', () => {
    const derivations = kpiDerivations(chunks(stream, [4, 4, 4, 4, 4]));
    const whole = run(derivations);
    const create = (initialState?: CapacityDeriverState) => createCapacityDeriver({ config, ...(initialState ? { initialState } : {}) });
    for (const outputs of resumedAtEveryCut(create, derivations)) expect(outputs.flat()).toEqual(whole);
  });

  it('keeps the open hours in its state and never emits an hour twice', () => {
    const deriver = createCapacityDeriver({ config });
    for (const d of kpiDerivations([stream])) deriver.derive(d);
    const { equipment } = deriver.state();
    expect(equipment.m1).toMatchObject({ countFrom: at(-60), countThrough: at(240), stateThrough: at(247), closedThrough: at(240) });
    expect(equipment.m1?.hours.map((h) => [h.start, h.buckets.apt, h.count])).toEqual([[at(240), 7 * MIN, undefined]]);
    expect(deriver.stats()).toMatchObject({ hoursRecorded: 4, droppedItems: 0 });
    expect(deriver.stats().hoursSkipped['no-state']).toBe(1);
    // The same derivation again (11 intervals, 4 counts): repeats — dropped, nothing emitted or booked twice.
    const again = kpiDerivations([stream])[0];
    expect(again === undefined ? [] : deriver.derive(again)).toEqual([]);
    expect(deriver.stats()).toMatchObject({ hoursRecorded: 4, droppedItems: 15 });
    expect(deriver.state()).toEqual(equipment === undefined ? undefined : { equipment });
  });
});

describe('createCapacityDeriver: what is not recorded', () => {
  const signalsOf = (equipment: string, kinds: readonly ('state' | 'produced')[], resetsOnJob = false): SignalConfig[] =>
    kinds.map((kind) =>
      kind === 'state'
        ? SignalConfigSchema.parse({ id: `${equipment}/state`, equipment, source: 'gen', semantic: 'machine_state' })
        : SignalConfigSchema.parse({
            id: `${equipment}/produced`,
            equipment,
            source: 'gen',
            semantic: 'produced_count',
            counter: { monotonic: true, resetsOnJob },
          }),
    );
  const equipment = (id: string, extra: Record<string, unknown> = {}) => EquipmentConfigSchema.parse({ id, name: id, ...extra });
  /** Per equipment id: Executing from 10:00; counter baseline at 09:59, then +10 every 20 min; `hours` hours close. */
  const running = (ids: readonly string[], hours: number): Sample[] =>
    ids.flatMap((id) => [
      s(`${id}/state`, 0, 'Executing'),
      ...Array.from({ length: hours * 3 + 2 }, (_, k) => s(`${id}/produced`, k * 20 - 1, BigInt(k * 10))),
      s(`${id}/state`, hours * 60 + 5, 'Executing'),
    ]);

  it('records nothing for equipment without a capacity basis, a state signal or a counter, and says why', () => {
    const signals = [
      ...signalsOf('basis', ['state', 'produced']),
      ...signalsOf('nobasis', ['state', 'produced']),
      ...signalsOf('nostate', ['produced']),
      ...signalsOf('nocount', ['state']),
      ...signalsOf('kg', ['state', 'produced']),
    ];
    const cfg = {
      signals,
      equipment: [
        equipment('basis', { ratedCapacityPerHour: { value: 40, unit: '' } }),
        equipment('nobasis', { idealUnitTimes: [{ productId: 'p1', idealUnitTime: 1000 }] }),
        equipment('nostate', { ratedCapacityPerHour: { value: 40, unit: '' } }),
        equipment('nocount', { ratedCapacityPerHour: { value: 40, unit: '' } }),
        equipment('kg', { ratedCapacityPerHour: { value: 40, unit: 'kg' } }),
      ],
    };
    const deriver = createCapacityDeriver({ config: cfg });
    const samples = running(['basis', 'nobasis', 'nostate', 'nocount', 'kg'], 3);
    const records = kpiDerivations([samples], signals).flatMap((d) => deriver.derive(d));
    // Rated 40/h, 30 units per hour (3 × 10): TOTAL 40, USED 30, UNUSED 10 for hours 10–12 of `basis` only;
    // 09:00 (the baseline's hour) has no state. The others' counts (09:00–12:00) are counted as skipped.
    expect(records.map((r) => [r.equipmentId, new Date(r.start).getUTCHours(), r.type, r.quantity.value])).toEqual(
      [10, 11, 12].flatMap((h) => [
        ['basis', h, 'total', 40],
        ['basis', h, 'used', 30],
        ['basis', h, 'unused', 10],
      ]),
    );
    expect(records[0]?.derivation).toContain('TOTAL = 1 h PBT × 40 units/h rated = 40 units');
    expect(deriver.stats()).toEqual({
      hoursRecorded: 3,
      hoursSkipped: {
        'no-state-signal': 4,
        'no-count-signal': 0,
        'no-capacity-basis': 4,
        'unit-mismatch': 4,
        'no-state': 1,
        'no-count': 0,
        'counter-start': 0,
      },
      droppedItems: 0,
      equipment: { basis: 'recorded', nobasis: 'no-capacity-basis', nostate: 'no-state-signal', nocount: 'no-count-signal', kg: 'unit-mismatch' },
    });
    expect(Object.keys(deriver.state().equipment)).toEqual(['basis']);
  });

  it('does not take hours before the first count as 0, nor record the hour of the first count or hours before the state', () => {
    const signals = signalsOf('m', ['state', 'produced']);
    const cfg = { signals, equipment: [equipment('m', { idealUnitTimes: [{ idealUnitTime: 60_000 }] })] };
    // State from 10:00, counter only from 12:10; 14:05 ends it all.
    const late = [s('m/state', 0, 'Executing'), s('m/produced', 130, 0n), s('m/produced', 190, 30n), s('m/produced', 245, 50n), s('m/state', 245, 'Executing')];
    const deriver = createCapacityDeriver({ config: cfg });
    const records = kpiDerivations([late], signals).flatMap((d) => deriver.derive(d));
    // 10:00 and 11:00: no count yet (not 0). 12:00: the baseline's hour (12:00–12:10 unknown). 13:00: USED 30.
    expect(rows(records).map(([h, t, v]) => [h, t, v])).toEqual([
      [13, 'total', 60],
      [13, 'used', 30],
      [13, 'unused', 30],
    ]);
    expect(deriver.stats().hoursSkipped).toMatchObject({ 'no-count': 2, 'counter-start': 1 });

    // Counter from 10:01, state only from 12:30: 10:00 and 11:00 have no state at all.
    const early = [s('m/produced', 1, 0n), s('m/produced', 61, 10n), s('m/produced', 121, 20n), s('m/state', 150, 'Executing'), s('m/produced', 181, 20n), s('m/state', 185, 'Executing')];
    const second = createCapacityDeriver({ config: cfg });
    const records2 = kpiDerivations([early], signals).flatMap((d) => second.derive(d));
    // 12:00: APT 30 min (12:30–13:00), 30 min unknown → coverage 0.5; USED 10 (the 12:01 delta).
    expect(records2.map((r) => [new Date(r.start).getUTCHours(), r.type, r.quantity.value, r.confidence.signalCoverage])).toEqual([
      [12, 'total', 60, 0.5],
      [12, 'used', 10, 0.5],
      [12, 'unused', 50, 0.5],
    ]);
    expect(second.stats().hoursSkipped['no-state']).toBe(2);
  });

  it('counts a cycle counter as produced parts (× partsPerCycle) on equipment without a produced counter', () => {
    const signals = [
      ...signalsOf('c', ['state']),
      SignalConfigSchema.parse({ id: 'c/cycles', equipment: 'c', source: 'gen', semantic: 'cycle_count', counter: { monotonic: true }, partsPerCycle: 4 }),
    ];
    const cfg = { signals, equipment: [equipment('c', { idealUnitTimes: [{ idealUnitTime: 60_000 }] })] };
    // 10 cycles × 4 parts in 10:00–11:00 of Executing: TOTAL 60, USED 40, UNUSED 20.
    const samples = [s('c/cycles', -1, 0n), s('c/state', 0, 'Executing'), s('c/cycles', 30, 10n), s('c/cycles', 61, 10n), s('c/state', 61, 'Executing')];
    const deriver = createCapacityDeriver({ config: cfg });
    const records = kpiDerivations([samples], signals).flatMap((d) => deriver.derive(d));
    expect(records.map((r) => [r.type, r.quantity.value])).toEqual([
      ['total', 60],
      ['used', 40],
      ['unused', 20],
    ]);
    expect(records[0]?.signalIds).toEqual(['c/cycles', 'c/state']);
    expect(deriver.stats().equipment).toEqual({ c: 'recorded' });
  });

  it('does not hold expected job-counter resets against confidence, and judges counts while down implausible', () => {
    const signals = signalsOf('j', ['state', 'produced'], true);
    const cfg = { signals, equipment: [equipment('j', { idealUnitTimes: [{ idealUnitTime: 60_000 }] })] };
    // 10:00–10:30 Executing, 10:30–11:00 NotExecuting. Counter 0 → 20, job reset to 0, → 10, then
    // 15 more while not executing: USED 45 against 30 min APT at 60 s/unit = 30 → E 1.5,
    // plausibility 1.05 / 1.5 = 0.7; TOTAL 60 ≥ USED, UNUSED 15.
    const samples = [
      s('j/produced', -1, 0n),
      s('j/state', 0, 'Executing'),
      s('j/produced', 10, 20n),
      s('j/produced', 12, 0n),
      s('j/produced', 25, 10n),
      s('j/state', 30, 'NotExecuting'),
      s('j/produced', 50, 25n),
      s('j/produced', 61, 25n),
      s('j/state', 61, 'NotExecuting'),
    ];
    const records = run(kpiDerivations([samples], signals), cfg);
    expect(records.map((r) => [r.type, r.quantity.value])).toEqual([
      ['total', 60],
      ['used', 45],
      ['unused', 15],
    ]);
    expect(records[0]?.confidence.counterContinuity).toBe(1);
    expect(records[0]?.confidence.plausibility).toBeCloseTo(0.7, 12);
  });

  it('closes the oldest hour early when one signal lags more than maxPendingHours, and drops its late data', () => {
    const signals = signalsOf('m', ['state', 'produced']);
    const cfg = { signals, equipment: [equipment('m', { idealUnitTimes: [{ idealUnitTime: 60_000 }] })] };
    const deriver = createCapacityDeriver({ config: cfg, maxPendingHours: 2 });
    const kpi = createKpiDeriver({ config: { signals } });
    // Counts for 10:00–13:00 while the state (Executing since 10:00) sends nothing new:
    // four open hours with counts, no intervals yet → 10:00 and 11:00 close early, without state.
    kpi.derive([s('m/state', 0, 'Executing')]);
    const counts = kpi.derive([0, 20, 61, 121, 181, 241].map((m, k) => s('m/produced', m, BigInt(k * 10))));
    expect(deriver.derive(counts)).toEqual([]);
    expect(deriver.stats().hoursSkipped['no-state']).toBe(2);
    // The state catches up at 14:05: 10:00 and 11:00 intervals are late; 12:00 and 13:00 are recorded.
    const caughtUp = deriver.derive(kpi.derive([s('m/state', 245, 'Executing')]));
    expect(rows(caughtUp).map(([h, t, v]) => [h, t, v])).toEqual([
      [12, 'total', 60],
      [12, 'used', 10],
      [12, 'unused', 50],
      [13, 'total', 60],
      [13, 'used', 10],
      [13, 'unused', 50],
    ]);
    expect(deriver.stats()).toMatchObject({ hoursRecorded: 2, droppedItems: 2 });
  });

  it('rejects a maxPendingHours that is not a positive integer', () => {
    expect(() => createCapacityDeriver({ config, maxPendingHours: 0 })).toThrow(RangeError);
  });
});

describe('createCapacityDeriver: hours are one hour long', () => {
  it('never books more than an hour of state time into an hour, even from overlapping intervals', () => {
    const deriver = createCapacityDeriver({ config });
    const interval = { equipmentId: 'm1', start: at(0), end: at(60), rawState: 'Executing', bucket: 'apt' as const, quality: 'good' as const };
    deriver.derive({ intervals: [interval, { ...interval, start: at(30), bucket: 'adot' }], counts: [], signalIds: [] });
    expect(deriver.state().equipment.m1?.hours[0]?.buckets).toMatchObject({ apt: HOUR, adot: 0 });
    expect(deriver.stats().droppedItems).toBe(1);
  });
});
