import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MS_PER_HOUR, TIME_BUCKETS, enumToProto, type TimeBucket } from '@rongtong/core';
import { routeNodeOpcuaLogs, silentOpcuaLogger } from '@rongtong/opcua';
import { toMillis, type Kpi__Output } from '@rongtong/protocol';
import { startOpcuaSimulator, type OpcuaSimulator } from '@rongtong/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceReadAll, startAgentProcess, writeEnrolledConfig, type AgentProcess } from './support/agent-process.js';
import { advanceSimulator, expectedKpi, signalsOf, simulatorAgentConfig } from './support/simulator-truth.js';
import { storedBatches, type StoredBatch } from './support/stored-batches.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

// node-opcua (the simulator's server) prints its warnings on the console.
routeNodeOpcuaLogs(silentOpcuaLogger);

const START = Date.parse('2030-01-01T00:00:00Z');
/** Simulated run: six hours and ten minutes, so that hours 1–5 can close. */
const RUN_MS = 6 * MS_PER_HOUR + 10 * 60_000;
/**
 * The simulator's clock moves only with `advance` (speed 0), in steps that divide the hour. At
 * this pace (about a simulated hour per real second) the agent subscribes with sampling interval
 * 0 (the simulator reports every change) and a deep queue, so no state change is sampled away
 * or dropped while a publish is pending; and as the simulator writes each counter's last value
 * of a step with the time of that change, no step mixes parts of two hours.
 */
const STEP_MS = 60_000;
/** At least this many complete hours with a KPI record per machine (hour 0 holds the counters' baselines). */
const MIN_HOURS = 4;
/** Ideal unit time given to every machine (effectiveness and OEE need one). */
const IDEAL_UNIT_MS = 90_000;

const MACHINES = [
  { kind: 'cnc', id: 'CNC1' },
  { kind: 'cnc', id: 'CNC2' },
  { kind: 'legacy', id: 'Press1' },
  { kind: 'packml', id: 'Line1' },
] as const;

/** What the platform stored for one equipment-hour. */
interface StoredHour {
  buckets: Record<TimeBucket, number>;
  count?: { produced: number; good: number; scrap: number };
  kpi?: Kpi__Output;
}

const BUCKET_OF_PROTO = new Map<string, TimeBucket>(TIME_BUCKETS.map((b) => [enumToProto('TIME_BUCKET', b), b]));
const emptyBuckets = () => Object.fromEntries(TIME_BUCKETS.map((b) => [b, 0])) as Record<TimeBucket, number>;

/** The stored intervals, counts and KPIs per `equipment@hourStart`. */
function storedHours(batches: readonly StoredBatch[]): Map<string, StoredHour> {
  const hours = new Map<string, StoredHour>();
  const at = (equipmentId: string, start: number): StoredHour => {
    const key = `${equipmentId}@${Math.floor(start / MS_PER_HOUR) * MS_PER_HOUR}`;
    let h = hours.get(key);
    if (h === undefined) hours.set(key, (h = { buckets: emptyBuckets() }));
    return h;
  };
  for (const { payload } of batches) {
    for (const i of payload.stateIntervals) {
      const start = toMillis(i.startTime);
      const end = toMillis(i.endTime);
      expect(Math.floor(start / MS_PER_HOUR), 'an interval stays within its hour').toBe(Math.floor((end - 1) / MS_PER_HOUR));
      const bucket = BUCKET_OF_PROTO.get(i.bucket);
      if (bucket === undefined) throw new Error(`interval without a bucket: ${i.bucket}`);
      at(i.equipmentId, start).buckets[bucket] += end - start;
    }
    for (const c of payload.productionCounts) {
      const h = at(c.equipmentId, toMillis(c.startTime));
      expect(h.count, `one count per hour (${c.equipmentId})`).toBeUndefined();
      h.count = { produced: Number(c.producedQuantity), good: Number(c.goodQuantity), scrap: Number(c.scrapQuantity) };
    }
    for (const k of payload.kpis) {
      const h = at(k.equipmentId, toMillis(k.startTime));
      expect(h.kpi, `one KPI record per hour (${k.equipmentId})`).toBeUndefined();
      h.kpi = k;
    }
  }
  return hours;
}

/** Relative difference of `got` from `want` (absolute below 1, so that 0 compares sanely). */
const deviation = (got: number, want: number): number => Math.abs(got - want) / Math.max(1, Math.abs(want));
const ms = (d: Parameters<typeof toMillis>[0]): number => toMillis(d);

describe('acceptance: KPIs an agent derives from the OPC UA simulator equal its ground truth', () => {
  const fixture = useTestPlatform();
  let sim: OpcuaSimulator;
  let dir: string;
  let agent: AgentProcess | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rongtong-acceptance-opcua-kpi-'));
    sim = await startOpcuaSimulator({ machines: MACHINES, speed: 0, seed: 22_400, startTime: START, pkiDir: join(dir, 'sim-pki') });
  });
  afterAll(async () => {
    await agent?.stop(2000);
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`after ${(RUN_MS / MS_PER_HOUR).toFixed(1)} simulated hours, every complete hour's intervals and KPI times and ratios match within 1%, its counts exactly`, async () => {
    const platform = fixture.p;
    const signals = sim.machines.flatMap(signalsOf);
    const { path, enrolled } = await writeEnrolledConfig(
      dir,
      simulatorAgentConfig(sim, { name: 'opcua-kpi', idealUnitMs: IDEAL_UNIT_MS, uplinks: [{ name: 'kpi', platform: platform.address, sharing: 'kpi', tls: false, insecure: true, backoff: { initial: 50, max: 500 } }] }),
      platform,
    );
    const kpiAgent = enrolled.kpi!;
    agent = await startAgentProcess(path);
    const running = agent;
    // Connected, and every signal's initial value read: the counters' baselines at the start time.
    await sourceReadAll(running, signals.length);

    // Steps of STEP_MS (see there); each yields to the event loop so the server publishes as it goes.
    await advanceSimulator(sim, RUN_MS, STEP_MS);
    const truth = sim.groundTruth();
    expect(truth.simulatedTime).toBe(new Date(START + RUN_MS).toISOString());

    const kpiHours = async () => {
      const batches = await storedBatches(platform.store, kpiAgent.tenantId, kpiAgent.agentId);
      return batches.flatMap((b) => b.payload.kpis.map((k) => `${k.equipmentId}@${toMillis(k.startTime)}`));
    };
    await eventually(
      `KPI records for hours 1–${MIN_HOURS} of every machine`,
      async () => {
        const have = new Set(await kpiHours());
        return MACHINES.every((m) => Array.from({ length: MIN_HOURS }, (_, i) => `${m.id}@${START + (i + 1) * MS_PER_HOUR}`).every((k) => have.has(k)));
      },
      45_000,
    );
    const source = (await running.status()).sources[0]!;
    expect(await running.stop()).toBe(0);
    expect(source.counters).toMatchObject({ connection_losses: 0, items_bad: 0, dropped_samples: 0 });

    const batches = await storedBatches(platform.store, kpiAgent.tenantId, kpiAgent.agentId);
    expect(batches.every((b) => b.sharingLevel === 'kpi' && b.payload.samples.length === 0)).toBe(true);
    expect(batches.flatMap((b) => b.payload.gaps)).toEqual([]);
    const stored = storedHours(batches);

    const worst = { time: 0, quantity: 0, ratio: 0 };
    const report: string[] = [];
    const bucketsSeen = new Set<string>();
    const jobChanges: string[] = [];
    for (const m of truth.machines) {
      const hours = [...stored.entries()].filter(([key, h]) => key.startsWith(`${m.id}@`) && h.kpi !== undefined).map(([key]) => Number(key.split('@')[1]));
      hours.sort((a, b) => a - b);
      // What the compared hours exercise: buckets with time, and job changes (job counters reset).
      // Over hours 1–MIN_HOURS, which every run compares (later ones only if the agent got that far): deterministic for the seed.
      const surely = (start: number) => start > START && start <= START + MIN_HOURS * MS_PER_HOUR && hours.includes(start);
      for (const t of m.hours) if (surely(Date.parse(t.hour))) for (const [b, v] of Object.entries(t.bucketMs)) if (v > 0) bucketsSeen.add(b);
      for (const j of m.jobs.slice(1)) if (surely(Math.floor(Date.parse(j.start) / MS_PER_HOUR) * MS_PER_HOUR)) jobChanges.push(`${m.id} ${j.start}`);
      // Hour 0 holds the counters' first readings (their baselines): no KPI record; then every hour up to the last closed one.
      expect(hours, m.id).toEqual(Array.from({ length: hours.length }, (_, i) => START + (i + 1) * MS_PER_HOUR));
      expect(hours.length, m.id).toBeGreaterThanOrEqual(MIN_HOURS);
      for (const start of hours) {
        const h = stored.get(`${m.id}@${start}`)!;
        const t = m.hours.find((x) => Date.parse(x.hour) === start);
        if (t === undefined) throw new Error(`no ground truth for ${m.id} at ${new Date(start).toISOString()}`);
        const want = expectedKpi(t, MS_PER_HOUR, IDEAL_UNIT_MS);
        const k = h.kpi!;
        const where = `${m.id} ${new Date(start).toISOString()}`;
        const check = (kind: keyof typeof worst, name: string, got: number | undefined, expected: number) => {
          const d = got === undefined ? Infinity : deviation(got, expected);
          worst[kind] = Math.max(worst[kind], d);
          if (d > 0) report.push(`${where} ${name}: ${got} vs truth ${expected}`);
          // The acceptance bound; parts are counted, not measured, so a count is exact or a part was lost
          // (a lost part of a few hundred an hour hides within 1%, as the simulator's job changes once did).
          expect(d, `${where} ${name}: got ${got}, ground truth ${expected}`).toBeLessThanOrEqual(kind === 'quantity' ? 0 : 0.01);
        };
        // State intervals per bucket, and the KPI record's time elements.
        for (const bucket of TIME_BUCKETS) check('time', `intervals ${bucket} ms`, h.buckets[bucket], t.bucketMs[bucket] ?? 0);
        const e = want.times;
        check('time', 'APT', ms(k.actualProductionTime), e.apt);
        check('time', 'AUST', ms(k.actualUnitSetupTime), e.aust);
        check('time', 'ADET', ms(k.actualUnitDelayTime), e.adet);
        check('time', 'ADOT', ms(k.actualUnitDownTime), e.adot);
        check('time', 'PDOT', ms(k.plannedDownTime), e.pdot);
        check('time', 'idle', ms(k.idleTime), e.idle);
        check('time', 'unknown', ms(k.unknownTime), e.unknown);
        check('time', 'PBT', ms(k.plannedBusyTime), e.pbt);
        check('time', 'AUBT', ms(k.actualUnitBusyTime), e.aubt);
        expect(ms(k.plannedOperationTime)).toBe(MS_PER_HOUR);
        // Hourly production count and the KPI record's quantities.
        for (const [name, got] of [
          ['count produced', h.count?.produced],
          ['count good', h.count?.good],
          ['count scrap', h.count?.scrap],
          ['PQ', Number(k.producedQuantity)],
          ['GQ', Number(k.goodQuantity)],
          ['SQ', Number(k.scrapQuantity)],
        ] as const) {
          const field = name.includes('produced') || name === 'PQ' ? 'produced' : name.includes('good') || name === 'GQ' ? 'good' : 'scrap';
          // An hour without a count is one the counters stood still in.
          check('quantity', name, got ?? (t[field] === 0 ? 0 : undefined), want.quantities[field]);
        }
        // Ratios (those the hour has a denominator for).
        for (const [name, expected] of Object.entries(want.ratios)) {
          if (!Number.isFinite(expected)) {
            expect(k[name as keyof Kpi__Output], `${where} ${name} unset`).toBeUndefined();
            continue;
          }
          check('ratio', name, k[name as keyof Kpi__Output] as number | undefined, expected);
        }
      }
    }
    // The seed was picked so the compared hours hold every kind of time and job changes of both kinds of machine.
    // Planned down time (maintenance) first falls in hour 5 with this seed, which a run does not always
    // reach: acceptance-capacity-week.test.ts compares hours with PDOT (and every other bucket but idle).
    expect([...bucketsSeen].sort()).toEqual(TIME_BUCKETS.filter((b) => b !== 'pdot').sort());
    expect(new Set(jobChanges.map((j) => j.split(' ')[0]!.replace(/\d+$/, '')))).toEqual(new Set(['CNC', 'Press', 'Line']));
    // What the agent got differs from the truth by at most this (relative); listed when not 0.
    console.info(
      `opcua kpi acceptance: ${[...stored.values()].filter((h) => h.kpi !== undefined).length} KPI records, job changes ${jobChanges.join(', ')}; worst deviation ${JSON.stringify(worst)}${report.length > 0 ? `\n${report.join('\n')}` : ''}`,
    );
  }, 150_000);
});
