import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MS_PER_HOUR, TIME_BUCKETS, type Kpi, type PeriodGranularity, type TimeBucket } from '@rongtong/core';
import { routeNodeOpcuaLogs, silentOpcuaLogger } from '@rongtong/opcua';
import type { CapacityRecordRow, KpiRecord, Store } from '@rongtong/platform';
import { startOpcuaSimulator, type MachineGroundTruth, type OpcuaSimulator, type TruthHour } from '@rongtong/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceReadAll, startAgentProcess, writeEnrolledConfig, type AgentProcess } from './support/agent-process.js';
import { advanceSimulator, expectedKpi, signalsOf, simulatorAgentConfig, sumTruth } from './support/simulator-truth.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

// node-opcua (the simulator's server) prints its warnings on the console.
routeNodeOpcuaLogs(silentOpcuaLogger);

const DAY_MS = 24 * MS_PER_HOUR;
/** Monday 2030-01-07 00:00 in China (UTC+8), the platform's default time zone: the week under test. */
const WEEK_START = Date.parse('2030-01-07T00:00:00+08:00');
/** The simulation starts an hour early: an agent's first hour only sets its counters' baselines. */
const SIM_START = WEEK_START - MS_PER_HOUR;
/** Until ten minutes into the next week, so that the week's last hour closes on the agent. */
const RUN_MS = MS_PER_HOUR + 7 * DAY_MS + 10 * 60_000;
/** Steps of simulated time per advance; they divide the hour (see acceptance-opcua-kpi.test.ts). */
const STEP_MS = 5 * 60_000;
const IDEAL_UNIT_MS = 90_000;
const MACHINES = [
  { kind: 'cnc', id: 'CNC1' },
  { kind: 'legacy', id: 'Press1' },
] as const;

/** Every period of a granularity inside the week (no shift calendar: shifts are 00–08, 08–16, 16–24 local). */
function periodsOf(granularity: PeriodGranularity): { from: number; to: number }[] {
  const length = { hour: MS_PER_HOUR, shift: 8 * MS_PER_HOUR, day: DAY_MS, week: 7 * DAY_MS }[granularity];
  return Array.from({ length: (7 * DAY_MS) / length }, (_, i) => ({ from: WEEK_START + i * length, to: WEEK_START + (i + 1) * length }));
}

function truthHours(m: MachineGroundTruth, from: number, to: number): TruthHour[] {
  const hours = m.hours.filter((h) => Date.parse(h.hour) >= from && Date.parse(h.hour) < to);
  expect(hours.length, `${m.id} ground truth hours in ${new Date(from).toISOString()}`).toBe((to - from) / MS_PER_HOUR);
  return hours;
}

async function allKpis(store: Store, tenantId: string): Promise<KpiRecord[]> {
  const out: KpiRecord[] = [];
  let pageToken = '';
  do {
    const page = await store.listKpis({ tenantId, enterpriseId: '', equipmentIds: [], productId: '' }, { pageSize: 1000, pageToken });
    out.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return out;
}

async function allRecords(store: Store, tenantId: string): Promise<CapacityRecordRow[]> {
  const out: CapacityRecordRow[] = [];
  let pageToken = '';
  do {
    const page = await store.listCapacityRecords(
      { tenantId, enterpriseId: '', equipmentIds: [], capabilityIds: [], types: [], minimumConfidence: 0 },
      { pageSize: 1000, pageToken },
    );
    out.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return out;
}

/** Relative difference (absolute below 1). */
const deviation = (got: number, want: number): number => Math.abs(got - want) / Math.max(1, Math.abs(want));

/** Compares a stored KPI with the hand-computed one: times and counts exactly (to float rounding), ratios to 1e-9. */
function expectKpi(k: Kpi | undefined, want: ReturnType<typeof expectedKpi>, where: string): void {
  expect(k, `${where}: a KPI`).toBeDefined();
  const kpi = k!;
  const times: [string, number, number][] = [
    ['APT', kpi.actualProductionTime, want.times.apt],
    ['AUST', kpi.actualUnitSetupTime, want.times.aust],
    ['ADET', kpi.actualUnitDelayTime, want.times.adet],
    ['ADOT', kpi.actualUnitDownTime, want.times.adot],
    ['PDOT', kpi.plannedDownTime, want.times.pdot],
    ['idle', kpi.idleTime, want.times.idle],
    ['unknown', kpi.unknownTime, want.times.unknown],
    ['PBT', kpi.plannedBusyTime, want.times.pbt],
    ['AUBT', kpi.actualUnitBusyTime, want.times.aubt],
    ['PQ', kpi.producedQuantity, want.quantities.produced],
    ['GQ', kpi.goodQuantity, want.quantities.good],
    ['SQ', kpi.scrapQuantity, want.quantities.scrap],
  ];
  for (const [name, got, expected] of times) expect(deviation(got, expected), `${where} ${name}: ${got} vs hand-computed ${expected}`).toBeLessThan(1e-9);
  for (const [name, expected] of Object.entries(want.ratios)) {
    const got = kpi[name as keyof typeof want.ratios];
    if (!Number.isFinite(expected)) {
      expect(got, `${where} ${name} unset`).toBeUndefined();
      continue;
    }
    expect(got, `${where} ${name}`).toBeDefined();
    expect(deviation(got!, expected), `${where} ${name}: ${got} vs hand-computed ${expected}`).toBeLessThan(1e-9);
  }
}

describe('acceptance: a simulated week through agent and platform gives the hand-computed KPIs and capacity records', () => {
  // The platform lives just after the simulated week: its days have ended, the next ones are its future.
  const fixture = useTestPlatform({ now: () => WEEK_START + 7 * DAY_MS + MS_PER_HOUR });
  let sim: OpcuaSimulator;
  let dir: string;
  let agent: AgentProcess | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rongtong-acceptance-week-'));
    sim = await startOpcuaSimulator({ machines: MACHINES, speed: 0, seed: 7_2030, startTime: SIM_START, pkiDir: join(dir, 'sim-pki') });
  });
  afterAll(async () => {
    await agent?.stop(2000);
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every hour, shift, day and the week of each machine and of the enterprise; past and future capacity records; over KPI-level and raw uplinks alike', async () => {
    const platform = fixture.p;
    const signals = sim.machines.flatMap(signalsOf);
    // Two uplinks to the same platform, each enrolled in its own tenant: one sends the agent's
    // state intervals and counts (kpi), the other only raw samples, which the platform derives itself.
    const { path, enrolled } = await writeEnrolledConfig(
      dir,
      simulatorAgentConfig(sim, { name: 'week', idealUnitMs: IDEAL_UNIT_MS, uplinks: [
          { name: 'kpi', platform: platform.address, sharing: 'kpi', tls: false, insecure: true, backoff: { initial: 50, max: 500 } },
          { name: 'raw', platform: platform.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: 500 } },
        ] }),
      platform,
    );
    agent = await startAgentProcess(path);
    const running = agent;
    await sourceReadAll(running, signals.length);
    await advanceSimulator(sim, RUN_MS, STEP_MS);
    const truth = sim.groundTruth();
    const lastHour = WEEK_START + 7 * DAY_MS - MS_PER_HOUR;
    const weekEnd = WEEK_START + 7 * DAY_MS;
    for (const name of ['kpi', 'raw'] as const) {
      const { tenantId } = enrolled[name]!;
      // The week's last hour is complete on the platform: its state facts cover the whole hour.
      await eventually(
        `${name}: state facts covering the week's last hour of every machine`,
        async () => {
          for (const m of MACHINES) {
            const facts = await platform.store.listFacts({ tenantId, equipmentId: m.id, from: lastHour, to: weekEnd });
            const covered = facts.filter((f) => f.kind === 'state').reduce((n, f) => n + Math.min(f.endTime, weekEnd) - Math.max(f.startTime, lastHour), 0);
            if (covered < MS_PER_HOUR) return false;
          }
          return true;
        },
        60_000,
      );
    }
    expect(await running.stop()).toBe(0);
    await platform.platform.capacity.flush();

    for (const name of ['kpi', 'raw'] as const) {
      const { tenantId } = enrolled[name]!;
      const kpis = await allKpis(platform.store, tenantId);
      const kpiOf = (level: 'equipment' | 'enterprise', equipmentId: string | undefined, granularity: PeriodGranularity, from: number) =>
        kpis.find((k) => k.level === level && k.equipmentId === equipmentId && k.granularity === granularity && k.startTime === from && k.productId === undefined);
      let compared = 0;
      for (const granularity of ['hour', 'shift', 'day', 'week'] as const) {
        for (const period of periodsOf(granularity)) {
          const length = period.to - period.from;
          const perMachine = truth.machines.map((m) => sumTruth(truthHours(m, period.from, period.to)));
          truth.machines.forEach((m, i) => {
            const where = `${name} ${m.id} ${granularity} ${new Date(period.from).toISOString()}`;
            expectKpi(kpiOf('equipment', m.id, granularity, period.from), expectedKpi(perMachine[i]!, length, IDEAL_UNIT_MS), where);
            compared += 1;
          });
          // The enterprise: time elements and quantities summed over its machines, ratios from the sums.
          const where = `${name} enterprise ${granularity} ${new Date(period.from).toISOString()}`;
          expectKpi(kpiOf('enterprise', undefined, granularity, period.from), expectedKpi(sumTruth(perMachine), length * MACHINES.length, IDEAL_UNIT_MS), where);
          compared += 1;
        }
      }
      expect(compared).toBe((168 + 21 + 7 + 1) * (MACHINES.length + 1));
      // The compared hours hold every kind of time but idle (no order), which only the PackML line of
      // acceptance-opcua-kpi.test.ts has; planned down time (maintenance) included, which that test's hours lack.
      const buckets = new Set(truth.machines.flatMap((m) => truthHours(m, WEEK_START, WEEK_START + 7 * DAY_MS).flatMap((h) => Object.keys(h.bucketMs).filter((b) => (h.bucketMs[b as TimeBucket] ?? 0) > 0))));
      expect([...buckets].sort()).toEqual(TIME_BUCKETS.filter((b) => b !== 'idle').sort());

      // Capacity records of the week's days (ended periods): TOTAL = PBT / PRU, USED = PQ, UNUSED = TOTAL − USED.
      const records = await allRecords(platform.store, tenantId);
      const recordOf = (scopeId: string | undefined, type: string, from: number) =>
        records.find(
          (r) => r.granularity === 'day' && r.startTime === from && r.type === type && r.capability === undefined && (r.scope.id ?? undefined) === scopeId,
        );
      for (const day of periodsOf('day')) {
        let total = 0;
        let used = 0;
        for (const m of truth.machines) {
          const t = sumTruth(truthHours(m, day.from, day.to));
          const pbt = DAY_MS - (t.bucketMs.pdot ?? 0);
          const machineTotal = Math.max(pbt / IDEAL_UNIT_MS, t.produced);
          const where = `${name} ${m.id} day ${new Date(day.from).toISOString()}`;
          expect(recordOf(m.id, 'total', day.from)?.quantity.value, `${where} TOTAL`).toBeCloseTo(machineTotal, 9);
          expect(recordOf(m.id, 'used', day.from)?.quantity.value, `${where} USED`).toBe(t.produced);
          expect(recordOf(m.id, 'unused', day.from)?.quantity.value, `${where} UNUSED`).toBeCloseTo(machineTotal - t.produced, 9);
          total += machineTotal;
          used += t.produced;
        }
        const where = `${name} enterprise day ${new Date(day.from).toISOString()}`;
        expect(recordOf(undefined, 'total', day.from)?.quantity.value, `${where} TOTAL`).toBeCloseTo(total, 6);
        expect(recordOf(undefined, 'used', day.from)?.quantity.value, `${where} USED`).toBe(used);
      }
      // Every current future record set: TOTAL = COMMITTED + AVAILABLE + UNATTAINABLE.
      const future = records.filter((r) => r.endTime > WEEK_START + 7 * DAY_MS && ['total', 'committed', 'available', 'unattainable'].includes(r.type));
      expect(future.length).toBeGreaterThan(0);
      const groups = new Map<string, Map<string, number>>();
      for (const r of future) {
        const key = `${r.scope.level}/${r.scope.id ?? ''}/${r.capability?.id ?? ''}/${r.granularity}/${r.startTime}`;
        const group = groups.get(key) ?? new Map<string, number>();
        group.set(r.type, r.quantity.value);
        groups.set(key, group);
      }
      for (const [key, g] of groups) {
        expect([...g.keys()].sort(), key).toEqual(['available', 'committed', 'total', 'unattainable']);
        expect(deviation(g.get('total')!, g.get('committed')! + g.get('available')! + g.get('unattainable')!), key).toBeLessThan(1e-9);
      }
    }
  }, 300_000);
});
