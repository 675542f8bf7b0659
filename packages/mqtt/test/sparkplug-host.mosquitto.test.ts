import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPARKPLUG_DATA_TYPES as DT, createSparkplugHostSource, type SparkplugHostSource } from '../src/index.js';
import { collectingSink, eventually } from './support/sinks.js';
import { type TestEdgeNode, connectEdgeNode } from './support/sparkplug-edge-node.js';

/** A Mosquitto broker to test against, e.g. mqtt://127.0.0.1:1883; the tests skip when it is unset. */
const url = process.env.RONGTONG_TEST_MQTT_URL;
if (!url) console.log('mqtt: Sparkplug host Mosquitto test skipped: set RONGTONG_TEST_MQTT_URL, e.g. RONGTONG_TEST_MQTT_URL=mqtt://127.0.0.1:1883');

const FAST = { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 };
const T = Date.parse('2025-01-01T00:00:00Z');
/** Ids of this run only: the broker may be shared. */
const run = randomUUID().slice(0, 8);
const groupId = `rt-test-${run}`;
const hostId = `rt-host-${run}`;

describe.skipIf(!url)('Sparkplug B host application on Mosquitto (MQTT 5, RONGTONG_TEST_MQTT_URL)', () => {
  let observer: MqttClient;
  let source: SparkplugHostSource | undefined;
  let node: TestEdgeNode | undefined;

  beforeAll(async () => {
    observer = await mqtt.connectAsync(url!, { protocolVersion: 5, reconnectPeriod: 0 });
  });

  afterAll(async () => {
    await source?.stop();
    await node?.close();
    // Leave no retained STATE behind on a shared broker.
    await observer?.publishAsync(`spBv1.0/STATE/${hostId}`, '', { qos: 1, retain: true });
    await observer?.endAsync();
  });

  it('publishes its retained STATE, reads births and alias-only data, asks for a rebirth on a seq gap, marks the node stale on its death', async () => {
    const states: { online: boolean; timestamp: number }[] = [];
    observer.on('message', (_t, payload) => {
      if (payload.length > 0) states.push(JSON.parse(payload.toString()) as { online: boolean; timestamp: number });
    });
    await observer.subscribeAsync(`spBv1.0/STATE/${hostId}`, { qos: 1 });
    const sink = collectingSink();
    source = createSparkplugHostSource({ config: { id: 'mosquitto', url: url!, protocolVersion: 5, hostId, groups: [groupId], backoff: FAST }, sink });
    await source.start();
    await eventually('connected', () => source!.state === 'connected');
    await eventually('STATE birth', () => states.length === 1);
    expect(states[0]).toMatchObject({ online: true });

    node = await connectEdgeNode({ url: url!, groupId, edgeNodeId: 'GW', bdSeq: 1, protocolVersion: 5 });
    await node.nbirth([{ name: 'Uptime', alias: 1, datatype: DT.UInt64, value: { kind: 'long', value: 18446744073709551615n }, timestamp: T }]);
    await node.dbirth('Press', [{ name: 'State', alias: 2, datatype: DT.String, value: { kind: 'string', value: 'Idle' }, timestamp: T }]);
    await node.ddata('Press', [{ alias: 2, value: { kind: 'string', value: 'Execute' }, timestamp: T + 1000 }]);
    await eventually('three samples', () => sink.samples.length === 3);
    expect(sink.samples).toEqual([
      { signalId: `${groupId}/GW/Uptime`, sourceTime: T, value: 18446744073709551615n, quality: 'good' },
      { signalId: `${groupId}/GW/Press/State`, sourceTime: T, value: 'Idle', quality: 'good' },
      { signalId: `${groupId}/GW/Press/State`, sourceTime: T + 1000, value: 'Execute', quality: 'good' },
    ]);

    node.skip();
    await node.ddata('Press', [{ alias: 2, value: { kind: 'string', value: 'Held' }, timestamp: T + 2000 }]);
    await eventually('rebirth request', () => node!.rebirthRequests === 1);
    expect(source.stats()).toMatchObject({ seqGaps: 1, rebirthRequests: 1 });

    await node.drop(); // Mosquitto publishes the Will: NDEATH bdSeq 1
    await eventually('stale samples', () => sink.samples.length === 6);
    expect(sink.samples.slice(4).map((x) => [x.signalId, x.value, x.quality, x.sourceStatus])).toEqual([
      [`${groupId}/GW/Uptime`, undefined, 'bad', 500],
      [`${groupId}/GW/Press/State`, undefined, 'bad', 500],
    ]);
    node = undefined;
  });
});
