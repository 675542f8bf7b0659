import { ShiftCalendarSchema, type CapacityType, type CommitmentStatus } from '@rongtong/core';
import { commitmentRecord } from '@rongtong/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CapacityRecordRow, CommitmentRecord, StateFact } from '../store/capacity-records.js';
import { createCapacityEngine } from './engine.js';
import { listAllRecords, recordKey } from './persist.js';
import { DAY, ENTERPRISE, HOUR, TENANT, at, count, engineFixture, machine, state, type EngineFixture } from './test-support/engine-fixture.js';

const weekdays = ShiftCalendarSchema.parse({ shifts: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '24:00' })) });
const turning = { kind: 'process_segment' as const, id: 'machining.turning' };
const milling = { kind: 'process_segment' as const, id: 'machining.milling' };
const parties = { matchId: 'mat-1', demandItemId: 'dem-1', supplyItemId: 'sup-1', buyerEnterpriseId: 'ent-9', supplierEnterpriseId: ENTERPRISE };
const MACHINES = ['m1', 'm2'] as const;

const fixtures: EngineFixture[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const f of fixtures.splice(0)) await f.store.close();
});

/** m1 (turning, weekday calendar, PRU 60 s) and m2 (milling + turning, 24/7, PRU 30 s); the store answers `commitments`. */
async function identityFixture(commitments: { list: CommitmentRecord[] }): Promise<EngineFixture> {
  const base = await engineFixture([
    machine('m1', 60_000, { shiftCalendarId: 'weekdays', capabilities: [turning] }),
    machine('m2', 30_000, { capabilities: [milling, turning] }),
  ]);
  const store = { ...base.store, listCommitments: () => Promise.resolve({ items: commitments.list, nextPageToken: '' }) };
  const f = { ...base, store, ctx: { ...base.ctx, store } };
  fixtures.push(f);
  return f;
}

type Group = Partial<Record<CapacityType, CapacityRecordRow>>;

/** Current records grouped by scope, capability, granularity and start. */
function groups(records: readonly CapacityRecordRow[]): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const r of records) {
    const key = recordKey({ ...r, type: 'total' });
    out.set(key, { ...out.get(key), [r.type]: r });
  }
  return out;
}

/** Every group with a TOTAL: TOTAL = COMMITTED + AVAILABLE + UNATTAINABLE; with a USED: TOTAL = USED + UNUSED; all ≥ 0. */
function identityViolations(records: readonly CapacityRecordRow[]): string[] {
  const bad: string[] = [];
  for (const [key, g] of groups(records)) {
    const v = (t: CapacityType): number => g[t]?.quantity.value ?? NaN;
    if (Object.values(g).some((r) => !(r.quantity.value >= 0))) bad.push(`${key}: negative quantity`);
    if (g.total === undefined) continue;
    const total = v('total');
    const tolerance = 1e-9 * Math.max(1, Math.abs(total));
    if (!(Math.abs(total - (v('committed') + v('available') + v('unattainable'))) <= tolerance)) bad.push(`${key}: TOTAL ≠ C + A + U`);
    if (g.used !== undefined && !(Math.abs(total - (v('used') + v('unused'))) <= tolerance)) bad.push(`${key}: TOTAL ≠ USED + UNUSED`);
  }
  return bad;
}

const allRecords = (f: EngineFixture): Promise<CapacityRecordRow[]> => listAllRecords(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE });

const BUCKETS: ReadonlyArray<StateFact['bucket']> = ['apt', 'apt', 'pdot', 'adet', 'aust'];

describe('capacity identity for every record, ended periods included', () => {
  it('holds over random facts, commitments and clock moves', async () => {
    const arbitraryCommitment = fc.record({
      capability: fc.constantFrom(undefined, turning, milling, { kind: 'product_class' as const, id: 'nobody-makes-this' }),
      startHour: fc.integer({ min: 0, max: 100 }),
      hours: fc.integer({ min: 1, max: 60 }),
      value: fc.double({ min: 0, max: 20_000, noNaN: true }),
      unit: fc.constantFrom('', '', 'kg'),
      status: fc.constantFrom<CommitmentStatus>('active', 'active', 'completed', 'cancelled'),
    });
    const arbitraryStep = fc.record({
      hours: fc.integer({ min: 1, max: 30 }),
      send: fc.boolean(),
      machines: fc.tuple(
        ...MACHINES.map(() => fc.record({ bucket: fc.constantFrom(...BUCKETS), perHour: fc.integer({ min: 0, max: 150 }), counted: fc.boolean() })),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryCommitment, { maxLength: 5 }), fc.array(arbitraryStep, { minLength: 1, maxLength: 5 }), async (drawn, steps) => {
        const commitments = {
          list: drawn.map((c, i) =>
            commitmentRecord(TENANT, `cmt-${i}`, parties, {
              ...(c.capability === undefined ? { capability: undefined } : { capability: c.capability }),
              status: c.status,
              allocations: [{ startTime: at(0, c.startHour), endTime: at(0, c.startHour + c.hours), quantity: { value: c.value, unit: c.unit } }],
            }),
          ),
        };
        const f = await identityFixture(commitments);
        f.clock.now = at(0, 0);
        const engine = createCapacityEngine(f.ctx, { shiftCalendars: { weekdays }, futureHorizonDays: 2 });
        await engine.refreshFuture(TENANT, ENTERPRISE);
        let sentUpTo = 0; // hours since Monday 00:00 covered by facts
        let hour = 0;
        for (const [i, step] of steps.entries()) {
          hour += step.hours;
          f.clock.now = at(0, hour);
          if (step.send || i === steps.length - 1) {
            // Each machine reports [sentUpTo, hour) as one interval: the agent sends it when it ends.
            await f.commit(
              MACHINES.flatMap((id, m) => {
                const s = step.machines[m];
                if (s === undefined) return [];
                const produced = s.bucket === 'apt' ? s.perHour * (hour - sentUpTo) : 0;
                return [state(id, 0, sentUpTo, hour, s.bucket), ...(s.counted ? [count(id, 0, sentUpTo, hour, produced, produced, 0)] : [])];
              }),
            );
            sentUpTo = hour;
          }
          await engine.flush();
          expect(identityViolations(await allRecords(f))).toEqual([]);
        }
        // Measured ended periods: AVAILABLE 0, COMMITTED without evidence, UNATTAINABLE with TOTAL's evidence.
        const ended = [...groups(await allRecords(f)).values()].filter((g) => g.total !== undefined && g.total.endTime <= f.clock.now);
        for (const g of ended) {
          if (g.used === undefined) continue;
          expect(g.available?.quantity.value).toBe(0);
          expect(g.committed?.evidence).toEqual([]);
          expect(g.unattainable?.evidence).toEqual(g.total?.evidence);
        }
        await engine.stop();
        await f.store.close();
        fixtures.splice(fixtures.indexOf(f), 1);
      }),
      { numRuns: 15 },
    );
  });

  it('an ended day splits its measured TOTAL: COMMITTED from the commitments (capped), AVAILABLE 0, UNATTAINABLE the rest', async () => {
    const commitments = { list: [] as CommitmentRecord[] };
    const f = await identityFixture(commitments);
    f.clock.now = at(0, 1);
    const engine = createCapacityEngine(f.ctx, { shiftCalendars: { weekdays }, futureHorizonDays: 1, futureRefreshMs: HOUR });
    const monday = (value: number, id: string, capability = turning) =>
      commitmentRecord(TENANT, id, parties, { capability, allocations: [{ startTime: at(0, 0), endTime: at(0, 0) + DAY, quantity: { value, unit: '' } }] });
    commitments.list = [monday(300, 'cmt-a')];
    await engine.refreshFuture(TENANT, ENTERPRISE); // Monday forecast while it runs
    await f.commit([state('m1', 0, 0, 8, 'pdot'), state('m1', 0, 8, 24, 'apt'), count('m1', 0, 8, 24, 600, 600, 0)]);
    await f.commit([state('m2', 0, 0, 24, 'apt'), count('m2', 0, 0, 24, 1800, 1800, 0)]);
    f.clock.now = at(1, 1);
    await engine.flush();
    const day = (await allRecords(f)).filter((r) => r.granularity === 'day' && r.startTime === at(0, 0));
    const q = (type: CapacityType, id: string | undefined) => day.find((r) => r.scope.id === id && r.type === type && r.capability === undefined);
    // m1 TOTAL 960 (16 h / 60 s), m2 2880: cmt-a (300) split by USED 600 : 1800.
    expect([q('total', 'm1')?.quantity.value, q('committed', 'm1')?.quantity.value, q('available', 'm1')?.quantity.value]).toEqual([960, 75, 0]);
    expect(q('unattainable', 'm1')?.quantity.value).toBe(885);
    expect(q('committed', 'm2')?.quantity.value).toBe(225);
    expect(q('committed', undefined)?.quantity.value).toBe(300);
    expect(q('unattainable', 'm1')?.evidence).toEqual(q('total', 'm1')?.evidence);
    expect(q('unattainable', 'm1')?.evidence.length).toBeGreaterThan(0);
    expect(q('committed', 'm1')?.evidence).toEqual([]);
    expect(q('committed', 'm1')?.derivation).toMatch(/cmt-a/);
    expect(identityViolations(day)).toEqual([]);

    // A recomputation with nothing new (the periodic tick covers Monday's end): nothing stored again, no event.
    const settled = (await f.events('capacity_record')).length;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    engine.start();
    vi.advanceTimersByTime(HOUR);
    await engine.flush(); // runs after the tick's work
    await engine.stop();
    vi.useRealTimers();
    expect((await f.events('capacity_record')).length).toBe(settled);

    // More committed than the machines had: COMMITTED capped at TOTAL, said in the derivation.
    commitments.list = [monday(100_000, 'cmt-huge', milling)];
    await f.commit([state('m2', 0, 23, 24, 'apt')]);
    await engine.flush();
    const after = (await allRecords(f)).filter((r) => r.granularity === 'day' && r.startTime === at(0, 0));
    const m2 = (type: CapacityType) => after.find((r) => r.scope.id === 'm2' && r.type === type && r.capability === undefined);
    expect([m2('committed')?.quantity.value, m2('unattainable')?.quantity.value, m2('available')?.quantity.value]).toEqual([2880, 0, 0]);
    expect(m2('committed')?.derivation).toMatch(/more than TOTAL: COMMITTED capped/);
    expect(after.find((r) => r.scope.id === 'm1' && r.type === 'committed')?.quantity.value).toBe(0);
    expect(identityViolations(after)).toEqual([]);
    await engine.stop();
  });
});
