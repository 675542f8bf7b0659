import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMqttJsonSource, type MqttJsonSource } from '../src/index.js';
import { collectingSink, eventually, stateRecorder } from './support/sinks.js';
import { type TestPublisher, connectPublisher } from './support/test-broker.js';

/** A Mosquitto (MQTT 5) broker to test against, e.g. mqtt://127.0.0.1:1883; the tests skip when it is unset. */
const url = process.env.RONGTONG_TEST_MQTT_URL;
if (!url) console.log('mqtt: Mosquitto (MQTT 5) tests skipped: set RONGTONG_TEST_MQTT_URL, e.g. RONGTONG_TEST_MQTT_URL=mqtt://127.0.0.1:1883');

const FAST = { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 };
/** Topics of this run only: the broker may be shared. */
const prefix = `rongtong-test/${randomUUID()}`;

describe.skipIf(!url)('MQTT JSON source on Mosquitto (MQTT 5, RONGTONG_TEST_MQTT_URL)', () => {
  let publisher: TestPublisher;
  const sources: MqttJsonSource[] = [];

  beforeAll(async () => {
    publisher = await connectPublisher(url!, { protocolVersion: 5 });
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    await publisher?.close();
  });

  it('delivers templated and exact-address samples over MQTT 5', async () => {
    const sink = collectingSink();
    const recorder = stateRecorder();
    const source = createMqttJsonSource({
      config: {
        id: 'mosquitto',
        url: url!,
        protocolVersion: 5,
        backoff: FAST,
        topics: [{ topic: `${prefix}/factory/{line}/{machine}/telemetry`, timestampPath: '$.ts', fields: [{ path: '$.good', signal: '{line}.{machine}/good', semantic: 'good_count' }] }],
      },
      signals: [{ id: 'press-1/state', address: { kind: 'mqtt', topic: `${prefix}/press/1`, jsonPath: '$.state' } }],
      sink,
      onStateChange: recorder.onStateChange,
    });
    sources.push(source);
    await source.start();
    await eventually('connected', () => source.state === 'connected');
    await publisher.publish(`${prefix}/factory/l1/m1/telemetry`, { ts: '2025-01-01T08:00:00+08:00', good: 5 });
    await publisher.publish(`${prefix}/press/1`, { state: 'Execute' });
    await eventually('two samples', () => sink.samples.length === 2);
    expect(sink.samples[0]).toEqual({ signalId: 'l1.m1/good', sourceTime: Date.parse('2025-01-01T00:00:00Z'), value: 5n, quality: 'good' });
    expect(sink.samples[1]).toMatchObject({ signalId: 'press-1/state', value: 'Execute', quality: 'good' });
    expect(recorder.states).toEqual(['connecting', 'connected']);
  });

  it('keeps a persistent session with session expiry: messages sent while stopped arrive after a restart', async () => {
    const config = {
      id: 'mosquitto-persistent',
      url: url!,
      protocolVersion: 5 as const,
      clientId: `rt-${randomUUID().slice(0, 8)}`,
      clean: false,
      sessionExpirySeconds: 60,
      qos: 1 as const,
      backoff: FAST,
    };
    const signals = [{ id: 'p', address: { kind: 'mqtt' as const, topic: `${prefix}/persistent`, jsonPath: '$.n' } }];
    const a = createMqttJsonSource({ config, signals, sink: collectingSink() });
    sources.push(a);
    await a.start();
    await eventually('connected', () => a.state === 'connected');
    await a.stop();
    for (const n of [1, 2, 3]) await publisher.publish(`${prefix}/persistent`, { n }, { qos: 1 });
    const sink = collectingSink();
    const b = createMqttJsonSource({ config: { ...config, sessionExpirySeconds: 0 }, signals, sink }); // ends the session when done
    sources.push(b);
    await b.start();
    await eventually('the messages of the gap', () => sink.samples.length === 3);
    expect(sink.samples.map((s) => s.value)).toEqual([1, 2, 3]);
  });
});
