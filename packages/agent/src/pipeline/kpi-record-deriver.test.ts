import { TIME_BUCKETS } from '@rongtong/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EquipmentConfigSchema } from '../config/equipment-config.js';
import { SignalConfigSchema } from '../config/signal-config.js';
import type { HourCloserState } from './hour-closer.js';
import type { DerivedKpi, DerivedKpiRatios, KpiDerivation } from './kpi-payload.js';
import { createKpiRecordDeriver } from './kpi-record-deriver.js';
import { MIN, at, capacityConfig, capacityStream, s } from './test-support/capacity-scenario.js';
import { anySplit, chunks, kpiDerivations, resumedAtEveryCut } from './test-support/derivation-runs.js';

const config = capacityConfig;

function run(derivations: readonly KpiDerivation[], cfg: typeof config = config): DerivedKpi[] {
  const deriver = createKpiRecordDeriver({ config: cfg });
  return derivations.flatMap((d) => deriver.derive(d));
}

/** [UTC hour, time elements in minutes: POT, PBT, APT, AUST, ADET, ADOT, PDOT, idle, unknown, AUBT] of a record. */
const timeRow = (k: DerivedKpi) => {
  const e = k.elements;
  return [new Date(k.start).getUTCHours(), ...[e.period, e.pbt, e.apt, e.aust, e.adet, e.adot, e.pdot, e.idle, e.unknown, e.aubt].map((ms) => ms / MIN)];
};

/** Every ratio of `expected` matches (12 digits; `undefined` = unset), and no other ratio is set. */
function expectRatios(actual: DerivedKpiRatios, expected: DerivedKpiRatios): void {
  const set = Object.entries(actual).filter(([, v]) => v !== undefined).map(([name]) => name);
  expect(set.sort()).toEqual(Object.keys(expected).filter((name) => expected[name as keyof DerivedKpiRatios] !== undefined).sort());
  for (const [name, value] of Object.entries(expected)) {
    if (value !== undefined) expect(actual[name as keyof DerivedKpiRatios], name).toBeCloseTo(value as number, 12);
  }
}

describe('createKpiRecordDeriver: hourly KPIs from the real KPI deriver', () => {
  // The capacity scenario (test-support/capacity-scenario.ts), PRU 30 s.
  it('gives each closed hour its time elements, summing to the hour', () => {
    const records = run(kpiDerivations([capacityStream]));
    expect(records.map(timeRow)).toEqual([
      // 10:00 Executing 45 + 7, OutOfService 5, Maintenance mode 3 → PBT 57, AUBT 57.
      [10, 60, 57, 52, 0, 5, 0, 3, 0, 0, 57],
      // 11:00 Maintenance 3, Executing 37, bad sample 6 (unknown), NotExecuting 14 → PBT 57, AUBT 37.
      [11, 60, 57, 37, 0, 0, 14, 3, 0, 6, 37],
      // 12:00 NotExecuting all hour.
      [12, 60, 60, 0, 0, 0, 60, 0, 0, 0, 0],
      // 13:00 Executing all hour.
      [13, 60, 60, 60, 0, 0, 0, 0, 0, 0, 60],
    ]);
    for (const { elements: e } of records) {
      expect(e.apt + e.aust + e.adet + e.adot + e.pdot + e.idle + e.unknown).toBe(e.period);
      expect(e.pbt).toBe(e.period - e.pdot);
      expect(e.aubt).toBe(e.apt + e.aust + e.adet);
    }
  });

  it('gives hand-computed quantities and ratios', () => {
    const [h10, h11, h12, h13] = run(kpiDerivations([capacityStream]));
    expect(h10).toMatchObject({ equipmentId: 'm1', start: at(0), end: at(60), granularity: 'hour', idealUnitTimeMs: 30_000 });
    expect(h10?.signalIds).toEqual(['m1/bad', 'm1/mode', 'm1/produced', 'm1/state']);
    // 10:00: counter 1000 → 1050 → 1090 = 90 produced; bad 0 → 3 = 3 scrap; good = 90 − 3 = 87.
    expect(h10?.quantities).toEqual({ produced: 90, good: 87, scrap: 3, rework: 0, unit: '' });
    expectRatios(h10?.ratios ?? {}, {
      availability: 52 / 57, // APT / PBT
      effectiveness: (30 * 90) / (52 * 60), // PRU · PQ / APT = 2700 s / 3120 s = 45/52
      qualityRatio: 87 / 90,
      oee: (52 / 57) * (45 / 52) * (87 / 90), // = PRU · GQ / PBT = 2610 s / 3420 s = 29/38
      utilizationEfficiency: 52 / 57, // APT / AUBT
      setupRate: 0,
      scrapRatio: 3 / 90,
      reworkRatio: 0,
      throughputRate: 90 / (57 / 60), // PQ per hour of AUBT
      dataCoverage: 1,
    });
    expect(h10?.ratios.oee).toBeCloseTo(29 / 38, 12);
    // 11:00: 1090 → 1100 → 1160 = 70 produced, no bad sample: good 70.
    expect(h11?.quantities).toEqual({ produced: 70, good: 70, scrap: 0, rework: 0, unit: '' });
    expectRatios(h11?.ratios ?? {}, {
      availability: 37 / 57,
      effectiveness: (30 * 70) / (37 * 60), // 35/37
      qualityRatio: 1,
      oee: 35 / 57,
      utilizationEfficiency: 1,
      setupRate: 0,
      scrapRatio: 0,
      reworkRatio: 0,
      throughputRate: 70 / (37 / 60),
      dataCoverage: 1 - 6 / 57, // 51/57
    });
    // 12:00: no counter sample between counted hours → 0 produced; with no APT, AUBT or PQ only
    // availability (0) and coverage (1) exist.
    expect(h12?.quantities).toEqual({ produced: 0, good: 0, scrap: 0, rework: 0, unit: '' });
    expectRatios(h12?.ratios ?? {}, { availability: 0, dataCoverage: 1 });
    // 13:00: 1160 → 1200, reset to 5, → 60: 40 + 5 + 55 = 100.
    expect(h13?.quantities).toEqual({ produced: 100, good: 100, scrap: 0, rework: 0, unit: '' });
    expectRatios(h13?.ratios ?? {}, {
      availability: 1,
      effectiveness: (30 * 100) / 3600, // 5/6
      qualityRatio: 1,
      oee: 5 / 6,
      utilizationEfficiency: 1,
      setupRate: 0,
      scrapRatio: 0,
      reworkRatio: 0,
      throughputRate: 100,
      dataCoverage: 1,
    });
  });

  it('skips the hour without state, and counts what it recorded', () => {
    const deriver = createKpiRecordDeriver({ config });
    for (const d of kpiDerivations([capacityStream])) deriver.derive(d);
    // 09:00 holds only the counters' baselines: no state interval, no record.
    expect(deriver.stats()).toEqual({ hoursRecorded: 4, hoursSkipped: { 'no-state': 1, 'counter-start': 0, 'no-count': 0 }, droppedItems: 0 });
    expect(deriver.state().equipment.m1).toMatchObject({ stateThrough: at(247), countThrough: at(240), closedThrough: at(240) });
  });

  it('gives the same records whatever the batch split of the samples', () => {
    const whole = run(kpiDerivations([capacityStream]));
    expect(run(kpiDerivations(capacityStream.map((x) => [x])))).toEqual(whole);
    expect(run(kpiDerivations(chunks(capacityStream, [3, 3, 3, 3, 3, 3, 3])))).toEqual(whole);
    expect(run(kpiDerivations(chunks(capacityStream, [11, 1, 9])))).toEqual(whole);
  });

  it('gives the same records when intervals and counts of an hour arrive in different batches, in any split', () => {
    const all = kpiDerivations([capacityStream])[0] ?? { intervals: [], counts: [], signalIds: [] };
    const whole = run([all]);
    expect(whole).toHaveLength(4);
    fc.assert(
      fc.property(anySplit(all), (derivations) => {
        expect(run(derivations)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('continues from a JSON round-trip of state() exactly as an uninterrupted run', () => {
    const derivations = kpiDerivations(chunks(capacityStream, [4, 4, 4, 4, 4]));
    const whole = run(derivations);
    const create = (initialState?: HourCloserState) => createKpiRecordDeriver({ config, ...(initialState ? { initialState } : {}) });
    for (const outputs of resumedAtEveryCut(create, derivations)) expect(outputs.flat()).toEqual(whole);
  });
});

describe('createKpiRecordDeriver: which equipment and hours get a record', () => {
  const signal = (fields: Record<string, unknown>) => SignalConfigSchema.parse({ source: 'gen', ...fields });
  const equipment = (id: string, extra: Record<string, unknown> = {}) => EquipmentConfigSchema.parse({ id, name: id, ...extra });

  it('reports state-only equipment with time elements and time ratios but no quantities, and nothing for equipment without state', () => {
    const signals = [
      signal({ id: 'm2/state', equipment: 'm2', semantic: 'machine_state', stateMappings: [{ rawState: 'Idle', bucket: 'idle' }] }),
      signal({ id: 'm2/mode', equipment: 'm2', semantic: 'operation_mode' }),
      signal({ id: 'm3/produced', equipment: 'm3', semantic: 'produced_count', counter: { monotonic: true } }),
    ];
    const cfg = { signals, equipment: [equipment('m2', { idealUnitTimes: [{ idealUnitTime: 20_000 }] }), equipment('m3')] };
    // m2: Setup 10:00–10:15 (AUST), Processing to 10:40 (APT), Idle to 10:50, a bad sample to
    // 10:55 (unknown), Executing to 11:00 (APT) — no counter, so its hour closes on state alone.
    // m3: a counter only.
    const samples = [
      s('m2/mode', 0, 'Setup'),
      s('m2/state', 0, 'Executing'),
      s('m3/produced', 0, 0n),
      s('m2/mode', 15, 'Processing'),
      s('m3/produced', 30, 20n),
      s('m2/state', 40, 'Idle'),
      s('m2/state', 50, undefined, 'bad'),
      s('m2/state', 55, 'Executing'),
      s('m2/state', 61, 'Executing'),
      s('m3/produced', 61, 30n),
      s('m3/produced', 121, 40n),
    ];
    const deriver = createKpiRecordDeriver({ config: cfg });
    const records = kpiDerivations([samples], signals).flatMap((d) => deriver.derive(d));
    expect(records.map(timeRow)).toEqual([[10, 60, 60, 30, 15, 0, 0, 0, 10, 5, 45]]);
    const [m2] = records;
    expect(m2).toMatchObject({ equipmentId: 'm2', idealUnitTimeMs: 20_000, signalIds: ['m2/mode', 'm2/state'] });
    expect(m2?.quantities).toBeUndefined();
    // APT 30 / PBT 60; APT 30 / AUBT 45; AUST 15 / AUPT 45; 1 − 5/60. Nothing that needs a quantity.
    expectRatios(m2?.ratios ?? {}, { availability: 0.5, utilizationEfficiency: 2 / 3, setupRate: 1 / 3, dataCoverage: 11 / 12 });
    expect(Object.keys(deriver.state().equipment)).toEqual(['m2']);
  });

  it('reports no hour whose quantities are unknown: before the first count, nor the hour of the first count', () => {
    const signals = [
      signal({ id: 'm/state', equipment: 'm', semantic: 'machine_state' }),
      signal({ id: 'm/produced', equipment: 'm', semantic: 'produced_count', counter: { monotonic: true } }),
    ];
    const cfg = { signals, equipment: [equipment('m', { idealUnitTimes: [{ idealUnitTime: 60_000 }] })] };
    // State from 10:00, counter only from 12:10; 14:05 ends it all.
    const late = [s('m/state', 0, 'Executing'), s('m/produced', 130, 0n), s('m/produced', 190, 30n), s('m/produced', 245, 50n), s('m/state', 245, 'Executing')];
    const deriver = createKpiRecordDeriver({ config: cfg });
    const records = kpiDerivations([late], signals).flatMap((d) => deriver.derive(d));
    // 10:00 and 11:00: no count yet; 12:00: the counter's baseline lies inside it. 13:00: PQ 30.
    expect(records.map((k) => [new Date(k.start).getUTCHours(), k.quantities?.produced, k.ratios.effectiveness])).toEqual([[13, 30, 0.5]]);
    expect(deriver.stats().hoursSkipped).toEqual({ 'no-state': 0, 'counter-start': 1, 'no-count': 2 });
  });

  it('leaves effectiveness and OEE unset without a default ideal unit time, and takes equipment missing from equipment[]', () => {
    const cfg = { signals: config.signals, equipment: [equipment('m1', { idealUnitTimes: [{ productId: 'p1', idealUnitTime: 1000 }] })] };
    const [withProductOnly] = run(kpiDerivations([capacityStream]), cfg);
    const [unlisted] = run(kpiDerivations([capacityStream]), { signals: config.signals, equipment: [] });
    for (const k of [withProductOnly, unlisted]) {
      expect(k?.idealUnitTimeMs).toBeUndefined();
      expect([k?.ratios.effectiveness, k?.ratios.oee]).toEqual([undefined, undefined]);
      expect(k?.ratios.availability).toBe(52 / 57);
    }
  });

  it('closes a state-only hour early when the state lags more than maxPendingHours, without booking its late data', () => {
    const signals = [signal({ id: 'm/state', equipment: 'm', semantic: 'machine_state' })];
    const deriver = createKpiRecordDeriver({ config: { signals, equipment: [] }, maxPendingHours: 1 });
    const half = { equipmentId: 'm', rawState: 'Executing', bucket: 'apt' as const, quality: 'good' as const };
    // 10:00–10:30, then 11:00–11:30 (a gap the KPI deriver never makes): two open hours → 10:00 closes early.
    const early = deriver.derive({ intervals: [{ ...half, start: at(0), end: at(30) }, { ...half, start: at(60), end: at(90) }], counts: [], signalIds: [] });
    expect(early.map(timeRow)).toEqual([[10, 60, 60, 30, 0, 0, 0, 0, 0, 30, 30]]);
    // Late time for 10:00 is dropped; 11:00 closes when the state reaches 12:00.
    const rest = deriver.derive({ intervals: [{ ...half, start: at(30), end: at(45) }, { ...half, start: at(90), end: at(120) }], counts: [], signalIds: [] });
    expect(rest.map(timeRow)).toEqual([[11, 60, 60, 60, 0, 0, 0, 0, 0, 0, 60]]);
    expect(deriver.stats().droppedItems).toBe(1);
  });
});

describe('createKpiRecordDeriver: property', () => {
  it('time elements always sum to the hour and every fraction lies in [0, 1]', () => {
    const interval = fc.record({ minute: fc.integer({ min: 0, max: 300 }), length: fc.integer({ min: 1, max: 90 }), bucket: fc.constantFrom(...TIME_BUCKETS) });
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), fc.array(fc.nat({ max: 50 }), { maxLength: 6 }), (raw, produced) => {
        const deriver = createKpiRecordDeriver({ config });
        const intervals = raw.map((r) => ({ equipmentId: 'm1', start: at(r.minute), end: at(r.minute + r.length), rawState: 'x', bucket: r.bucket, quality: 'good' as const }));
        const counts = produced.map((pq, h) => ({ equipmentId: 'm1', start: at(60 * h), end: at(60 * h + 60), produced: pq, good: pq, scrap: 0, rework: 0, unit: '', resets: 0, wraps: 0, quality: 'good' as const }));
        const records = deriver.derive({ intervals: intervals.sort((a, b) => a.start - b.start), counts, signalIds: [] });
        for (const { elements: e, ratios } of records) {
          expect(e.apt + e.aust + e.adet + e.adot + e.pdot + e.idle + e.unknown).toBe(e.period);
          for (const v of [ratios.availability, ratios.qualityRatio, ratios.utilizationEfficiency, ratios.setupRate, ratios.scrapRatio, ratios.reworkRatio, ratios.dataCoverage]) {
            if (v === undefined) continue;
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
