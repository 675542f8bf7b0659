import { ShiftCalendarSchema } from '@rongtong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapacityRecordRow, KpiRecord } from '../store/capacity-records.js';
import { createCapacityEngine, type CapacityEngine } from './engine.js';
import { listAllKpis, listAllRecords } from './persist.js';
import { AGENT, DAY, ENTERPRISE, HOUR, TENANT, at, count, engineFixture, machine, state, type EngineFixture } from './test-support/engine-fixture.js';

/**
 * Golden day, ground truth by hand. Calendar: every day 08:00–16:00 and 16:00–24:00 (+08:00),
 * so PBT = 16 h a day, 8 h a shift.
 * m1 (PRU 60 s, turning): 00–08 PDOT, 08:00–08:30 setup, 08:30–12 run, 12–12:30 delay,
 *   12:30–16 run, 16–17 down, 17–24 run; counts 08–16: 400 (390 good, 10 scrap), 16–24: 380 (370, 10).
 * m2 (PRU 30 s, milling): 00–08 PDOT, 08–20 run, 20–24 no data; counts 08–16: 900 good, 16–20: 400 (380, 20).
 */
const calendar = ShiftCalendarSchema.parse({
  shifts: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
    { weekday, start: '08:00', end: '16:00', name: '早班' },
    { weekday, start: '16:00', end: '24:00', name: '中班' },
  ]),
});
const turning = { kind: 'process_segment' as const, id: 'machining.turning' };
const milling = { kind: 'process_segment' as const, id: 'machining.milling' };

let f: EngineFixture;
let engine: CapacityEngine;
let seq1: bigint;

beforeAll(async () => {
  f = await engineFixture([
    machine('m1', 60_000, { shiftCalendarId: 'two-shift', capabilities: [turning] }),
    machine('m2', 30_000, { shiftCalendarId: 'two-shift', capabilities: [milling, turning] }),
  ]);
  engine = createCapacityEngine(f.ctx, { shiftCalendars: { 'two-shift': calendar } });
  seq1 = await f.commit([
    state('m1', 0, 0, 8, 'pdot', 'OutOfService'),
    state('m1', 0, 8, 8.5, 'aust'),
    state('m1', 0, 8.5, 12, 'apt'),
    state('m1', 0, 12, 12.5, 'adet', 'OutOfService'),
    state('m1', 0, 12.5, 16, 'apt'),
    state('m1', 0, 16, 17, 'adot', 'NotExecuting'),
    state('m1', 0, 17, 24, 'apt'),
    count('m1', 0, 8, 16, 400, 390, 10),
    count('m1', 0, 16, 24, 380, 370, 10),
  ]);
  await f.commit([state('m2', 0, 0, 8, 'pdot', 'OutOfService'), state('m2', 0, 8, 20, 'apt'), count('m2', 0, 8, 16, 900, 900, 0), count('m2', 0, 16, 20, 400, 380, 20)]);
  await engine.flush();
});
afterAll(async () => {
  await engine.stop();
  await f.store.close();
});

const kpis = (filter: Partial<Parameters<typeof listAllKpis>[1]> = {}): Promise<KpiRecord[]> =>
  listAllKpis(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, equipmentIds: [], productId: '', ...filter });
const one = async (equipmentId: string | undefined, granularity: KpiRecord['granularity'], from: number): Promise<KpiRecord> => {
  const found = (await kpis({ granularity, level: equipmentId === undefined ? 'enterprise' : 'equipment', from, to: from + 1 })).filter(
    (k) => k.startTime === from && k.equipmentId === equipmentId,
  );
  expect(found).toHaveLength(1);
  return found[0] as KpiRecord;
};
const records = async (level: 'equipment' | 'enterprise', granularity: CapacityRecordRow['granularity'], from: number): Promise<CapacityRecordRow[]> =>
  (await listAllRecords(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, level, granularity, from, to: from + 1 })).filter((r) => r.startTime === from);
const quantity = (rs: CapacityRecordRow[], id: string | undefined, type: string, capability?: string): number | undefined =>
  rs.find((r) => r.scope.id === id && r.type === type && r.capability?.id === capability)?.quantity.value;

describe('capacity engine, golden day', () => {
  it('m1 day KPI equals the hand-computed time elements and ratios', async () => {
    const k = await one('m1', 'day', at(0, 0));
    expect([k.plannedOperationTime, k.plannedBusyTime, k.actualProductionTime, k.actualUnitSetupTime, k.actualUnitDelayTime, k.actualUnitDownTime, k.plannedDownTime, k.unknownTime].map((v) => v / HOUR)).toEqual([24, 16, 14, 0.5, 0.5, 1, 8, 0]);
    expect([k.producedQuantity, k.goodQuantity, k.scrapQuantity, k.idealUnitTime, k.endTime - k.startTime]).toEqual([780, 760, 20, 60_000, DAY]);
    expect(k.availability).toBeCloseTo(14 / 16, 12);
    expect(k.effectiveness).toBeCloseTo((60 * 780) / (14 * 3600), 12);
    expect(k.qualityRatio).toBeCloseTo(760 / 780, 12);
    expect(k.oee).toBeCloseTo(760 / 960, 12);
    expect(k.utilizationEfficiency).toBeCloseTo(14 / 15, 12);
    expect(k.setupRate).toBeCloseTo(0.5 / 14.5, 12);
    expect(k.throughputRate).toBeCloseTo(780 / 15, 9);
    expect(k.dataCoverage).toBe(1);
    expect(k.agentId).toBeUndefined();
    expect(k.computeTime).toBe(f.clock.now);
  });

  it('m2 day KPI counts the 4 h without data as unknown', async () => {
    const k = await one('m2', 'day', at(0, 0));
    expect([k.actualProductionTime, k.unknownTime, k.plannedBusyTime].map((v) => v / HOUR)).toEqual([12, 4, 16]);
    expect(k.availability).toBeCloseTo(12 / 16, 12);
    expect(k.effectiveness).toBeCloseTo((30 * 1300) / (12 * 3600), 12);
    expect(k.oee).toBeCloseTo((30 * 1280) / (16 * 3600), 12);
    expect(k.dataCoverage).toBeCloseTo(0.75, 12);
  });

  it('shift KPIs follow the calendar: 8 h PBT each', async () => {
    const early = await one('m1', 'shift', at(0, 8));
    const late = await one('m1', 'shift', at(0, 16));
    expect([early.endTime, late.endTime]).toEqual([at(0, 16), at(0, 24)]);
    expect([early.plannedBusyTime, early.actualProductionTime, late.actualProductionTime, late.actualUnitDownTime].map((v) => v / HOUR)).toEqual([8, 7, 7, 1]);
    expect(early.producedQuantity).toBe(400);
    expect(early.effectiveness).toBeCloseTo((60 * 400) / (7 * 3600), 12);
    expect(late.effectiveness).toBeCloseTo((60 * 380) / (7 * 3600), 12);
  });

  it('hour KPIs pro-rate counts; hours without any fact are not written', async () => {
    const nine = await one('m1', 'hour', at(0, 9));
    expect([nine.actualProductionTime, nine.plannedBusyTime, nine.producedQuantity]).toEqual([HOUR, HOUR, 50]);
    expect(nine.effectiveness).toBeCloseTo((60 * 50) / 3600, 12);
    const night = await one('m1', 'hour', at(0, 3));
    expect([night.plannedBusyTime, night.plannedDownTime]).toEqual([0, HOUR]);
    expect(night.availability).toBeUndefined();
    const hours = await kpis({ granularity: 'hour', level: 'equipment' });
    expect(hours.filter((k) => k.equipmentId === 'm1')).toHaveLength(24);
    expect(hours.filter((k) => k.equipmentId === 'm2').map((k) => (k.startTime - at(0, 0)) / HOUR)).toEqual([...Array(20).keys()]);
  });

  it('the enterprise KPI sums time elements and quantities and recomputes ratios', async () => {
    const k = await one(undefined, 'day', at(0, 0));
    expect([k.plannedOperationTime, k.plannedBusyTime, k.actualProductionTime, k.unknownTime].map((v) => v / HOUR)).toEqual([48, 32, 26, 4]);
    expect([k.producedQuantity, k.goodQuantity, k.scrapQuantity]).toEqual([2080, 2040, 40]);
    expect(k.idealUnitTime).toBeCloseTo((60_000 * 780 + 30_000 * 1300) / 2080, 9);
    expect(k.availability).toBeCloseTo(26 / 32, 12);
    expect(k.effectiveness).toBeCloseTo((60 * 780 + 30 * 1300) / (26 * 3600), 12);
    expect(k.oee).toBeCloseTo((26 / 32) * ((60 * 780 + 30 * 1300) / (26 * 3600)) * (2040 / 2080), 12);
    expect(k.equipmentId).toBeUndefined();
  });

  it('day capacity records: TOTAL = PBT / PRU, USED = PQ, UNUSED = the rest, with confidence and evidence', async () => {
    const rs = await records('equipment', 'day', at(0, 0));
    expect([quantity(rs, 'm1', 'total'), quantity(rs, 'm1', 'used'), quantity(rs, 'm1', 'unused')]).toEqual([960, 780, 180]);
    expect([quantity(rs, 'm2', 'total'), quantity(rs, 'm2', 'used'), quantity(rs, 'm2', 'unused')]).toEqual([1920, 1300, 620]);
    const m1 = rs.find((r) => r.scope.id === 'm1' && r.type === 'total');
    expect(m1?.confidence).toEqual({ value: 1, signalCoverage: 1, counterContinuity: 1, plausibility: 1 });
    const m2 = rs.find((r) => r.scope.id === 'm2' && r.type === 'used');
    expect(m2?.confidence.signalCoverage).toBeCloseTo(0.75, 12);
    const [batch] = await f.store.getBatches(TENANT, AGENT, seq1, seq1);
    expect(m1?.evidence).toEqual([{ agentId: AGENT, firstSeq: seq1, lastSeq: seq1, firstDigest: batch?.digest, lastDigest: batch?.digest }]);
    expect(m1?.id).toMatch(/^cap_/);
    expect(m1?.scope).toMatchObject({ level: 'equipment', enterpriseId: ENTERPRISE, id: 'm1' });
  });

  it('rolls the day up per capability and per enterprise', async () => {
    const rs = await records('enterprise', 'day', at(0, 0));
    expect([quantity(rs, undefined, 'total'), quantity(rs, undefined, 'used'), quantity(rs, undefined, 'unused')]).toEqual([2880, 2080, 800]);
    expect([quantity(rs, undefined, 'total', 'machining.turning'), quantity(rs, undefined, 'used', 'machining.turning')]).toEqual([2880, 2080]);
    expect([quantity(rs, undefined, 'total', 'machining.milling'), quantity(rs, undefined, 'used', 'machining.milling')]).toEqual([1920, 1300]);
    const total = rs.find((r) => r.type === 'total' && r.capability === undefined);
    expect(total?.confidence.signalCoverage).toBeCloseTo((960 + 1920 * 0.75) / 2880, 12);
    expect(total?.evidence.map((e) => e.firstSeq)).toEqual([seq1, seq1 + 1n]);
  });

  it('writes no past records for the week that has not ended, but its KPI', async () => {
    expect(await records('equipment', 'week', at(0, 0))).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ type: 'used' })]),
    );
    expect((await one('m1', 'week', at(0, 0))).producedQuantity).toBe(780);
  });
});
