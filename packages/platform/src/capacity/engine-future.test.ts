import { ShiftCalendarSchema, type CapacityType } from '@rongtong/core';
import { commitmentRecord } from '@rongtong/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapacityRecordRow, CommitmentRecord } from '../store/capacity-records.js';
import { createCapacityEngine } from './engine.js';
import { listAllRecords, recordKey } from './persist.js';
import { DAY, ENTERPRISE, TENANT, at, engineFixture, machine, state, count, type EngineFixture } from './test-support/engine-fixture.js';

const calendar = ShiftCalendarSchema.parse({
  shifts: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '24:00' })),
});
const turning = { kind: 'process_segment' as const, id: 'machining.turning' };
const milling = { kind: 'process_segment' as const, id: 'machining.milling' };
const parties = { matchId: 'mat-1', demandItemId: 'dem-1', supplyItemId: 'sup-1', buyerEnterpriseId: 'ent-9', supplierEnterpriseId: ENTERPRISE };

const fixtures: EngineFixture[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.store.close();
});

/** m1 (turning, calendar) with a measured Monday, m2 (milling + turning, 24/7) without history; the store answers `commitments`. */
async function forecastFixture(commitments: { list: CommitmentRecord[] }): Promise<EngineFixture> {
  const base = await engineFixture([
    machine('m1', 60_000, { shiftCalendarId: 'weekdays', capabilities: [turning] }),
    machine('m2', 30_000, { capabilities: [milling, turning] }),
  ]);
  const store = { ...base.store, listCommitments: () => Promise.resolve({ items: commitments.list, nextPageToken: '' }) };
  const f = { ...base, store, ctx: { ...base.ctx, store } };
  fixtures.push(f);
  await f.commit([state('m1', 0, 0, 8, 'pdot'), state('m1', 0, 8, 24, 'apt'), count('m1', 0, 8, 24, 768, 768, 0)]);
  return f;
}

/** Current future records by period and scope, as TOTAL / COMMITTED / AVAILABLE / UNATTAINABLE. */
function identityViolations(records: readonly CapacityRecordRow[]): string[] {
  const groups = new Map<string, Partial<Record<CapacityType, number>>>();
  for (const r of records) {
    const key = recordKey({ ...r, type: 'total' });
    groups.set(key, { ...groups.get(key), [r.type]: r.quantity.value });
  }
  const bad: string[] = [];
  for (const [key, g] of groups) {
    const { total = NaN, committed = NaN, available = NaN, unattainable = NaN } = g;
    const tolerance = 1e-9 * Math.max(1, total);
    if (!(Math.abs(total - (committed + available + unattainable)) <= tolerance) || available < 0 || unattainable < 0 || committed < 0) {
      bad.push(`${key}: ${JSON.stringify(g)}`);
    }
  }
  return bad;
}

const future = (f: EngineFixture): Promise<CapacityRecordRow[]> =>
  listAllRecords(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, types: ['total', 'committed', 'available', 'unattainable'], from: at(1, 0) });

describe('future capacity records', () => {
  it('forecasts DAY and WEEK periods over the horizon from the OEE history and the calendar', async () => {
    const f = await forecastFixture({ list: [] });
    const engine = createCapacityEngine(f.ctx, { shiftCalendars: { weekdays: calendar }, futureHorizonDays: 7 });
    await engine.flush();
    const rs = await future(f);
    const tuesday = (type: CapacityType, id: string) =>
      rs.find((r) => r.granularity === 'day' && r.startTime === at(1, 0) && r.scope.id === id && r.type === type && r.capability === undefined)?.quantity.value;
    // m1: 16 h / 60 s = 960; Monday's OEE = 768 / 960 = 0.8 → UNATTAINABLE 192. m2: 24/7, 24 h / 30 s, no history → OEE 1.
    expect([tuesday('total', 'm1'), tuesday('unattainable', 'm1'), tuesday('available', 'm1')]).toEqual([960, expect.closeTo(192, 9), expect.closeTo(768, 9)]);
    expect([tuesday('total', 'm2'), tuesday('unattainable', 'm2'), tuesday('committed', 'm2')]).toEqual([2880, 0, 0]);
    const days = new Set(rs.filter((r) => r.granularity === 'day').map((r) => r.startTime));
    expect(days.size).toBe(8); // Tuesday 01:00 + 7 days reaches into the 8th day
    expect(rs.filter((r) => r.granularity === 'week').map((r) => r.startTime)).toContain(at(0, 0));
    expect(rs.every((r) => r.evidence.length === 0)).toBe(true);
    expect(identityViolations(rs)).toEqual([]);
    await engine.stop();
  });

  it('TOTAL = COMMITTED + AVAILABLE + UNATTAINABLE for every record, whatever the commitments', async () => {
    const commitments = { list: [] as CommitmentRecord[] };
    const f = await forecastFixture(commitments);
    const engine = createCapacityEngine(f.ctx, { shiftCalendars: { weekdays: calendar }, futureHorizonDays: 10 });
    await engine.flush();
    const arbitraryCommitment = fc.record({
      capability: fc.constantFrom(undefined, turning, milling, { kind: 'product_class' as const, id: 'nobody-makes-this' }),
      startDay: fc.integer({ min: 0, max: 12 }),
      days: fc.integer({ min: 1, max: 6 }),
      value: fc.double({ min: 0, max: 50_000, noNaN: true }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryCommitment, { maxLength: 6 }), async (drawn) => {
        commitments.list = drawn.map((c, i) =>
          commitmentRecord(TENANT, `cmt-${i}`, parties, {
            ...(c.capability === undefined ? { capability: undefined } : { capability: c.capability }),
            allocations: [{ startTime: at(c.startDay, 0), endTime: at(c.startDay + c.days, 0), quantity: { value: c.value, unit: '' } }],
          }),
        );
        await engine.refreshFuture(TENANT, ENTERPRISE);
        expect(identityViolations(await future(f))).toEqual([]);
      }),
      { numRuns: 25 },
    );
    await engine.stop();
  });

  it('splits a commitment between eligible equipment and flags overcommitment', async () => {
    const commitments = { list: [] as CommitmentRecord[] };
    const f = await forecastFixture(commitments);
    const engine = createCapacityEngine(f.ctx, { shiftCalendars: { weekdays: calendar }, futureHorizonDays: 3 });
    await engine.flush();
    const wednesday = at(2, 0);
    commitments.list = [
      commitmentRecord(TENANT, 'cmt-big', parties, {
        capability: milling,
        allocations: [{ startTime: wednesday, endTime: wednesday + DAY, quantity: { value: 5000, unit: '' } }],
      }),
      commitmentRecord(TENANT, 'cmt-all', parties, {
        capability: undefined,
        allocations: [{ startTime: wednesday, endTime: wednesday + DAY, quantity: { value: 100, unit: '' } }],
      }),
    ];
    const before = (await f.events('capacity_record')).length;
    await engine.refreshFuture(TENANT, ENTERPRISE);
    const rs = (await future(f)).filter((r) => r.granularity === 'day' && r.startTime === wednesday);
    const get = (type: CapacityType, id: string | undefined, capability?: string) =>
      rs.find((r) => r.scope.id === id && r.type === type && r.capability?.id === capability);
    // cmt-all (100) splits by attainable capacity: m1 768, m2 2880 → m1 gets 100 × 768 / 3648.
    expect(get('committed', 'm1')?.quantity.value).toBeCloseTo((100 * 768) / 3648, 9);
    expect(get('committed', 'm2')?.quantity.value).toBeCloseTo(5000 + (100 * 2880) / 3648, 9);
    expect(get('committed', undefined)?.quantity.value).toBeCloseTo(5100, 9);
    const m2Available = get('available', 'm2');
    expect(m2Available?.quantity.value).toBe(0);
    expect(m2Available?.derivation).toMatch(/overcommitted/);
    expect(m2Available?.derivation).toMatch(/cmt-big/);
    expect(m2Available?.confidence.plausibility).toBeLessThan(1);
    expect(get('committed', 'm2')?.evidence).toEqual([]);
    expect(get('total', 'm2')?.quantity.value).toBeCloseTo(5000 + (100 * 2880) / 3648, 9);
    expect(identityViolations(rs)).toEqual([]);
    expect((await f.events('capacity_record')).length).toBeGreaterThan(before);

    // Refreshing again with the same commitments changes nothing: no new events.
    const settled = (await f.events('capacity_record')).length;
    await engine.refreshFuture(TENANT, ENTERPRISE);
    expect((await f.events('capacity_record')).length).toBe(settled);
    await engine.stop();
  });
});
