import { batchPayloadCodec, toMillis } from '@rongtong/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKpiDeriver } from './kpi-deriver.js';
import { createKpiRecordDeriver } from './kpi-record-deriver.js';
import { createKpiUplinkDeriver, type KpiUplinkDeriverState } from './kpi-uplink-deriver.js';
import { MIN, T, at, capacityConfig, capacityStream } from './test-support/capacity-scenario.js';
import { m1Batches, resumedAtEveryCut } from './test-support/derivation-runs.js';

const config = capacityConfig;

describe('createKpiUplinkDeriver', () => {
  it('is the KPI deriver with the KPI record deriver behind it', () => {
    const intervalsAndCounts = createKpiDeriver({ config }).derive(capacityStream);
    const kpis = createKpiRecordDeriver({ config }).derive(intervalsAndCounts);
    expect(kpis).toHaveLength(4);
    expect(createKpiUplinkDeriver({ config }).derive(capacityStream)).toEqual({ ...intervalsAndCounts, kpis });
  });

  it('encodes intervals, counts and KPIs into one KPI payload without samples', () => {
    const deriver = createKpiUplinkDeriver({ config });
    const out = deriver.deriveAndEncode(capacityStream, at(300));
    expect(out?.meta).toEqual({ samples: 0, firstTime: at(-60), lastTime: at(247), signalIds: ['m1/bad', 'm1/mode', 'm1/produced', 'm1/state'] });
    const decoded = batchPayloadCodec.decode(out?.payload ?? new Uint8Array());
    expect(decoded.sharingLevel).toBe('SHARING_LEVEL_KPI');
    expect(decoded.samples).toHaveLength(0);
    expect(decoded.stateIntervals.length).toBeGreaterThan(0);
    // Counts for 09:00 (the baselines), 10:00, 11:00 and 13:00; 12:00 had no counter sample.
    expect(decoded.productionCounts.map((c) => toMillis(c.startTime))).toEqual([at(-60), at(0), at(60), at(180)]);
    expect(decoded.kpis.map((k) => toMillis(k.startTime))).toEqual([at(0), at(60), at(120), at(180)]);
    const [h10, , h12] = decoded.kpis;
    const minutes = (d: Parameters<typeof toMillis>[0]) => toMillis(d) / MIN;
    expect(h10).toMatchObject({
      enterpriseId: '',
      level: 'HIERARCHY_LEVEL_EQUIPMENT',
      equipmentId: 'm1',
      productId: '',
      granularity: 'PERIOD_GRANULARITY_HOUR',
      producedQuantity: 90,
      goodQuantity: 87,
      scrapQuantity: 3,
      reworkQuantity: 0,
      unit: '',
      agentId: '',
    });
    expect(toMillis(h10?.endTime)).toBe(at(60));
    expect(toMillis(h10?.computeTime)).toBe(at(300));
    expect(toMillis(h10?.idealUnitTime)).toBe(30_000);
    expect(
      [
        h10?.plannedOperationTime,
        h10?.plannedBusyTime,
        h10?.actualProductionTime,
        h10?.actualUnitSetupTime,
        h10?.actualUnitDelayTime,
        h10?.actualUnitDownTime,
        h10?.plannedDownTime,
        h10?.idleTime,
        h10?.unknownTime,
        h10?.actualUnitBusyTime,
      ].map(minutes),
    ).toEqual([60, 57, 52, 0, 5, 0, 3, 0, 0, 57]);
    expect(h10?.availability).toBe(52 / 57);
    expect(h10?.oee).toBeCloseTo(29 / 38, 12);
    expect(h10?.dataCoverage).toBe(1);
    // 12:00: nothing produced, nothing running — the ratios without a denominator are unset, not 0.
    expect(h12?.availability).toBe(0);
    expect([h12?.effectiveness, h12?.qualityRatio, h12?.oee, h12?.utilizationEfficiency, h12?.throughputRate, h12?.reworkRatio]).toEqual(
      Array(6).fill(undefined),
    );
  });

  it('returns no payload while nothing ended', () => {
    expect(createKpiUplinkDeriver({ config }).deriveAndEncode(capacityStream.slice(0, 4), at(1))).toBeUndefined();
  });

  it('continues from a JSON round-trip of state() at any batch exactly as an uninterrupted run', () => {
    const batches = capacityStream.map((x) => [x]);
    const whole = (() => {
      const d = createKpiUplinkDeriver({ config });
      return batches.map((b) => d.derive(b));
    })();
    expect(whole.flatMap((d) => d.kpis ?? [])).toHaveLength(4);
    const create = (initialState?: KpiUplinkDeriverState) => createKpiUplinkDeriver({ config, ...(initialState ? { initialState } : {}) });
    for (const outputs of resumedAtEveryCut(create, batches)) expect(outputs).toEqual(whole);
  });

  it('takes a KPI deriver state saved before hourly KPIs, and reports no hour it saw only part of', () => {
    // Up to 10:59 an older agent derived; then it is upgraded and restarts from that state.
    const cut = capacityStream.findIndex((x) => x.sourceTime > at(59));
    const old = createKpiDeriver({ config });
    const before = old.derive(capacityStream.slice(0, cut));
    const legacy = JSON.parse(JSON.stringify(old.state())) as ReturnType<typeof old.state>;
    const upgraded = createKpiUplinkDeriver({ config, initialState: legacy });
    const after = upgraded.derive(capacityStream.slice(cut));
    // Intervals and counts continue exactly.
    const reference = createKpiUplinkDeriver({ config }).derive(capacityStream);
    expect([...before.intervals, ...after.intervals]).toEqual(reference.intervals);
    expect([...before.counts, ...after.counts]).toEqual(reference.counts);
    // The open interval began at 10:57 (maintenance): 10:00 is closed; 11:00 holds the first
    // count the new stage sees, so it counts as the counter's first hour. 12:00 and 13:00 as ever.
    expect(after.kpis).toEqual(reference.kpis?.slice(2));
    expect(upgraded.stats()).toMatchObject({ hoursRecorded: 2, hoursSkipped: { 'no-state': 0, 'counter-start': 1, 'no-count': 0 } });
  });
});

describe('createKpiUplinkDeriver: property', () => {
  /** A stream starting 09:00 (steps in minutes), cut into batches at random places. */
  const batchesOf = m1Batches;

  it('sends no sample, each equipment-hour at most once, with time elements summing to the hour', () => {
    let reported = 0;
    fc.assert(
      fc.property(batchesOf(fc.integer({ min: -20, max: 40 })), (list) => {
        const deriver = createKpiUplinkDeriver({ config });
        const seen = new Set<number>();
        for (const batch of list) {
          const out = deriver.deriveAndEncode(batch, T);
          if (out === undefined) continue;
          const decoded = batchPayloadCodec.decode(out.payload);
          expect(decoded.samples).toHaveLength(0);
          expect(out.meta.samples).toBe(0);
          for (const k of decoded.kpis) {
            const start = toMillis(k.startTime);
            expect(seen.has(start)).toBe(false);
            seen.add(start);
            reported += 1;
            expect(toMillis(k.endTime) - start).toBe(60 * MIN);
            const parts = [k.actualProductionTime, k.actualUnitSetupTime, k.actualUnitDelayTime, k.actualUnitDownTime, k.plannedDownTime, k.idleTime, k.unknownTime];
            expect(parts.reduce((sum, d) => sum + toMillis(d), 0)).toBe(toMillis(k.plannedOperationTime));
            expect(toMillis(k.plannedBusyTime)).toBe(60 * MIN - toMillis(k.plannedDownTime));
          }
        }
      }),
      { numRuns: 300 },
    );
    // The generator does reach closed hours (the property is not vacuous).
    expect(reported).toBeGreaterThan(100);
  });

  it('gives the same output for a time-ordered stream whatever its batch split', () => {
    fc.assert(
      fc.property(batchesOf(fc.integer({ min: 1, max: 40 })), (list) => {
        const split = createKpiUplinkDeriver({ config });
        const whole = createKpiUplinkDeriver({ config }).derive(list.flat());
        const parts = list.map((batch) => split.derive(batch));
        expect(parts.flatMap((d) => d.kpis ?? [])).toEqual(whole.kpis);
        expect(parts.flatMap((d) => d.intervals)).toEqual(whole.intervals);
        expect(parts.flatMap((d) => d.counts)).toEqual(whole.counts);
      }),
      { numRuns: 300 },
    );
  });
});
