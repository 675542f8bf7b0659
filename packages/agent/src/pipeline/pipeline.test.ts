import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAgentKeyPair } from '@rongtong/core';
import { batchPayloadCodec, toMillis } from '@rongtong/protocol';
import type { Logger } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Outbox, OutboxSharingLevel } from '../outbox/outbox.js';
import { createSqliteOutbox } from '../outbox/sqlite-outbox.js';
import type { Sample } from '../sources/sample.js';
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
      config: { signals: testSignals(), batching: { maxSamples: 50, maxDelayMs: 1000 } },
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

    expect(pipeline.stats()).toEqual({
      samples: samples.length,
      unknownSamples: 2,
      batches: Math.ceil(samples.length / 50),
      enqueued: { raw: Math.ceil(samples.length / 50), kpi: kpiBatches.length },
      errors: { raw: 0, kpi: 0 },
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('logs and counts a failing outbox and still delivers to the others; capacity uplinks get nothing yet', async () => {
    const logger = fakeLogger();
    const enqueue = vi.fn(() => Promise.resolve());
    const capacity = vi.fn(() => Promise.resolve());
    const pipeline = createPipeline({
      config: { signals: testSignals(), batching: { maxSamples: 2, maxDelayMs: 1000 } },
      uplinks: [
        { name: 'broken', sharingLevel: 'SHARING_LEVEL_RAW', outbox: { enqueue: () => Promise.reject(new Error('disk full')) } },
        { name: 'ok', sharingLevel: 'SHARING_LEVEL_RAW', outbox: { enqueue } },
        { name: 'cap', sharingLevel: 'SHARING_LEVEL_CAPACITY', outbox: { enqueue: capacity } },
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
    expect(enqueue).toHaveBeenCalledWith(expect.any(Uint8Array), { samples: 2, firstTime: T + 5, lastTime: T + 9, signalIds: ['m1/temp'] });
    expect(capacity).not.toHaveBeenCalled();
    expect(pipeline.stats().errors).toEqual({ broken: 1, ok: 0, cap: 0 });
    expect(logger.error).toHaveBeenCalledTimes(1);
  });
});
