import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAgentKeyPair } from '@rongtong/core';
import { batchPayloadCodec, toMillis } from '@rongtong/protocol';
import type { Logger } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Outbox, OutboxSharingLevel } from '../outbox/outbox.js';
import { EquipmentConfigSchema } from '../config/equipment-config.js';
import { createSqliteOutbox } from '../outbox/sqlite-outbox.js';
import type { Sample } from '../sources/sample.js';
import type { KpiUplinkDeriverState } from './kpi-uplink-deriver.js';
import { createPipeline } from './pipeline.js';
import { testSignals } from './test-support/pipeline-config.js';

const T = Date.UTC(2026, 0, 1, 10, 0, 0);
const MIN = 60_000;
const keys = generateAgentKeyPair();
const dirs: string[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  for (const outbox of outboxes.splice(0)) await outbox.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function outbox(dir: string, name: string, sharingLevel: OutboxSharingLevel): Outbox {
  const created = createSqliteOutbox({
    path: join(dir, `${name}.db`),
    agentId: 'agt-1',
    privateKeyPem: keys.privateKeyPem,
    sharingLevel,
    quota: { maxBytes: 100_000_000, maxAgeMs: 3_600_000 },
  });
  outboxes.push(created);
  return created;
}

/** A stream over 3 hours: the machine state every 7 min, counters every 5 min, a temperature every minute. */
function stream(): Sample[] {
  const states = ['Executing', 'NotExecuting', 'OutOfService'];
  const out: Sample[] = [];
  for (let m = 0; m < 180; m += 1) {
    const t = T + m * MIN;
    out.push({ signalId: 'm1/temp', sourceTime: t, value: 20 + m / 10, quality: 'good' });
    if (m % 7 === 0) out.push({ signalId: 'm1/state', sourceTime: t, value: states[(m / 7) % 3], quality: m === 49 ? 'bad' : 'good' });
    if (m % 5 === 0) out.push({ signalId: 'm1/produced', sourceTime: t, value: BigInt(m * 2), quality: 'good', sourceStatus: 0 });
  }
  return out;
}

type FakeLogger = Logger & { warn: ReturnType<typeof vi.fn>; error: ReturnType<typeof vi.fn> };
const fakeLogger = () => ({ warn: vi.fn(), error: vi.fn() }) as unknown as FakeLogger;

describe('createPipeline', () => {
  it('fans batches out to a raw and a kpi SQLite outbox: every sample exactly once in raw, none in kpi', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rongtong-pipeline-'));
    dirs.push(dir);
    const raw = outbox(dir, 'raw', 'SHARING_LEVEL_RAW');
    const kpi = outbox(dir, 'kpi', 'SHARING_LEVEL_KPI');
    const logger = fakeLogger();
    const pipeline = createPipeline({
      config: { signals: testSignals(), equipment: [], batching: { maxSamples: 50, maxDelayMs: 1000 } },
      uplinks: [
        { name: 'raw', sharingLevel: 'SHARING_LEVEL_RAW', outbox: raw },
        { name: 'kpi', sharingLevel: 'SHARING_LEVEL_KPI', outbox: kpi },
      ],
      logger,
      now: () => T + 200 * MIN,
    });
    const samples = stream();
    for (let i = 0; i < samples.length; i += 17) await pipeline.sink.write(samples.slice(i, i + 17));
    await pipeline.sink.write([{ signalId: 'ghost', sourceTime: T, value: 1, quality: 'good' }]);
    await pipeline.sink.write([{ signalId: 'ghost', sourceTime: T + 1, value: 2, quality: 'good' }]);
    await pipeline.close();

    const rawBatches = await raw.seal(1000, { now: T + 200 * MIN });
    const rawSamples = rawBatches.flatMap((b) => batchPayloadCodec.decode(b.payload).samples);
    const key = (signalId: string, t: number) => `${signalId}@${t}`;
    const expected = samples.map((s) => key(s.signalId, s.sourceTime)).sort();
    expect(rawSamples.map((s) => key(s.signalId, toMillis(s.sourceTime))).sort()).toEqual(expected);
    expect(rawBatches.reduce((n, b) => n + b.samples, 0)).toBe(samples.length);

    const kpiBatches = await kpi.seal(1000, { now: T + 200 * MIN });
    expect(kpiBatches.length).toBeGreaterThan(0);
    const kpiPayloads = kpiBatches.map((b) => batchPayloadCodec.decode(b.payload));
    expect(kpiPayloads.flatMap((p) => p.samples)).toHaveLength(0);
    expect(kpiPayloads.every((p) => p.sharingLevel === 'SHARING_LEVEL_KPI')).toBe(true);
    const intervals = kpiPayloads.flatMap((p) => p.stateIntervals);
    const unknown = intervals.filter((i) => i.bucket === 'TIME_BUCKET_UNKNOWN');
    expect(unknown.map((i) => [toMillis(i.startTime), toMillis(i.endTime), i.rawState])).toEqual([
      [T + 49 * MIN, T + 56 * MIN, ''],
    ]);
    // State samples run 0 … 175 min: everything ended before the last one is covered, without gaps.
    expect(intervals.map((i) => toMillis(i.endTime) - toMillis(i.startTime)).reduce((a, b) => a + b, 0)).toBe(175 * MIN);
    // Counter +10 every 5 min; hours 10:00 and 11:00 have ended (12:00 is still open).
    const counts = kpiPayloads.flatMap((p) => p.productionCounts);
    expect(counts.map((c) => [toMillis(c.startTime), c.producedQuantity])).toEqual([
      [T, 110],
      [T + 60 * MIN, 120],
    ]);
    // Hourly KPIs: 10:00 holds the counter's first reading (its baseline), so only 11:00 is
    // reported. States rotate every 7 min: 11:00 has APT 21, ADOT 21, ADET 18 min; PQ 120.
    const kpis = kpiPayloads.flatMap((p) => p.kpis);
    expect(kpis.map((k) => [toMillis(k.startTime), k.equipmentId, k.granularity, k.producedQuantity, k.availability, k.qualityRatio])).toEqual([
      [T + 60 * MIN, 'm1', 'PERIOD_GRANULARITY_HOUR', 120, 21 / 60, 1],
    ]);
    expect([kpis[0]?.actualProductionTime, kpis[0]?.actualUnitDownTime, kpis[0]?.actualUnitDelayTime].map(toMillis)).toEqual([21 * MIN, 21 * MIN, 18 * MIN]);
    expect(toMillis(kpis[0]?.computeTime)).toBe(T + 200 * MIN);
    // No equipment[] entry, so no ideal unit time: effectiveness and OEE are unset.
    expect([kpis[0]?.idealUnitTime, kpis[0]?.effectiveness, kpis[0]?.oee]).toEqual([null, undefined, undefined]);

    expect(pipeline.stats()).toEqual({
      samples: samples.length,
      unknownSamples: 2,
      batches: Math.ceil(samples.length / 50),
      enqueued: { raw: Math.ceil(samples.length / 50), kpi: kpiBatches.length },
      errors: { raw: 0, kpi: 0 },
      replayed: { raw: 0, kpi: 0 },
    });
    // Each outbox saved the newest source time per signal it accounts for; the kpi one its deriver's state too.
    const newest = { 'm1/temp': T + 179 * MIN, 'm1/state': T + 175 * MIN, 'm1/produced': T + 175 * MIN };
    expect(await raw.checkpoint()).toEqual({ sourceTimes: newest });
    const kpiCheckpoint = await kpi.checkpoint();
    expect(kpiCheckpoint.sourceTimes).toEqual(newest);
    const saved = JSON.parse(kpiCheckpoint.deriverState!) as KpiUplinkDeriverState;
    expect(Object.keys(saved.kpi.equipment)).toEqual(['m1']);
    expect(saved.kpi.periods.m1?.start).toBe(T + 120 * MIN);
    expect(saved.hours.equipment.m1).toMatchObject({ closedThrough: T + 120 * MIN, countThrough: T + 120 * MIN, stateThrough: T + 175 * MIN });
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('logs and counts a failing outbox and still delivers to the others; a capacity uplink saves its deriver state until an hour closes', async () => {
    const logger = fakeLogger();
    const enqueue = vi.fn(() => Promise.resolve());
    const capacity = vi.fn(() => Promise.resolve());
    const saveCheckpoint = vi.fn(() => Promise.resolve());
    const pipeline = createPipeline({
      config: { signals: testSignals(), equipment: [], batching: { maxSamples: 2, maxDelayMs: 1000 } },
      uplinks: [
        { name: 'broken', sharingLevel: 'SHARING_LEVEL_RAW', outbox: { enqueue: () => Promise.reject(new Error('disk full')), saveCheckpoint } },
        { name: 'ok', sharingLevel: 'SHARING_LEVEL_RAW', outbox: { enqueue, saveCheckpoint } },
        { name: 'cap', sharingLevel: 'SHARING_LEVEL_CAPACITY', outbox: { enqueue: capacity, saveCheckpoint } },
      ],
      logger,
      now: () => T,
    });
    await pipeline.sink.write([
      { signalId: 'm1/temp', sourceTime: T + 5, value: 1, quality: 'good' },
      { signalId: 'm1/temp', sourceTime: T + 9, value: 2, quality: 'good' },
    ]);
    await pipeline.close();
    expect(enqueue).toHaveBeenCalledTimes(1);
    expect(enqueue).toHaveBeenCalledWith(
      expect.any(Uint8Array),
      { samples: 2, firstTime: T + 5, lastTime: T + 9, signalIds: ['m1/temp'] },
      { sourceTimes: { 'm1/temp': T + 9 } },
    );
    expect(capacity).not.toHaveBeenCalled();
    expect(saveCheckpoint).toHaveBeenCalledWith({ sourceTimes: { 'm1/temp': T + 9 }, deriverState: expect.stringContaining('"capacity"') as unknown });
    expect(pipeline.stats().errors).toEqual({ broken: 1, ok: 0, cap: 0 });
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('sends a capacity uplink hourly capacity records only: USED is the hour\'s production, TOTAL = USED + UNUSED', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rongtong-pipeline-capacity-'));
    dirs.push(dir);
    const capacity = outbox(dir, 'capacity', 'SHARING_LEVEL_CAPACITY');
    const equipment = [EquipmentConfigSchema.parse({ id: 'm1', name: 'Lathe', idealUnitTimes: [{ idealUnitTime: 20_000 }] })];
    const pipeline = createPipeline({
      config: { signals: testSignals(), equipment, batching: { maxSamples: 30, maxDelayMs: 60_000 } },
      uplinks: [{ name: 'capacity', sharingLevel: 'SHARING_LEVEL_CAPACITY', outbox: capacity }],
      now: () => T + 200 * MIN,
    });
    const samples = stream();
    for (let i = 0; i < samples.length; i += 11) await pipeline.sink.write(samples.slice(i, i + 11));
    await pipeline.close();
    const payloads = (await capacity.seal(1000, { now: T + 200 * MIN })).map((b) => batchPayloadCodec.decode(b.payload));
    expect(payloads.every((p) => p.sharingLevel === 'SHARING_LEVEL_CAPACITY')).toBe(true);
    expect(payloads.flatMap((p) => [...p.samples, ...p.stateIntervals, ...p.productionCounts, ...p.kpis])).toEqual([]);
    const records = payloads.flatMap((p) => p.capacityRecords);
    // 10:00 holds the counter's first reading (its baseline): no figure; 11:00 closed; 12:00 is still open.
    const hours = [...new Set(records.map((r) => toMillis(r.startTime)))];
    expect(hours).toEqual([T + 60 * MIN]);
    const byType = Object.fromEntries(records.map((r) => [r.type, r.quantity?.value]));
    expect(byType.CAPACITY_TYPE_USED).toBe(120);
    expect(byType.CAPACITY_TYPE_TOTAL).toBeCloseTo(byType.CAPACITY_TYPE_USED! + byType.CAPACITY_TYPE_UNUSED!, 9);
    expect(records.map((r) => [r.scope?.level, r.scope?.id, r.granularity])).toEqual(Array(3).fill(['HIERARCHY_LEVEL_EQUIPMENT', 'm1', 'PERIOD_GRANULARITY_HOUR']));
  });

  it('after a crash, continues from each outbox checkpoint: raw holds every sample once, kpi derives what an uninterrupted run derives, KPIs included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rongtong-pipeline-crash-'));
    dirs.push(dir);
    const samples = stream();
    const config = { signals: testSignals(), equipment: [], batching: { maxSamples: 40, maxDelayMs: 60_000 } };
    const open = (name: string) => ({
      raw: outbox(dir, `${name}-raw`, 'SHARING_LEVEL_RAW'),
      kpi: outbox(dir, `${name}-kpi`, 'SHARING_LEVEL_KPI'),
    });
    const feed = async (pipeline: ReturnType<typeof createPipeline>, part: readonly Sample[]) => {
      for (let i = 0; i < part.length; i += 13) await pipeline.sink.write(part.slice(i, i + 13));
    };
    const kpiOf = async (o: Outbox) => {
      const payloads = (await o.seal(1000, { now: T })).map((b) => batchPayloadCodec.decode(b.payload));
      // compute_time is the wall clock of each run.
      const kpis = payloads.flatMap((p) => p.kpis.map(({ computeTime: _, ...k }) => k));
      return { intervals: payloads.flatMap((p) => p.stateIntervals), counts: payloads.flatMap((p) => p.productionCounts), kpis };
    };

    // Uninterrupted reference run.
    const reference = open('ref');
    const whole = createPipeline({ config, uplinks: lanesOf(reference) });
    await feed(whole, samples);
    await whole.close();

    // The crashed run: the first 150 samples, then the process dies with a batch still open.
    const crashed = open('crash');
    const first = createPipeline({ config, uplinks: lanesOf(crashed) });
    await feed(first, samples.slice(0, 150));
    expect(first.stats().batches).toBe(Math.floor(150 / 40));
    const checkpoints = { raw: await crashed.raw.checkpoint(), kpi: await crashed.kpi.checkpoint() };
    expect(checkpoints.raw.sourceTimes['m1/temp']).toBeLessThan(samples[149]!.sourceTime);
    const restarted = createPipeline({ config, uplinks: lanesOf(crashed, checkpoints) });
    // The source replays more than the outboxes miss (here: everything): what they hold is skipped.
    await feed(restarted, samples);
    await restarted.close();
    const held = samples.filter((s) => s.sourceTime <= (checkpoints.raw.sourceTimes[s.signalId] ?? -Infinity)).length;
    expect(held).toBe(3 * 40);

    const key = (s: { signalId: string; sourceTime: unknown }) => `${s.signalId}@${toMillis(s.sourceTime as Parameters<typeof toMillis>[0])}`;
    const rawSamples = (await crashed.raw.seal(1000, { now: T })).flatMap((b) => batchPayloadCodec.decode(b.payload).samples);
    expect(rawSamples.map(key).sort()).toEqual(samples.map((s) => `${s.signalId}@${s.sourceTime}`).sort());
    const kpiReference = await kpiOf(reference.kpi);
    expect(kpiReference.kpis.map((k) => toMillis(k.startTime))).toEqual([T + 60 * MIN]);
    expect(await kpiOf(crashed.kpi)).toEqual(kpiReference);
    expect(restarted.stats().replayed).toEqual({ raw: held, kpi: held });
  });
});

/** A raw and a kpi lane over `outboxes`, with their checkpoints when given. */
function lanesOf(
  outboxes: { raw: Outbox; kpi: Outbox },
  checkpoints?: { raw: Awaited<ReturnType<Outbox['checkpoint']>>; kpi: Awaited<ReturnType<Outbox['checkpoint']>> },
) {
  return [
    { name: 'raw', sharingLevel: 'SHARING_LEVEL_RAW' as const, outbox: outboxes.raw, ...(checkpoints ? { checkpoint: checkpoints.raw } : {}) },
    { name: 'kpi', sharingLevel: 'SHARING_LEVEL_KPI' as const, outbox: outboxes.kpi, ...(checkpoints ? { checkpoint: checkpoints.kpi } : {}) },
  ];
}
