import { toMillis } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import type { GeneratorSourceConfigInput } from '../src/sources/generator/generator-config.js';
import type { GeneratorSource } from '../src/sources/generator/generator-source.js';
import { outboxEmpty, startTestAgent } from './support/agent-fixture.js';
import { expectGenerator } from './support/generator-expectations.js';
import { duplicateSamples, samplesOf, storedBatches } from './support/stored-batches.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

/** Samples the generator makes in all (3 signals × 1000). */
const COUNT = 3000;
/** Samples per batch: 10 time steps of the 3 signals, so a dropped batch holds whole time steps. */
const BATCH = 30;
/** The outbox quota: room for a handful of the ~100 batches. */
const MAX_BYTES = 16 * 1024;

const byTimeThenSignal = <T extends { sourceTime: number; signalId: string }>(a: T, b: T) =>
  a.sourceTime - b.sourceTime || a.signalId.localeCompare(b.signalId);

describe('acceptance: outbox quota while the platform is down', () => {
  const fixture = useTestPlatform();

  it('drops the oldest data, keeps running, and the platform later receives one gap record with the exact counts', async () => {
    const p = fixture.p;
    const enrolled = await p.enroll('quota');
    await p.stopPlatform();

    const generator: GeneratorSourceConfigInput = {
      id: 'gen',
      kind: 'generator',
      clock: 'simulated',
      startTime: '2025-01-01T00:00:00Z',
      rate: 10,
      count: COUNT,
      signals: [
        { id: 'm1/temp', pattern: { type: 'sine', amplitude: 30, offset: 50, period: '60s' } },
        { id: 'm1/count', pattern: { type: 'counter', ratePerSecond: 2 } },
        { id: 'm1/step', pattern: { type: 'sequence', values: ['a', 'b', 'c'] } },
      ],
    };
    const expected = expectGenerator(generator);
    const run = await startTestAgent(
      {
        agent: { name: 'quota' },
        sources: [generator],
        signals: expected.signalIds.map((id) => ({ id, equipment: 'm1', source: 'gen', semantic: 'measurement' })),
        equipment: [{ id: 'm1', name: 'Press' }],
        batching: { maxSamples: BATCH, maxDelayMs: 100 },
        outbox: { quota: { maxBytes: `${MAX_BYTES / 1024}KiB` }, durability: 'normal' },
        uplinks: [{ name: 'raw', platform: p.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: 500 } }],
      },
      { raw: enrolled },
      { drainMs: 1000 },
    );
    fixture.cleanups.push(run.close);
    const { agent } = run;
    const source = agent.sources[0] as GeneratorSource;
    const uplink = agent.uplinks.get('raw')!.uplink;

    // The generator runs to its count against the unreachable platform.
    await eventually('generator finished', () => source.state === 'closed', 10_000);
    await agent.pipeline.flush();
    const pipeline = agent.pipeline.stats();
    expect(source.error).toBeUndefined();
    expect(pipeline.samples).toBe(COUNT);
    expect(pipeline.errors).toEqual({ raw: 0 });
    expect(pipeline.enqueued.raw).toBe(pipeline.batches);

    const down = await run.backlog('raw');
    expect(down.dropped.batches).toBeGreaterThan(0);
    expect(down.dropped.samples).toBeGreaterThan(0);
    expect(down.dropped.samples).toBeLessThan(COUNT);
    expect(down.pendingRecords + down.dropped.batches).toBe(pipeline.batches);
    expect(down.pendingBytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(down.gapPending).toBe(true);
    expect(down.lastSealedSeq).toBe(0n);
    // The agent is still running: the uplink keeps trying, nothing failed.
    expect(uplink.state).not.toBe('closed');
    expect((await uplink.stats()).rejects).toEqual({});

    await p.restartPlatform();
    await eventually(
      'the backlog delivered',
      async () => {
        const s = await run.backlog('raw');
        return outboxEmpty(s) && !s.gapPending;
      },
      15_000,
    );
    expect(uplink.state).toBe('connected');
    const after = await run.backlog('raw');
    expect(after.dropped).toEqual(down.dropped);

    const batches = await storedBatches(p.store, enrolled.tenantId, enrolled.id);
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => BigInt(i + 1)));
    const gaps = batches.flatMap((b) => b.payload.gaps);
    expect(gaps).toHaveLength(1);
    const gap = gaps[0]!;
    // The gap comes first, in a batch of its own.
    expect(batches[0]!.payload.gaps).toEqual([gap]);
    expect(batches[0]!.payload.samples).toEqual([]);
    expect(gap.reason).toBe('GAP_REASON_OUTBOX_QUOTA');
    expect(gap.samplesDropped).toBe(String(down.dropped.samples));
    expect(gap.batchesDropped).toBe(String(down.dropped.batches));
    expect(gap.bytesDropped).toBe(String(down.dropped.bytes));
    expect([...gap.signalIds].sort()).toEqual([...expected.signalIds].sort());

    // Stored + dropped = produced, nothing twice, and what is missing is exactly the oldest
    // samples: the stored ones are the generator's output after the first `samples_dropped`.
    const samples = samplesOf(batches);
    expect(duplicateSamples(samples)).toEqual([]);
    expect(samples.length + down.dropped.samples).toBe(COUNT);
    const emitted = expected.emitted(COUNT);
    const kept = emitted.slice(down.dropped.samples);
    const dropped = emitted.slice(0, down.dropped.samples);
    expect(samples.map((s) => ({ signalId: s.signalId, sourceTime: s.sourceTime, value: s.value })).sort(byTimeThenSignal)).toEqual(
      [...kept].sort(byTimeThenSignal),
    );
    // The gap's time range [start, end) covers the dropped samples and ends before every stored one.
    expect(toMillis(gap.startTime)).toBe(dropped[0]!.sourceTime);
    expect(toMillis(gap.endTime)).toBe(Math.max(...dropped.map((s) => s.sourceTime)) + 1);
    expect(Math.min(...samples.map((s) => s.sourceTime))).toBeGreaterThanOrEqual(toMillis(gap.endTime));
  }, 30_000);
});
