import { batchPayloadCodec, toMillis } from '@rongtong/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCapacityDeriver } from './capacity-deriver.js';
import { createCapacityUplinkDeriver, type CapacityUplinkDeriverState } from './capacity-uplink-deriver.js';
import { createKpiDeriver } from './kpi-deriver.js';
import { MIN, T, at, capacityConfig, capacityStream } from './test-support/capacity-scenario.js';
import { m1Batches, resumedAtEveryCut } from './test-support/derivation-runs.js';

const config = capacityConfig;

describe('createCapacityUplinkDeriver', () => {
  it('is the KPI deriver followed by the capacity deriver', () => {
    const expected = createCapacityDeriver({ config }).derive(createKpiDeriver({ config }).derive(capacityStream));
    expect(expected).toHaveLength(12);
    expect(createCapacityUplinkDeriver({ config }).derive(capacityStream)).toEqual(expected);
  });

  it('continues from a JSON round-trip of state() at any batch exactly as an uninterrupted run', () => {
    const batches = capacityStream.map((x) => [x]);
    const whole = (() => {
      const d = createCapacityUplinkDeriver({ config });
      return batches.flatMap((b) => d.derive(b));
    })();
    expect(whole).toHaveLength(12);
    const create = (initialState?: CapacityUplinkDeriverState) => createCapacityUplinkDeriver({ config, ...(initialState ? { initialState } : {}) });
    for (const outputs of resumedAtEveryCut(create, batches)) expect(outputs.flat()).toEqual(whole);
  });

  it('encodes what it derived as a capacity payload, and nothing while no hour closed', () => {
    const deriver = createCapacityUplinkDeriver({ config });
    expect(deriver.deriveAndEncode(capacityStream.slice(0, 5), at(10))).toBeUndefined();
    const out = deriver.deriveAndEncode(capacityStream.slice(5), at(300));
    const decoded = batchPayloadCodec.decode(out?.payload ?? new Uint8Array());
    expect(decoded.capacityRecords).toHaveLength(12);
    expect(decoded.samples.length + decoded.stateIntervals.length + decoded.productionCounts.length + decoded.kpis.length).toBe(0);
    expect(deriver.stats().hoursRecorded).toBe(4);
  });
});

describe('createCapacityUplinkDeriver: property', () => {
  /** A stream starting 09:00 (steps in minutes), cut into batches at random places. */
  const batchesOf = m1Batches;
  /** Mostly forward, sometimes back (out of order). */
  const batches = batchesOf(fc.integer({ min: -20, max: 40 }));

  it('sends only capacity records, each hour once, with TOTAL = USED + UNUSED and confidences in [0, 1]', () => {
    let recorded = 0;
    fc.assert(
      fc.property(batches, (list) => {
        const deriver = createCapacityUplinkDeriver({ config });
        const seen = new Set<string>();
        for (const batch of list) {
          const out = deriver.deriveAndEncode(batch, T);
          if (out === undefined) continue;
          const decoded = batchPayloadCodec.decode(out.payload);
          expect(decoded.sharingLevel).toBe('SHARING_LEVEL_CAPACITY');
          expect(decoded.samples.length + decoded.stateIntervals.length + decoded.productionCounts.length + decoded.kpis.length).toBe(0);
          expect(out.meta.samples).toBe(0);
          const records = decoded.capacityRecords;
          expect(records.length % 3).toBe(0);
          for (let i = 0; i < records.length; i += 3) {
            const [total, used, unused] = records.slice(i, i + 3);
            expect([total?.type, used?.type, unused?.type]).toEqual(['CAPACITY_TYPE_TOTAL', 'CAPACITY_TYPE_USED', 'CAPACITY_TYPE_UNUSED']);
            expect((used?.quantity?.value ?? NaN) + (unused?.quantity?.value ?? NaN)).toBe(total?.quantity?.value);
            expect(used?.quantity?.value).toBeGreaterThanOrEqual(0);
            expect(unused?.quantity?.value).toBeGreaterThanOrEqual(0);
            const key = `${total?.scope?.id}@${toMillis(total?.startTime)}`;
            expect(seen.has(key)).toBe(false);
            seen.add(key);
            recorded += 1;
          }
          for (const r of records) {
            expect(toMillis(r.endTime) - toMillis(r.startTime)).toBe(60 * MIN);
            for (const v of Object.values(r.confidence ?? {})) {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(1);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
    // The generator does reach closed hours (the property is not vacuous).
    expect(recorded).toBeGreaterThan(100);
  });

  it('gives the same records for a time-ordered stream whatever its batch split', () => {
    fc.assert(
      fc.property(batchesOf(fc.integer({ min: 1, max: 40 })), (list) => {
        const split = createCapacityUplinkDeriver({ config });
        const whole = createCapacityUplinkDeriver({ config });
        expect(list.flatMap((batch) => split.derive(batch))).toEqual(whole.derive(list.flat()));
      }),
      { numRuns: 300 },
    );
  });
});
