import { ShiftCalendarSchema } from '@rongtong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiRecord } from '../store/capacity-records.js';
import { createCapacityEngine, type CapacityEngine } from './engine.js';
import { listAllKpis, listAllRecords } from './persist.js';
import { ENTERPRISE, HOUR, TENANT, at, count, engineFixture, machine, state, type EngineFixture } from './test-support/engine-fixture.js';

/**
 * Golden week (the ground truth of core's golden-week test, now through the store and the
 * engine). m1, PRU 60 s; shifts Mon–Fri 08:00–24:00, Sat 08:00–12:00 (+08:00). Each
 * weekday: 00–08 planned down, 08:00–08:30 setup, 08:30–12 run, 12–12:30 fault, 12:30–16
 * run, 16–17 not executing, 17–24 run; 780 made, 760 good, 20 scrap. Saturday: 08–12 run,
 * 240 made, all good; the rest planned down. Sunday planned down. Now: next Monday 01:00.
 */
const calendar = ShiftCalendarSchema.parse({
  shifts: [...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '24:00' })), { weekday: 6, start: '08:00', end: '12:00' }],
});

let f: EngineFixture;
let engine: CapacityEngine;

beforeAll(async () => {
  f = await engineFixture([machine('m1', 60_000, { shiftCalendarId: 'golden' })]);
  for (let day = 0; day < 5; day += 1) {
    await f.commit([
      state('m1', day, 0, 8, 'pdot', 'OutOfService'),
      state('m1', day, 8, 8.5, 'aust'),
      state('m1', day, 8.5, 12, 'apt'),
      state('m1', day, 12, 12.5, 'adet', 'OutOfService'),
      state('m1', day, 12.5, 16, 'apt'),
      state('m1', day, 16, 17, 'adot', 'NotExecuting'),
      state('m1', day, 17, 24, 'apt'),
      count('m1', day, 8, 24, 780, 760, 20),
    ]);
  }
  await f.commit([state('m1', 5, 0, 8, 'pdot'), state('m1', 5, 8, 12, 'apt'), state('m1', 5, 12, 24, 'pdot'), count('m1', 5, 8, 12, 240, 240, 0)]);
  await f.commit([state('m1', 6, 0, 24, 'pdot')]);
  f.clock.now = at(7, 1);
  engine = createCapacityEngine(f.ctx, { shiftCalendars: { golden: calendar } });
  await engine.flush();
});
afterAll(async () => {
  await engine.stop();
  await f.store.close();
});

const week = async (): Promise<KpiRecord | undefined> =>
  (await listAllKpis(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, equipmentIds: ['m1'], productId: '', granularity: 'week', from: at(0, 0), to: at(0, 1) }))[0];

describe('capacity engine, golden week', () => {
  it('the week KPI: 84 h PBT, 74 h APT, OEE 4040 / 5040', async () => {
    const k = await week();
    expect([k?.plannedBusyTime, k?.actualProductionTime, k?.unknownTime].map((v) => (v ?? NaN) / HOUR)).toEqual([84, 74, 0]);
    expect([k?.producedQuantity, k?.goodQuantity, k?.scrapQuantity]).toEqual([4140, 4040, 100]);
    expect(k?.availability).toBeCloseTo(74 / 84, 12);
    expect(k?.effectiveness).toBeCloseTo(4140 / 4440, 12);
    expect(k?.oee).toBeCloseTo(4040 / 5040, 12);
  });

  it('the week records: TOTAL 5040 = USED 4140 + UNUSED 900; each weekday 960 = 780 + 180', async () => {
    const rs = await listAllRecords(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, level: 'equipment', from: at(0, 0), to: at(7, 0) });
    const q = (granularity: string, start: number, type: string) =>
      rs.find((r) => r.granularity === granularity && r.startTime === start && r.type === type)?.quantity.value;
    expect([q('week', at(0, 0), 'total'), q('week', at(0, 0), 'used'), q('week', at(0, 0), 'unused')]).toEqual([5040, 4140, 900]);
    for (let day = 0; day < 5; day += 1) expect([q('day', at(day, 0), 'total'), q('day', at(day, 0), 'used'), q('day', at(day, 0), 'unused')]).toEqual([960, 780, 180]);
    expect([q('day', at(5, 0), 'total'), q('day', at(5, 0), 'used')]).toEqual([240, 240]);
    expect(q('day', at(6, 0), 'total')).toBeUndefined(); // no count on Sunday: no figures made up
  });

  it('next week from the daily OEE history: TOTAL 5040, UNATTAINABLE 1050, AVAILABLE 3990', async () => {
    const rs = await listAllRecords(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, level: 'equipment', granularity: 'week', from: at(7, 0), to: at(7, 1) });
    const q = (type: string) => rs.find((r) => r.startTime === at(7, 0) && r.type === type);
    expect(q('total')?.quantity.value).toBeCloseTo(5040, 9);
    expect(q('unattainable')?.quantity.value).toBeCloseTo(1050, 9);
    expect(q('available')?.quantity.value).toBeCloseTo(3990, 9);
    expect(q('committed')?.quantity.value).toBe(0);
    expect(q('total')?.confidence.signalCoverage).toBeCloseTo(6 / 20, 12); // six days with PBT > 0
  });
});
