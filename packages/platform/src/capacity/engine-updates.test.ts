import { ShiftCalendarSchema, isRongtongError } from '@rongtong/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCapacityEngine } from './engine.js';
import { CapacityOptionsSchema, parseCapacityOptions } from './options.js';
import { listAllKpis, listAllRecords } from './persist.js';
import { ENTERPRISE, HOUR, TENANT, at, count, engineFixture, machine, state, type EngineFixture } from './test-support/engine-fixture.js';

const calendar = ShiftCalendarSchema.parse({ shifts: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '24:00' })) });
const fixtures: EngineFixture[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const f of fixtures.splice(0)) await f.store.close();
});

async function golden(): Promise<EngineFixture> {
  const f = await engineFixture([machine('m1', 60_000), machine('m2', 30_000)]);
  fixtures.push(f);
  await f.commit([state('m1', 0, 0, 8, 'pdot'), state('m1', 0, 8, 24, 'apt'), count('m1', 0, 8, 24, 800, 800, 0)]);
  await f.commit([state('m2', 0, 0, 8, 'pdot'), state('m2', 0, 8, 20, 'apt'), count('m2', 0, 8, 20, 1200, 1200, 0)]);
  return f;
}

const dayRecords = (f: EngineFixture, level: 'equipment' | 'enterprise') =>
  listAllRecords(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, level, granularity: 'day', from: at(0, 0), to: at(0, 1) });
const dayKpi = async (f: EngineFixture, equipmentId: string) =>
  (await listAllKpis(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, equipmentIds: [equipmentId], productId: '', granularity: 'day', from: at(0, 0), to: at(0, 1) }))[0];

describe('capacity engine updates', () => {
  it('late data recomputes the period, supersedes its records and emits events only for what changed', async () => {
    const f = await golden();
    const engine = createCapacityEngine(f.ctx, { enterpriseCalendars: { [ENTERPRISE]: 'day' }, shiftCalendars: { day: calendar } });
    await engine.flush();
    const before = (await dayRecords(f, 'equipment')).find((r) => r.scope.id === 'm2' && r.type === 'used');
    expect(before?.quantity.value).toBe(1200);
    const kpiEvents = (await f.events('kpi')).length;
    const recordEvents = (await f.events('capacity_record')).length;

    await engine.flush(); // nothing dirty: nothing new
    expect((await f.events('kpi')).length).toBe(kpiEvents);

    f.clock.now += HOUR;
    await f.commit([state('m2', 0, 20, 24, 'apt'), count('m2', 0, 20, 24, 400, 390, 10)]);
    await engine.flush();
    const after = (await dayRecords(f, 'equipment')).find((r) => r.scope.id === 'm2' && r.type === 'used');
    expect(after?.quantity.value).toBe(1600);
    expect((await f.store.getCapacityRecord(TENANT, before?.id ?? ''))?.supersededBy).toBe(after?.id);
    expect((await dayKpi(f, 'm2'))?.actualProductionTime).toBe(16 * HOUR);
    const enterprise = await dayRecords(f, 'enterprise');
    expect(enterprise.find((r) => r.type === 'used' && r.capability === undefined)?.quantity.value).toBe(2400);

    const newKpiEvents = (await f.events('kpi')).slice(kpiEvents);
    // m2: hours 20–23, its shift, day and week; the enterprise: the same periods. m1 unchanged: none.
    expect(newKpiEvents.every((e) => e.kpi?.equipmentId !== 'm1')).toBe(true);
    expect(newKpiEvents.filter((e) => e.kpi?.equipmentId === 'm2').map((e) => e.kpi?.granularity)).toEqual(
      expect.arrayContaining(['PERIOD_GRANULARITY_HOUR', 'PERIOD_GRANULARITY_SHIFT', 'PERIOD_GRANULARITY_DAY', 'PERIOD_GRANULARITY_WEEK']),
    );
    expect(newKpiEvents.filter((e) => e.kpi?.equipmentId === 'm2')).toHaveLength(4 + 1 + 1 + 1);
    const newRecordEvents = (await f.events('capacity_record')).slice(recordEvents);
    expect(newRecordEvents.some((e) => e.equipmentId === 'm1')).toBe(false);
    expect(newRecordEvents.some((e) => e.capacityRecord?.id === after?.id)).toBe(true);
    await engine.stop();
  });

  it('a fact that changes no figure emits no KPI event', async () => {
    const f = await golden();
    const engine = createCapacityEngine(f.ctx);
    await engine.flush();
    const kpiEvents = (await f.events('kpi')).length;
    await f.commit([state('m1', 0, 9, 10, 'apt')]); // repeats time already booked to APT
    await engine.flush();
    expect((await f.events('kpi')).length).toBe(kpiEvents);
    await engine.stop();
  });

  it('stateMapping remaps raw states on the platform; as-booked keeps the agent bucket', async () => {
    const run = async (stateMapping: 'as-booked' | 'packml') => {
      const f = await engineFixture([machine('p1', 60_000)]);
      fixtures.push(f);
      await f.commit([state('p1', 0, 8, 10, 'adet', 'Execute'), state('p1', 0, 10, 11, 'adet', 'Held'), count('p1', 0, 8, 11, 150, 150, 0)]);
      const engine = createCapacityEngine(f.ctx, { stateMapping });
      await engine.flush();
      await engine.stop();
      return dayKpi(f, 'p1');
    };
    const booked = await run('as-booked');
    const remapped = await run('packml');
    expect([booked?.actualProductionTime, booked?.actualUnitDelayTime]).toEqual([0, 3 * HOUR]);
    expect([remapped?.actualProductionTime, remapped?.actualUnitDelayTime]).toEqual([2 * HOUR, HOUR]);
  });

  it('start() processes dirty marks after a committed batch, debounced', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const f = await golden();
    const engine = createCapacityEngine(f.ctx, { debounceMs: 50 });
    engine.start();
    f.ctx.events.emit('batchCommitted', (await f.store.getBatches(TENANT, 'agt-1', 1n, 1n))[0] as never);
    expect(await dayKpi(f, 'm1')).toBeUndefined();
    vi.advanceTimersByTime(50);
    await engine.stop(); // waits for the work the timer started
    expect((await dayKpi(f, 'm1'))?.producedQuantity).toBe(800);
  });

  it('the periodic tick writes past records of a period that ended after its last facts were processed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const f = await golden();
    f.clock.now = at(0, 23.5); // the day has not ended yet
    const engine = createCapacityEngine(f.ctx, { futureRefreshMs: HOUR });
    await engine.flush();
    expect((await dayRecords(f, 'equipment')).filter((r) => r.type === 'used')).toEqual([]);
    engine.start();
    f.clock.now = at(1, 0.5);
    vi.advanceTimersByTime(HOUR);
    await engine.stop();
    const used = (await dayRecords(f, 'equipment')).filter((r) => r.type === 'used');
    expect(used.map((r) => [r.scope.id, r.quantity.value]).sort()).toEqual([
      ['m1', 800],
      ['m2', 1200],
    ]);
  });
});

describe('silent counters', () => {
  it('an hour without a count between counted hours has quantities 0, as the agent takes it', async () => {
    const f = await engineFixture([machine('s1', 60_000)]);
    fixtures.push(f);
    await f.commit([state('s1', 0, 8, 14, 'apt'), count('s1', 0, 8, 9, 50, 50, 0), count('s1', 0, 11, 12, 40, 40, 0)]);
    const engine = createCapacityEngine(f.ctx);
    await engine.flush();
    await engine.stop();
    const hour = async (h: number) =>
      (await listAllKpis(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, equipmentIds: ['s1'], productId: '', granularity: 'hour', from: at(0, h), to: at(0, h) + 1 }))[0];
    const silent = await hour(10);
    // Effectiveness and throughput 0; quality ratio (and so OEE) has no denominator.
    expect([silent?.producedQuantity, silent?.effectiveness, silent?.throughputRate, silent?.oee]).toEqual([0, 0, 0, undefined]);
    const after = await hour(13); // no count after it: unknown, not 0
    expect([after?.producedQuantity, after?.effectiveness, after?.throughputRate]).toEqual([0, undefined, undefined]);
    const records = await listAllRecords(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, granularity: 'hour', from: at(0, 10), to: at(0, 10) + 1 });
    const used = records.find((r) => r.type === 'used' && r.startTime === at(0, 10) && r.scope.level === 'equipment');
    expect([used?.quantity.value, used?.confidence.counterContinuity]).toEqual([0, 0.9]);
    expect(used?.derivation).toMatch(/USED taken as 0/);
    expect(records.some((r) => r.startTime === at(0, 13))).toBe(false);
  });
});

describe('CapacityOptionsSchema', () => {
  it('applies the defaults', () => {
    expect(CapacityOptionsSchema.parse({})).toMatchObject({
      stateMapping: 'as-booked',
      utcOffsetMinutes: 480,
      futureHorizonDays: 28,
      oeePercentile: 50,
      oeeHistoryPeriods: 20,
      debounceMs: 200,
      futureRefreshMs: 3_600_000,
    });
  });

  it('names the bad field', () => {
    const fail = (options: object): string[] => {
      try {
        parseCapacityOptions(options);
      } catch (error) {
        if (isRongtongError(error)) {
          expect(error.code).toBe('INVALID_CONFIG');
          return error.fieldViolations.map((v) => v.path);
        }
        throw error;
      }
      throw new Error('no error');
    };
    expect(fail({ futureHorizonDays: 0 })).toEqual(['futureHorizonDays']);
    expect(fail({ stateMapping: 'opc-99' })).toEqual(['stateMapping']);
    expect(fail({ enterpriseCalendars: { 'ent-1': 'nope' } })).toEqual(['enterpriseCalendars.ent-1']);
    expect(fail({ shiftCalendars: { day: { shifts: [{ weekday: 8, start: '08:00', end: '16:00' }] } } })[0]).toMatch(/^shiftCalendars\.day\.shifts\.0\.weekday/);
    expect(() => createCapacityEngine({} as never, { oeePercentile: 101 })).toThrow(/oeePercentile/);
  });
});
