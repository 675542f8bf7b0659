import { type SparkplugHostSource, type SparkplugMetricInput, SPARKPLUG_DATA_TYPES, decodeSparkplugPayload, encodeSparkplugPayload } from '@rongtong/mqtt';
import { toMillis } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEmpty, startTestAgent } from './support/agent-fixture.js';
import { type TestMqttBroker, startTestMqttBroker } from './support/mqtt-broker.js';
import { duplicateSamples, storedBatches, valueOf } from './support/stored-batches.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

/** 2025-03-01T08:00:00+08:00. */
const T = Date.parse('2025-03-01T00:00:00Z');
const { Boolean: BOOLEAN, Double: DOUBLE, Int64: INT64, String: STRING, UInt64: UINT64 } = SPARKPLUG_DATA_TYPES;

let broker: TestMqttBroker;
beforeAll(async () => {
  broker = await startTestMqttBroker();
});
afterAll(async () => {
  await broker.close();
});

/** An edge node that is not the agent's: Sparkplug B messages encoded with the codec, published through aedes (QoS 0, as Sparkplug data is). */
const edgeNode = {
  publish: (type: string, seq: number | undefined, metrics: SparkplugMetricInput[], device?: string) =>
    broker.publish(`spBv1.0/Plant1/${type}/GW1${device === undefined ? '' : `/${device}`}`, Buffer.from(encodeSparkplugPayload({ timestamp: T, metrics, ...(seq === undefined ? {} : { seq }) })), 0),
};

describe('agent with a sparkplug source (aedes broker, hand-written edge node, test platform)', () => {
  const fixture = useTestPlatform();

  it('stores exactly the values with aliases resolved and ids mapped, asks for a rebirth on a seq gap and an unknown alias, and marks the node stale on NDEATH', async () => {
    const platform = fixture.p;
    const enrolled = await platform.enroll('sparkplug-agent');
    const run = await startTestAgent(
      {
        agent: { name: 'sparkplug-agent' },
        sources: [{ id: 'plant', kind: 'sparkplug', url: broker.url, hostId: 'rongtong-test', groups: ['Plant1'], rebirthIntervalMs: 0, backoff: { initialMs: 20, maxMs: 200 } }],
        signals: [
          // Bound by exact address.
          { id: 'press-3/state', equipment: 'press-3', source: 'plant', semantic: 'machine_state', address: { kind: 'sparkplug', groupId: 'Plant1', edgeNodeId: 'GW1', deviceId: 'Press3', metricName: 'State' } },
          {
            id: 'press-3/good',
            equipment: 'press-3',
            source: 'plant',
            semantic: 'good_count',
            counter: { monotonic: true },
            address: { kind: 'sparkplug', groupId: 'Plant1', edgeNodeId: 'GW1', deviceId: 'Press3', metricName: 'Production/Good' },
          },
          // By the default signal id template {group}/{node}/{device}/{metric}: a device metric and one of the edge node.
          { id: 'Plant1/GW1/Press3/Process/Temperature', equipment: 'press-3', source: 'plant', semantic: 'measurement', unit: 'Cel' },
          { id: 'Plant1/GW1/CPU', equipment: 'Plant1.GW1', source: 'plant', semantic: 'measurement', unit: '%' },
        ],
        equipment: [
          { id: 'press-3', name: '3号冲压机', path: [{ level: 'line', id: 'Plant1', name: 'Plant1' }, { level: 'cell', id: 'Plant1.GW1', name: 'GW1' }] },
          { id: 'Plant1.GW1', name: 'GW1', path: [{ level: 'line', id: 'Plant1', name: 'Plant1' }] },
        ],
        batching: { maxSamples: 1000, maxDelayMs: 50 },
        outbox: { durability: 'normal' },
        uplinks: [{ name: 'raw', platform: platform.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: 500 } }],
      },
      { raw: enrolled },
      { drainMs: 1000 },
    );
    fixture.cleanups.push(run.close);
    const { agent } = run;
    const source = agent.sources[0] as SparkplugHostSource;
    expect(source.kind).toBe('sparkplug');
    const rebirths: { metric: string | undefined; value: unknown }[] = [];
    await new Promise<void>((resolve) =>
      broker.aedes.subscribe(
        'spBv1.0/Plant1/NCMD/GW1',
        (packet, done) => {
          const metric = decodeSparkplugPayload(packet.payload as Buffer).metrics[0];
          rebirths.push({ metric: metric?.name, value: metric?.value });
          done();
        },
        resolve,
      ),
    );
    await eventually('the sparkplug host connected and published its STATE', () => source.state === 'connected');

    await edgeNode.publish('NBIRTH', 0, [
      { name: 'bdSeq', datatype: INT64, value: { kind: 'long', value: 0n } },
      { name: 'Node Control/Rebirth', alias: 1, datatype: BOOLEAN, value: { kind: 'boolean', value: false } },
      { name: 'CPU', alias: 2, timestamp: T, datatype: DOUBLE, value: { kind: 'double', value: 12.5 } },
    ]);
    await edgeNode.publish(
      'DBIRTH',
      1,
      [
        { name: 'State', alias: 3, timestamp: T, datatype: STRING, value: { kind: 'string', value: 'Executing' } },
        { name: 'Production/Good', alias: 4, timestamp: T, datatype: UINT64, value: { kind: 'long', value: 100n } },
        { name: 'Process/Temperature', alias: 5, timestamp: T, datatype: DOUBLE, value: { kind: 'double', value: 21.5 } },
      ],
      'Press3',
    );
    // Data by alias only, as Tahu and most edge nodes send it.
    await edgeNode.publish('DDATA', 2, [{ alias: 4, timestamp: T + 1000, value: { kind: 'long', value: 101n } }, { alias: 5, timestamp: T + 1000, value: { kind: 'double', value: 22 } }], 'Press3');
    await edgeNode.publish('NDATA', 3, [{ alias: 2, timestamp: T + 1000, value: { kind: 'double', value: 13 } }]);
    // seq 4 never arrives: a gap. The message after it is still read, and a rebirth is requested.
    await edgeNode.publish('DDATA', 5, [{ alias: 3, timestamp: T + 2000, value: { kind: 'string', value: 'Stopped' } }], 'Press3');
    await eventually('a rebirth requested for the seq gap', () => rebirths.length === 1);
    // An alias the births did not announce: counted, dropped, another rebirth request.
    await edgeNode.publish('DDATA', 6, [{ alias: 99, timestamp: T + 3000, value: { kind: 'double', value: 1 } }], 'Press3');
    await eventually('a rebirth requested for the unknown alias', () => rebirths.length === 2);
    expect(rebirths).toEqual([
      { metric: 'Node Control/Rebirth', value: { kind: 'boolean', value: true } },
      { metric: 'Node Control/Rebirth', value: { kind: 'boolean', value: true } },
    ]);
    // The edge node dies (its Will, or its own NDEATH) with the bdSeq of its birth.
    const beforeDeath = Date.now();
    await edgeNode.publish('NDEATH', undefined, [{ name: 'bdSeq', datatype: INT64, value: { kind: 'long', value: 0n } }]);

    await eventually('every sample in the pipeline', () => agent.pipeline.stats().samples === 12);
    await agent.pipeline.flush();
    await eventually('the platform acknowledged everything', async () => outboxEmpty(await run.backlog('raw')));
    expect(source.stats()).toMatchObject({ births: 2, deaths: 1, seqGaps: 1, rebirthRequests: 2, staleSamples: 4, samples: 12, droppedSamples: 0 });
    expect(source.stats().payloadErrors).toMatchObject({ unknown_metric: 1, not_born: 0, bad_metric: 0, wrong_type: 0 });
    expect(source.counters?.()).toMatchObject({ births: 2, deaths: 1, seq_gaps: 1, rebirth_requests: 2, stale_samples: 4, payload_errors_unknown_metric: 1 });
    expect(agent.pipeline.stats()).toMatchObject({ samples: 12, unknownSamples: 0 });
    await agent.stop();

    const samples = (await storedBatches(platform.store, enrolled.tenantId, enrolled.id)).flatMap((b) => b.payload.samples);
    const stored = samples.map((s) => ({ signalId: s.signalId, sourceTime: toMillis(s.sourceTime), value: valueOf(s.value), quality: s.quality }));
    expect(duplicateSamples(stored.map((s) => ({ ...s, seq: 0n, historical: false })))).toEqual([]);
    const good = stored.filter((s) => s.quality === 'QUALITY_GOOD').map((s) => [s.signalId, s.sourceTime, s.value]);
    expect(good.sort(([a, ta], [b, tb]) => String(a).localeCompare(String(b)) || Number(ta) - Number(tb))).toEqual([
      ['Plant1/GW1/CPU', T, 12.5],
      ['Plant1/GW1/CPU', T + 1000, 13],
      ['Plant1/GW1/Press3/Process/Temperature', T, 21.5],
      ['Plant1/GW1/Press3/Process/Temperature', T + 1000, 22],
      ['press-3/good', T, 100n],
      ['press-3/good', T + 1000, 101n],
      ['press-3/state', T, 'Executing'],
      ['press-3/state', T + 2000, 'Stopped'],
    ]);
    // NDEATH: one bad-quality sample without a value per signal of the node and its device, at the time it arrived.
    const stale = stored.filter((s) => s.quality !== 'QUALITY_GOOD');
    expect(stale.map((s) => s.signalId).sort()).toEqual(['Plant1/GW1/CPU', 'Plant1/GW1/Press3/Process/Temperature', 'press-3/good', 'press-3/state']);
    for (const s of stale) {
      expect(s).toMatchObject({ quality: 'QUALITY_BAD', value: undefined });
      expect(s.sourceTime).toBeGreaterThanOrEqual(beforeDeath - 1000);
    }
  }, 20_000);
});
