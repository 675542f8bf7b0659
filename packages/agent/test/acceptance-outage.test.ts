import { toMillis } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIVE_WINDOW_MS } from '../src/outbox/sqlite-outbox-options.js';
import type { GeneratorSourceConfigInput } from '../src/sources/generator/generator-config.js';
import type { GeneratorSource } from '../src/sources/generator/generator-source.js';
import { DEFAULT_HISTORICAL_BATCHES_PER_SECOND } from '../src/uplink/uplink-options.js';
import { outboxEmpty, startTestAgent, type TestAgentRun } from './support/agent-fixture.js';
import { expectGenerator } from './support/generator-expectations.js';
import { duplicateSamples, samplesBySignal, samplesOf, storedBatches, type StoredBatch } from './support/stored-batches.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

/** Samples per second per signal (4 signals: 2000 samples/s in all). */
const RATE = 500;
/** Samples per batch: 20 batches a second, so an outage leaves many batches behind. */
const BATCH = 100;
/**
 * How long the platform is down. Records older than the outbox's live window are backlog
 * (sent `historical`, paced by the uplink); the outage must outlast that window so that the
 * oldest ~2.5 s of it (~50 batches, more the longer the reconnect takes) are backlog when the
 * platform is back.
 */
const OUTAGE_MS = DEFAULT_LIVE_WINDOW_MS + 2500;
/**
 * Generous bound for the first live batch after the restart. The reconnect is slower than the
 * uplink's own backoff (max 500 ms here): the gRPC channel's internal reconnect backoff
 * (1 s × 1.6ⁿ, jittered) decides when the agent notices the platform is back, up to ~6.5 s
 * after a 12.5 s outage.
 */
const LIVE_WITHIN_MS = 10_000;

describe('acceptance: platform outage while data flows', () => {
  const fixture = useTestPlatform();

  it('after the platform restarts, live samples are committed before the backlog has drained, and every sample is stored exactly once', async () => {
    const p = fixture.p;
    const enrolled = await p.enroll('outage');
    const generator: GeneratorSourceConfigInput = {
      id: 'gen',
      kind: 'generator',
      clock: 'real',
      startTime: Date.now() + 200,
      rate: RATE,
      signals: [
        { id: 'm1/temp', pattern: { type: 'sine', amplitude: 30, offset: 50, period: '7s' } },
        { id: 'm1/speed', pattern: { type: 'random-walk', start: 100, step: 2, min: 0, max: 200 } },
        { id: 'm1/count', pattern: { type: 'counter', ratePerSecond: 3 } },
        { id: 'm1/step', pattern: { type: 'sequence', values: [1, 2, 3, 4, 5], integer: true } },
      ],
    };
    const expected = expectGenerator(generator);
    const run: TestAgentRun = await startTestAgent(
      {
        agent: { name: 'outage' },
        sources: [generator],
        signals: expected.signalIds.map((id) => ({ id, equipment: 'm1', source: 'gen', semantic: 'measurement' })),
        equipment: [{ id: 'm1', name: 'Press' }],
        batching: { maxSamples: BATCH, maxDelayMs: 100 },
        outbox: { durability: 'normal' },
        uplinks: [{ name: 'raw', platform: p.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: 500 } }],
      },
      { raw: enrolled },
      { drainMs: 1000 },
    );
    fixture.cleanups.push(run.close);
    const { agent } = run;
    const stored = (from = 1n) => storedBatches(p.store, enrolled.tenantId, enrolled.id, from);

    // Live delivery before the outage.
    await eventually('live batches before the outage', async () => (await stored()).length >= 10, 10_000);

    await p.stopPlatform();
    const outageStart = Date.now();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const beforeRestart = await run.backlog('raw');
    expect(beforeRestart.oldestPendingTime).toBeLessThan(Date.now() - DEFAULT_LIVE_WINDOW_MS); // a backlog exists
    const restartAt = Date.now();
    await p.restartPlatform();

    // The first live batch carrying data produced after the restart.
    let seen = 0n;
    let firstLive: StoredBatch | undefined;
    await eventually(
      'a live batch with samples from after the restart',
      async () => {
        for (const b of await stored(seen + 1n)) {
          seen = b.seq;
          if (!b.historical && b.payload.samples.some((s) => toMillis(s.sourceTime) > restartAt)) firstLive ??= b;
        }
        return firstLive !== undefined;
      },
      LIVE_WITHIN_MS + 5000,
    );

    // Let the backlog drain with live data still flowing, then stop producing and deliver the rest.
    await eventually(
      'the backlog sealed',
      async () => {
        const s = await run.backlog('raw');
        return s.oldestPendingTime === undefined || s.oldestPendingTime >= Date.now() - DEFAULT_LIVE_WINDOW_MS;
      },
      15_000,
    );
    const source = agent.sources[0] as GeneratorSource;
    await source.stop();
    await agent.pipeline.flush();
    const produced = agent.pipeline.stats().samples;
    expect(source.emitted).toBe(produced);
    expect(source.error).toBeUndefined();
    expect(agent.pipeline.stats().errors).toEqual({ raw: 0 });
    await eventually('everything acknowledged', async () => outboxEmpty(await run.backlog('raw')), 10_000);
    await agent.stop();

    const batches = await stored();
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => BigInt(i + 1)));
    const historical = batches.filter((b) => b.historical);
    const lastHistorical = historical.at(-1);

    // (a) Live data is not stuck behind the backlog: the backlog was substantial (more than
    // twice the pacer's one-second burst), and a live batch with post-restart samples was
    // committed before the last historical batch.
    expect(historical.length).toBeGreaterThan(2 * DEFAULT_HISTORICAL_BATCHES_PER_SECOND);
    expect(historical.every((b) => b.commitTime >= restartAt)).toBe(true);
    expect(firstLive).toBeDefined();
    expect(lastHistorical).toBeDefined();
    expect(firstLive!.seq).toBeLessThan(lastHistorical!.seq);
    expect(firstLive!.commitTime - restartAt).toBeLessThan(LIVE_WITHIN_MS);
    // Historical batches hold outage data only (produced while the platform was down).
    const historicalTimes = samplesOf(historical).map((s) => s.sourceTime);
    expect(Math.max(...historicalTimes)).toBeLessThan(restartAt);
    expect(Math.min(...historicalTimes)).toBeGreaterThanOrEqual(outageStart - 2000);

    // (b) Every sample produced is stored exactly once: per signal the contiguous sequence
    // k = 0 … n − 1 with the generator's source times and values; no duplicates, no holes.
    const samples = samplesOf(batches);
    expect(duplicateSamples(samples)).toEqual([]);
    expect(samples.length).toBe(produced);
    const bySignal = samplesBySignal(samples);
    expect([...bySignal.keys()].sort()).toEqual([...expected.signalIds].sort());
    // All signals share one rate and the generator stops between time steps: equal counts.
    expect(new Set([...bySignal.values()].map((list) => list.length)).size).toBe(1);
    for (const id of expected.signalIds) {
      const got = bySignal.get(id)!.map((s) => ({ signalId: s.signalId, sourceTime: s.sourceTime, value: s.value }));
      expect(got, id).toEqual(expected.samplesOf(id, got.length));
    }
  }, 45_000);
});
