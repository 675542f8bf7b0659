import { MACHINERY_STATE_MAPPING, MS_PER_HOUR, enumToProto } from '@rongtong/core';
import { toMillis } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import type { GeneratorSourceConfigInput } from '../src/sources/generator/generator-config.js';
import type { GeneratorSource } from '../src/sources/generator/generator-source.js';
import { outboxEmpty, startTestAgent } from './support/agent-fixture.js';
import { expectGenerator, type GeneratedSample } from './support/generator-expectations.js';
import { duplicateSamples, samplesBySignal, samplesOf, storedBatches } from './support/stored-batches.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

/** Source time the generator spans: four whole hours and half of a fifth. */
const SPAN_S = 4.5 * 3600;
/** One sample per second per signal, three signals. */
const PER_SIGNAL = SPAN_S;
const COUNT = 3 * PER_SIGNAL;

const hourOf = (t: number): number => Math.floor(t / MS_PER_HOUR) * MS_PER_HOUR;

/**
 * The state intervals a `machine_state` signal's samples end: an interval ends at each change
 * of state and at each hour boundary, up to the last sample; what is open then is not reported.
 */
function expectedIntervals(samples: readonly GeneratedSample[]) {
  const last = samples.at(-1)!.sourceTime;
  const ends = new Set<number>();
  samples.forEach((s, i) => {
    if (i > 0 && s.value !== samples[i - 1]!.value) ends.add(s.sourceTime);
  });
  for (let h = hourOf(samples[0]!.sourceTime) + MS_PER_HOUR; h <= last; h += MS_PER_HOUR) ends.add(h);
  const bounds = [samples[0]!.sourceTime, ...[...ends].sort((a, b) => a - b)];
  const stateAt = (t: number) => String(samples.findLast((s) => s.sourceTime <= t)!.value);
  return bounds.slice(0, -1).map((start, i) => {
    const rawState = stateAt(start);
    const bucket = MACHINERY_STATE_MAPPING.states[rawState];
    if (bucket === undefined) throw new Error(`the test uses a state the Machinery mapping does not know: ${rawState}`);
    return { start, end: bounds[i + 1]!, rawState, bucket: enumToProto('TIME_BUCKET', bucket) };
  });
}

/**
 * The production of every completed hour of a monotonic counter's samples (an hour is
 * complete once a later hour has counter data): the counter's increase within the hour,
 * from the last reading before it (or the first reading) to the last reading in it.
 */
function expectedHourlyCounts(samples: readonly GeneratedSample[]) {
  const hours = [...new Set(samples.map((s) => hourOf(s.sourceTime)))].sort((a, b) => a - b);
  const reading = (before: number) => Number(samples.findLast((s) => s.sourceTime < before)?.value ?? samples[0]!.value);
  return hours.slice(0, -1).map((start) => ({ start, end: start + MS_PER_HOUR, quantity: reading(start + MS_PER_HOUR) - reading(start) }));
}

describe('acceptance: two uplinks, raw and kpi, to two platforms', () => {
  const rawFixture = useTestPlatform();
  const kpiFixture = useTestPlatform();

  it('the kpi platform stores state intervals and hourly production but no sample; the raw platform stores every sample', async () => {
    const rawPlatform = rawFixture.p;
    const kpiPlatform = kpiFixture.p;
    const rawAgent = await rawPlatform.enroll('sharing-raw');
    const kpiAgent = await kpiPlatform.enroll('sharing-kpi');
    const generator: GeneratorSourceConfigInput = {
      id: 'gen',
      kind: 'generator',
      clock: 'simulated',
      startTime: '2025-01-01T00:00:00Z',
      rate: 1,
      count: COUNT,
      signals: [
        {
          id: 'm1/state',
          pattern: {
            type: 'state-cycle',
            states: [
              { state: 'Executing', durationMs: 25 * 60_000 },
              { state: 'NotExecuting', durationMs: 5 * 60_000 },
              { state: 'OutOfService', durationMs: 10 * 60_000 },
            ],
          },
        },
        { id: 'm1/good', pattern: { type: 'counter', ratePerSecond: 0.5 } },
        { id: 'm1/temp', pattern: { type: 'sine', amplitude: 5, offset: 60, period: '10m' } },
      ],
    };
    const expected = expectGenerator(generator);
    const run = await startTestAgent(
      {
        agent: { name: 'sharing' },
        sources: [generator],
        signals: [
          { id: 'm1/state', equipment: 'm1', source: 'gen', semantic: 'machine_state' },
          { id: 'm1/good', equipment: 'm1', source: 'gen', semantic: 'good_count', counter: { monotonic: true } },
          { id: 'm1/temp', equipment: 'm1', source: 'gen', semantic: 'measurement', unit: 'Cel' },
        ],
        equipment: [{ id: 'm1', name: 'Packer' }],
        batching: { maxSamples: 1000, maxDelayMs: 100 },
        outbox: { durability: 'normal' },
        uplinks: [
          { name: 'raw', platform: rawPlatform.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: 500 } },
          { name: 'kpi', platform: kpiPlatform.address, sharing: 'kpi', tls: false, insecure: true, backoff: { initial: 50, max: 500 } },
        ],
      },
      { raw: rawAgent, kpi: kpiAgent },
      { drainMs: 1000 },
    );
    rawFixture.cleanups.push(run.close);
    const { agent } = run;
    const source = agent.sources[0] as GeneratorSource;

    await eventually('generator finished', () => source.state === 'closed', 15_000);
    await agent.pipeline.flush();
    expect(source.error).toBeUndefined();
    expect(agent.pipeline.stats().samples).toBe(COUNT);
    expect(agent.pipeline.stats().errors).toEqual({ raw: 0, kpi: 0 });
    await eventually('both uplinks delivered', async () => outboxEmpty(await run.backlog('raw')) && outboxEmpty(await run.backlog('kpi')), 15_000);
    await agent.stop();

    // The kpi platform: KPI-level batches only, not one sample, but intervals and counts.
    const kpiBatches = await storedBatches(kpiPlatform.store, kpiAgent.tenantId, kpiAgent.id);
    expect(kpiBatches.length).toBeGreaterThan(0);
    expect(kpiBatches.every((b) => b.sharingLevel === 'kpi' && b.payload.sharingLevel === 'SHARING_LEVEL_KPI')).toBe(true);
    expect(kpiBatches.reduce((n, b) => n + b.payload.samples.length, 0)).toBe(0);
    const intervals = kpiBatches.flatMap((b) => b.payload.stateIntervals);
    const counts = kpiBatches.flatMap((b) => b.payload.productionCounts);
    expect(intervals.length).toBeGreaterThan(0);
    expect(counts.length).toBeGreaterThan(0);
    expect(kpiBatches.flatMap((b) => b.payload.gaps)).toEqual([]);

    // The intervals are exactly those the state signal's changes and the hour boundaries end.
    const stateSamples = expected.samplesOf('m1/state', PER_SIGNAL);
    expect(
      intervals
        .map((i) => ({ start: toMillis(i.startTime), end: toMillis(i.endTime), rawState: i.rawState, bucket: i.bucket, equipmentId: i.equipmentId }))
        .sort((a, b) => a.start - b.start),
    ).toEqual(expectedIntervals(stateSamples).map((i) => ({ ...i, equipmentId: 'm1' })));

    // Hourly production adds up to the counter's increase over the completed hours (the last,
    // half hour has no later counter data, so it is not reported).
    const hourly = expectedHourlyCounts(expected.samplesOf('m1/good', PER_SIGNAL));
    expect(hourly).toHaveLength(Math.floor(SPAN_S / 3600));
    const got = counts
      .map((c) => ({ equipmentId: c.equipmentId, start: toMillis(c.startTime), end: toMillis(c.endTime), produced: c.producedQuantity, good: c.goodQuantity, scrap: c.scrapQuantity, rework: c.reworkQuantity }))
      .sort((a, b) => a.start - b.start);
    expect(got).toEqual(hourly.map((h) => ({ equipmentId: 'm1', start: h.start, end: h.end, produced: h.quantity, good: h.quantity, scrap: 0, rework: 0 })));
    const counter = expected.samplesOf('m1/good', PER_SIGNAL);
    const lastCompleted = hourly.at(-1)!.end;
    const increase = Number(counter.findLast((s) => s.sourceTime < lastCompleted)!.value) - Number(counter[0]!.value);
    expect(got.reduce((n, c) => n + c.good, 0)).toBe(increase);

    // The raw platform: RAW batches with every sample, once.
    const rawBatches = await storedBatches(rawPlatform.store, rawAgent.tenantId, rawAgent.id);
    expect(rawBatches.every((b) => b.sharingLevel === 'raw' && b.payload.sharingLevel === 'SHARING_LEVEL_RAW')).toBe(true);
    const samples = samplesOf(rawBatches);
    expect(samples.length).toBe(COUNT);
    expect(duplicateSamples(samples)).toEqual([]);
    const bySignal = samplesBySignal(samples);
    for (const id of expected.signalIds) {
      const list = (bySignal.get(id) ?? []).map((s) => ({ signalId: s.signalId, sourceTime: s.sourceTime, value: s.value }));
      expect(list, id).toEqual(expected.samplesOf(id, PER_SIGNAL));
    }
  }, 30_000);
});
