import { describe, expect, it } from 'vitest';
import { PACKML_STATE_MAPPING } from './packml-state-mapping.js';
import { periodKpis, type PeriodStateInterval } from './period-kpis.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 2, 2);

describe('periodKpis', () => {
  const intervals: PeriodStateInterval[] = [
    { startTime: T0 - 30 * MIN, endTime: T0 + 30 * MIN, bucket: 'apt', rawState: 'Execute' },
    { startTime: T0 + 30 * MIN, endTime: T0 + 40 * MIN, bucket: 'apt', rawState: 'Held' },
    { startTime: T0 + 40 * MIN, endTime: T0 + 50 * MIN, bucket: 'apt', rawState: 'Execute', quality: 'bad' },
    { startTime: T0 + 50 * MIN, endTime: T0 + 70 * MIN, bucket: 'idle', rawState: 'Idle' },
  ];
  const counts = [{ startTime: T0 - 30 * MIN, endTime: T0 + 30 * MIN, producedQuantity: 100, goodQuantity: 90, scrapQuantity: 6, reworkQuantity: 4 }];

  it('uses booked buckets by default, clipping intervals and pro-rating a straddling count', () => {
    const r = periodKpis({ period: { from: T0, to: T0 + HOUR }, intervals, counts, idealUnitTimeMs: 30_000 });
    expect([r.timeElements.apt, r.timeElements.idle, r.timeElements.pbt]).toEqual([50 * MIN, 10 * MIN, HOUR]);
    expect(r.counts).toEqual({ pq: 50, gq: 45, sq: 3, rq: 2 });
    expect(r.kpis.availability).toBeCloseTo(50 / 60, 12);
    expect(r.kpis.effectiveness).toBeCloseTo((30_000 * 50) / (50 * MIN), 12);
    expect(r.kpis.reworkRatio).toBeCloseTo(0.04, 12);
  });

  it('remaps raw states with a selected table (PackML); bad quality becomes unknown', () => {
    const r = periodKpis({ period: { from: T0, to: T0 + HOUR }, intervals, counts, idealUnitTimeMs: 30_000, mapping: PACKML_STATE_MAPPING });
    expect([r.timeElements.apt, r.timeElements.adet, r.timeElements.unknown, r.timeElements.idle]).toEqual([30 * MIN, 10 * MIN, 10 * MIN, 10 * MIN]);
    expect(r.kpis.effectiveness).toBeCloseTo((30_000 * 50) / (30 * MIN), 12);
    expect(r.kpis.oee).toBeCloseTo((30 / 60) * ((30_000 * 50) / (30 * MIN)) * 0.9, 12);
  });

  it('without PRU effectiveness and OEE are absent; an empty period gives no ratios', () => {
    const r = periodKpis({ period: { from: T0, to: T0 + HOUR }, intervals, counts });
    expect(r.kpis.effectiveness).toBeUndefined();
    expect(r.kpis.oee).toBeUndefined();
    const empty = periodKpis({ period: { from: T0, to: T0 }, intervals, counts });
    expect(empty.kpis.availability).toBeUndefined();
    expect(empty.counts.pq).toBe(0);
  });
});
