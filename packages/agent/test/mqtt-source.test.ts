import type { MqttJsonSource } from '@rongtong/mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleValue } from '../src/sources/sample.js';
import { outboxEmpty, startTestAgent } from './support/agent-fixture.js';
import { type TestMqttBroker, startTestMqttBroker } from './support/mqtt-broker.js';
import { duplicateSamples, samplesOf, storedBatches } from './support/stored-batches.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

/** 2025-03-01T08:00:00+08:00. */
const T = Date.parse('2025-03-01T00:00:00Z');

let broker: TestMqttBroker;
beforeAll(async () => {
  broker = await startTestMqttBroker();
});
afterAll(async () => {
  await broker.close();
});

describe('agent with an mqtt source (aedes broker, test platform)', () => {
  const fixture = useTestPlatform();

  it('stores exactly the published samples of template and exact topics; malformed values are counted, nothing else is lost', async () => {
    const platform = fixture.p;
    const enrolled = await platform.enroll('mqtt-agent');
    const run = await startTestAgent(
      {
        agent: { name: 'mqtt-agent' },
        sources: [
          {
            id: 'workshop',
            kind: 'mqtt',
            url: broker.url,
            backoff: { initialMs: 20, maxMs: 200 },
            topics: [
              {
                topic: 'factory/{line}/{machine}/telemetry',
                equipment: '{machine}',
                timestampPath: '$.ts',
                fields: [
                  { path: '$.state', signal: '{machine}/state', semantic: 'machine_state' },
                  { path: '$.good', signal: '{machine}/good', semantic: 'good_count' },
                  { path: '$.temp', signal: '{machine}/temp', type: 'number' },
                ],
              },
              { topic: 'factory/{line}/{machine}/spindle', fields: [{ path: '$.points[*].v', signal: '{machine}/spindle', timestampPath: '$.points[*].t' }] },
            ],
          },
        ],
        signals: [
          { id: 'press-3/state', equipment: 'press-3', source: 'workshop', semantic: 'machine_state' },
          { id: 'press-3/good', equipment: 'press-3', source: 'workshop', semantic: 'good_count', counter: { monotonic: true } },
          { id: 'press-3/temp', equipment: 'press-3', source: 'workshop', semantic: 'measurement', unit: 'Cel' },
          { id: 'press-3/spindle', equipment: 'press-3', source: 'workshop', semantic: 'speed', unit: '/min' },
          {
            id: 'press-3/job',
            equipment: 'press-3',
            source: 'workshop',
            semantic: 'job',
            address: { kind: 'mqtt', topic: 'mes/press-3/order', jsonPath: '$.order.id', timestampJsonPath: '$.order.released' },
          },
        ],
        equipment: [{ id: 'press-3', name: '3号冲压机' }],
        batching: { maxSamples: 1000, maxDelayMs: 50 },
        outbox: { durability: 'normal' },
        uplinks: [{ name: 'raw', platform: platform.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: 500 } }],
      },
      { raw: enrolled },
      { drainMs: 1000 },
    );
    fixture.cleanups.push(run.close);
    const { agent } = run;
    const source = agent.sources[0] as MqttJsonSource;
    expect(source.kind).toBe('mqtt');
    await eventually('the mqtt source connected and subscribed', () => source.state === 'connected');

    // Template topics: seconds, milliseconds and ISO 8601 times; a counter as JSON number and as decimal text.
    await broker.publish('factory/l1/press-3/telemetry', { ts: T / 1000, state: 'Executing', good: 100, temp: 21.5 });
    await broker.publish('factory/l1/press-3/telemetry', { ts: T + 1000, state: 'Executing', good: 101, temp: 21.7 });
    await broker.publish('factory/l1/press-3/spindle', { points: [{ t: T + 500, v: 1200 }, { t: T + 1500, v: 1180.5 }] });
    // An exact topic + JSONPath.
    await broker.publish('mes/press-3/order', { order: { id: 'JOB-0042', released: '2025-03-01T07:59:00+08:00' } });
    // Malformed: not JSON at all; then a counter that is an object (its state and temp still count).
    await broker.publish('factory/l1/press-3/telemetry', 'not json {');
    await broker.publish('factory/l1/press-3/telemetry', { ts: '2025-03-01T08:00:02+08:00', state: 'Stopped', good: '102', temp: 22 });
    await broker.publish('factory/l1/press-3/telemetry', { ts: T + 3000, state: 'Executing', good: { n: 103 }, temp: 22.1 });
    // A machine the config does not declare: its samples reach the pipeline and are dropped as unknown.
    await broker.publish('factory/l1/press-9/telemetry', { ts: T, state: 'Executing', good: 5, temp: 30 });

    await eventually('every message read', () => source.stats().messages === 8);
    await eventually('every declared sample in the pipeline', () => agent.pipeline.stats().samples === 14);
    await agent.pipeline.flush();
    await eventually('the platform acknowledged everything', async () => outboxEmpty(await run.backlog('raw')));

    expect(source.stats()).toMatchObject({
      messages: 8,
      unmatchedMessages: 0,
      samples: 17,
      droppedSamples: 0,
      payloadErrors: { not_json: 1, path_not_found: 0, wrong_type: 1, bad_timestamp: 0, invalid_signal_id: 0 },
    });
    expect(agent.pipeline.stats()).toMatchObject({ samples: 14, unknownSamples: 3, errors: { raw: 0 } });
    await agent.stop();

    const stored = samplesOf(await storedBatches(platform.store, enrolled.tenantId, enrolled.id));
    expect(duplicateSamples(stored)).toEqual([]);
    const got = stored
      .map((s) => [s.signalId, s.sourceTime, s.value] as [string, number, SampleValue | undefined])
      .sort(([a, ta], [b, tb]) => a.localeCompare(b) || ta - tb);
    expect(got).toEqual([
      ['press-3/good', T, 100n],
      ['press-3/good', T + 1000, 101n],
      ['press-3/good', T + 2000, 102n],
      ['press-3/job', T - 60_000, 'JOB-0042'],
      ['press-3/spindle', T + 500, 1200],
      ['press-3/spindle', T + 1500, 1180.5],
      ['press-3/state', T, 'Executing'],
      ['press-3/state', T + 1000, 'Executing'],
      ['press-3/state', T + 2000, 'Stopped'],
      ['press-3/state', T + 3000, 'Executing'],
      ['press-3/temp', T, 21.5],
      ['press-3/temp', T + 1000, 21.7],
      ['press-3/temp', T + 2000, 22],
      ['press-3/temp', T + 3000, 22.1],
    ]);
  }, 20_000);
});
