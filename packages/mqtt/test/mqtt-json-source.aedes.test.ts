import { type AddressInfo, type Socket, createServer } from 'node:net';
import type { Sample } from '@rongtong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMqttJsonSource, type DiscoveredMqttSignal, type MqttJsonSource, type MqttJsonSourceOptions } from '../src/index.js';
import { collectingSink, eventually, memoryLogger, stateRecorder } from './support/sinks.js';
import { type TestBroker, type TestPublisher, closedPort, connectPublisher, startTestBroker } from './support/test-broker.js';

const T = Date.parse('2025-01-01T00:00:00Z');
const FAST = { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 };

let broker: TestBroker;
let publisher: TestPublisher;
const sources: MqttJsonSource[] = [];

/** Makes a source against the shared broker (stopped after all tests). */
function source(options: Omit<MqttJsonSourceOptions, 'config'> & { config: Partial<MqttJsonSourceOptions['config']> & { id: string } }): MqttJsonSource {
  const s = createMqttJsonSource({ ...options, config: { url: broker.url, backoff: FAST, ...options.config } });
  sources.push(s);
  return s;
}

async function started(s: MqttJsonSource): Promise<MqttJsonSource> {
  await s.start();
  await eventually(`${s.id} connected`, () => s.state === 'connected');
  return s;
}

beforeAll(async () => {
  broker = await startTestBroker();
  publisher = await connectPublisher(broker.url);
});

afterAll(async () => {
  await Promise.all(sources.map((s) => s.stop()));
  await publisher.close();
  await broker.close();
});

describe('MQTT JSON source on aedes (MQTT 3.1.1)', () => {
  it('delivers the exact samples of several topics: template ids, s / ms / ISO times, arrays of points, exact addresses', async () => {
    const sink = collectingSink();
    const discovered: DiscoveredMqttSignal[] = [];
    const s = await started(
      source({
        config: {
          id: 'delivery',
          topics: [
            {
              topic: 'd/factory/{line}/{machine}/telemetry',
              equipment: '{machine}',
              timestampPath: '$.ts',
              fields: [
                { path: '$.state', signal: '{machine}/state', semantic: 'machine_state' },
                { path: '$.counters.good', signal: '{machine}/good', semantic: 'good_count' },
                { path: '$.temp', signal: '{machine}/temp' },
              ],
            },
            { topic: 'd/factory/{line}/{machine}/batch', fields: [{ path: '$.points[*].v', signal: '{line}.{machine}/load', timestampPath: '$.points[*].t' }] },
          ],
        },
        signals: [{ id: 'press-1/state', semantic: 'machine_state', address: { kind: 'mqtt', topic: 'd/press/1/status', jsonPath: '$.state', timestampJsonPath: '$.time' } }],
        sink,
        onSignalDiscovered: (d) => discovered.push(d),
      }),
    );
    await publisher.publish('d/factory/l1/m1/telemetry', { ts: T / 1000, state: 'Executing', counters: { good: 120 }, temp: 21.5 });
    await publisher.publish('d/factory/l1/m2/telemetry', { ts: T + 1000, state: 'Stopped', counters: { good: '9007199254740993' }, temp: -3 });
    await publisher.publish('d/factory/l2/m3/batch', {
      points: [
        { t: '2025-01-01T08:00:02+08:00', v: 0.7 },
        { t: '2025-01-01T00:00:01.500Z', v: 0.5 },
      ],
    });
    await publisher.publish('d/press/1/status', { state: 'Held', time: '2025-01-01T00:00:03Z' });
    await eventually('4 writes', () => sink.writes.length === 4);
    const byFirstSignal = [...sink.writes].sort((a, b) => a[0]!.signalId.localeCompare(b[0]!.signalId));
    const good = (signalId: string, sourceTime: number, value: Sample['value']): Sample => ({ signalId, sourceTime, value, quality: 'good' });
    expect(byFirstSignal).toEqual([
      [good('l2.m3/load', T + 1500, 0.5), good('l2.m3/load', T + 2000, 0.7)],
      [good('m1/state', T, 'Executing'), good('m1/good', T, 120n), good('m1/temp', T, 21.5)],
      [good('m2/state', T + 1000, 'Stopped'), good('m2/good', T + 1000, 9007199254740993n), good('m2/temp', T + 1000, -3)],
      [good('press-1/state', T + 3000, 'Held')],
    ]);
    expect(discovered.map((d) => [d.signalId, d.equipmentId])).toEqual([
      ['m1/state', 'm1'],
      ['m1/good', 'm1'],
      ['m1/temp', 'm1'],
      ['m2/state', 'm2'],
      ['m2/good', 'm2'],
      ['m2/temp', 'm2'],
      ['l2.m3/load', undefined],
    ]);
    expect(s.stats()).toMatchObject({ messages: 4, samples: 9, droppedSamples: 0, queuedSamples: 0, connections: 1 });
  });

  it('counts and logs malformed payloads once per topic and reason, while other topics keep flowing', async () => {
    const sink = collectingSink();
    const logger = memoryLogger();
    const s = await started(
      source({
        config: { id: 'malformed', topics: [{ topic: 'm/bad/{kind}', fields: [{ path: '$.v', signal: 'bad-{kind}' }] }] },
        signals: [
          { id: 'good', address: { kind: 'mqtt', topic: 'm/good', jsonPath: '$.v' } },
          { id: 'timed', address: { kind: 'mqtt', topic: 'm/timed', jsonPath: '$.v', timestampJsonPath: '$.ts' } },
        ],
        sink,
        logger,
      }),
    );
    const bad: [string, unknown][] = [
      ['m/bad/text', 'not json {'],
      ['m/bad/missing', { w: 1 }],
      ['m/bad/object', { v: { nested: true } }],
      ['m/timed', { v: 1, ts: 'yesterday' }],
      ['m/bad/text', '<xml/>'],
      ['m/bad/missing', {}],
      ['m/bad/text', Buffer.from([0xc3, 0x28])],
    ];
    for (const [i, [topic, payload]] of bad.entries()) {
      await publisher.publish('m/good', { v: i });
      await publisher.publish(topic, payload);
    }
    await publisher.publish('m/good', { v: bad.length });
    await eventually('all good values', () => sink.samples.length === bad.length + 1);
    await eventually('all messages', () => s.stats().messages === 2 * bad.length + 1);
    expect(sink.samples.map((x) => [x.signalId, x.value])).toEqual(Array.from({ length: bad.length + 1 }, (_, i) => ['good', i]));
    expect(s.stats().payloadErrors).toEqual({ not_json: 3, path_not_found: 2, wrong_type: 1, bad_timestamp: 1, invalid_signal_id: 0 });
    const warned = logger.records.filter((r) => r.level === 'warn' && r.obj.reason !== undefined).map((r) => [r.obj.topic, r.obj.reason]);
    expect(warned).toEqual([
      ['m/bad/text', 'not_json'],
      ['m/bad/missing', 'path_not_found'],
      ['m/bad/object', 'wrong_type'],
      ['m/timed', 'bad_timestamp'],
    ]);
    expect(logger.records.filter((r) => r.level === 'debug' && r.obj.reason !== undefined)).toHaveLength(3); // the repeats
    expect(s.state).toBe('connected');
  });

  it('delivers every QoS 1 and QoS 2 message once and in order, subscribing with the configured QoS', async () => {
    const granted: [string, number][] = [];
    const onSubscribe = (subs: { topic: string; qos: number }[]) => granted.push(...subs.map((x): [string, number] => [x.topic, x.qos]));
    broker.aedes.on('subscribe', onSubscribe);
    try {
      const sink1 = collectingSink();
      const sink2 = collectingSink();
      await started(source({ config: { id: 'qos1', qos: 1 }, signals: [{ id: 'q1', address: { kind: 'mqtt', topic: 'q/one', jsonPath: '$.n' } }], sink: sink1 }));
      await started(
        source({ config: { id: 'qos2', qos: 0, topics: [{ topic: 'q/{x}', qos: 2, fields: [{ path: '$.n', signal: '{x}' }] }] }, sink: sink2 }),
      );
      const n = 40;
      for (let i = 1; i <= n; i += 1) await publisher.publish('q/one', { n: i }, { qos: 1 });
      for (let i = 1; i <= n; i += 1) await publisher.publish('q/two', { n: i }, { qos: 2 });
      await eventually('QoS 1 messages', () => sink1.samples.length === n);
      await eventually('QoS 2 messages', () => sink2.samples.filter((x) => x.signalId === 'two').length === n);
      expect(sink1.samples.map((x) => x.value)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(sink2.samples.filter((x) => x.signalId === 'two').map((x) => x.value)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(granted).toEqual(expect.arrayContaining([['q/one', 1], ['q/+', 2]]));
    } finally {
      broker.aedes.removeListener('subscribe', onSubscribe);
    }
  });

  it('with a persistent session (clean: false, QoS 1), gets the messages published while it was stopped', async () => {
    const config = { id: 'persistent', clientId: 'rt-persist-test', clean: false, qos: 1 as const };
    const signals = [{ id: 'p', address: { kind: 'mqtt' as const, topic: 'p/value', jsonPath: '$.n' } }];
    const first = collectingSink();
    const a = await started(source({ config, signals, sink: first }));
    await publisher.publish('p/value', { n: 1 });
    await eventually('first message', () => first.samples.length === 1);
    await a.stop();
    for (const n of [2, 3, 4]) await publisher.publish('p/value', { n }); // while stopped

    const second = collectingSink();
    const b = await started(source({ config, signals, sink: second }));
    await eventually('queued messages', () => second.samples.length === 3);
    expect(second.samples.map((x) => x.value)).toEqual([2, 3, 4]);
    await b.stop();

    // Control: with a clean session the same gap is lost.
    const clean = { ...config, clientId: 'rt-clean-test', clean: true };
    const c = await started(source({ config: clean, signals, sink: collectingSink() }));
    await c.stop();
    await publisher.publish('p/value', { n: 5 });
    const third = collectingSink();
    await started(source({ config: clean, signals, sink: third }));
    await publisher.publish('p/value', { n: 6 });
    await eventually('live message', () => third.samples.length > 0);
    expect(third.samples.map((x) => x.value)).toEqual([6]);
  });

  it('reports a protocol hint when MQTT 5 is refused by a 3.1.1 broker, and keeps retrying', async () => {
    const recorder = stateRecorder();
    const s = source({ config: { id: 'v5-on-aedes', protocolVersion: 5 }, sink: collectingSink(), onStateChange: recorder.onStateChange });
    await s.start();
    await eventually('two refusals', () => recorder.states.filter((x) => x === 'backoff').length >= 2);
    const error = recorder.errors.find((e) => e !== undefined);
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(error?.message).toMatch(/unacceptable protocol version.*set protocolVersion to 4/);
    expect(recorder.states).not.toContain('connected');
    await s.stop();
    expect(s.state).toBe('closed');
  });
});

describe('MQTT JSON source connection handling', () => {
  it('an unreachable broker is not an error: start resolves, backoff with UNAVAILABLE, connects once the broker is up', async () => {
    const port = await closedPort();
    const recorder = stateRecorder();
    const sink = collectingSink();
    const s = createMqttJsonSource({
      config: { id: 'late-broker', url: `mqtt://127.0.0.1:${port}`, backoff: FAST },
      signals: [{ id: 'v', address: { kind: 'mqtt', topic: 'late/v' } }],
      sink,
      onStateChange: recorder.onStateChange,
    });
    sources.push(s);
    await s.start();
    await eventually('retries', () => recorder.states.filter((x) => x === 'connecting').length >= 3);
    expect(recorder.states.slice(0, 2)).toEqual(['connecting', 'backoff']);
    expect(recorder.errors[1]).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/ECONNREFUSED/) as unknown });
    const late = await startTestBroker({ port });
    try {
      await eventually('connected', () => s.state === 'connected');
      const pub = await connectPublisher(late.url);
      await pub.publish('late/v', 42);
      await pub.close();
      await eventually('sample', () => sink.samples.length === 1);
      expect(sink.samples[0]?.value).toBe(42);
    } finally {
      await s.stop();
      await late.close();
    }
  });

  it('gives up on a broker that accepts TCP but never answers after connectTimeoutMs, and retries', async () => {
    const silent = createServer(() => undefined); // accepts, never sends CONNACK
    const sockets = new Set<Socket>();
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const recorder = stateRecorder();
    const s = createMqttJsonSource({
      config: { id: 'mute-broker', url: `mqtt://127.0.0.1:${(silent.address() as AddressInfo).port}`, connectTimeoutMs: 150, backoff: FAST },
      sink: collectingSink(),
      onStateChange: recorder.onStateChange,
    });
    sources.push(s);
    try {
      await s.start();
      await eventually('two timeouts', () => recorder.states.filter((x) => x === 'backoff').length >= 2);
      expect(recorder.errors.find((e) => e !== undefined)).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/connack timeout/) as unknown });
      expect(sockets.size).toBeGreaterThanOrEqual(2);
    } finally {
      await s.stop();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('survives a broker restart: backoff, then connected again, and data resumes', async () => {
    const first = await startTestBroker();
    const port = first.port;
    const recorder = stateRecorder();
    const sink = collectingSink();
    const s = createMqttJsonSource({
      config: { id: 'restart', url: first.url, backoff: FAST },
      signals: [{ id: 'r', address: { kind: 'mqtt', topic: 'r/v', jsonPath: '$.n' } }],
      sink,
      onStateChange: recorder.onStateChange,
    });
    sources.push(s);
    let second: TestBroker | undefined;
    try {
      await started(s);
      const pub1 = await connectPublisher(first.url);
      await pub1.publish('r/v', { n: 1 });
      await eventually('before restart', () => sink.samples.length === 1);
      await pub1.close();
      await first.close();
      await eventually('backoff', () => s.state === 'backoff');
      second = await startTestBroker({ port });
      await eventually('reconnected', () => s.state === 'connected');
      const pub2 = await connectPublisher(second.url);
      await pub2.publish('r/v', { n: 2 });
      await pub2.close();
      await eventually('after restart', () => sink.samples.length === 2);
      expect(sink.samples.map((x) => x.value)).toEqual([1, 2]);
      const firstBackoff = recorder.states.indexOf('backoff');
      expect(recorder.states.slice(0, firstBackoff + 1)).toEqual(['connecting', 'connected', 'backoff']);
      expect(recorder.errors[firstBackoff]).toMatchObject({ code: 'UNAVAILABLE' });
      expect(recorder.states.at(-1)).toBe('connected');
      expect(s.stats().connections).toBe(2);
    } finally {
      await s.stop();
      await second?.close();
    }
  });

  it('logs in with username and password; a wrong password is UNAUTHENTICATED, retried with backoff, never logged', async () => {
    const attempts: string[] = [];
    const secure = await startTestBroker({
      aedes: {
        authenticate: (_client, username, password, done) => {
          attempts.push(username ?? '');
          if (username === 'rongtong' && password?.toString() === 's3cret-pw') done(null, true);
          else done(Object.assign(new Error('bad credentials'), { returnCode: 4 as const }), null);
        },
      },
    });
    const logger = memoryLogger();
    const recorder = stateRecorder();
    const wrong = createMqttJsonSource({
      config: { id: 'wrong-pw', url: secure.url, username: 'rongtong', password: 'wrong-pw-value', backoff: FAST },
      sink: collectingSink(),
      logger,
      onStateChange: recorder.onStateChange,
    });
    const sink = collectingSink();
    const right = createMqttJsonSource({
      config: { id: 'right-pw', url: secure.url, username: 'rongtong', password: 's3cret-pw', backoff: FAST },
      signals: [{ id: 'a', address: { kind: 'mqtt', topic: 'auth/v' } }],
      sink,
    });
    sources.push(wrong, right);
    try {
      await wrong.start();
      await eventually('several refused attempts', () => attempts.length >= 3);
      expect(wrong.state).not.toBe('connected');
      expect(recorder.states).not.toContain('connected');
      const refusal = recorder.errors.find((e) => e !== undefined);
      expect(refusal).toMatchObject({ code: 'UNAUTHENTICATED', message: 'broker refused the connection: bad user name or password (code 4)' });
      const errors = logger.records.filter((r) => r.level === 'error');
      expect(errors).toHaveLength(1); // the same failure again is logged at debug
      expect(JSON.stringify(logger.records.map((r) => [r.obj, r.msg]), (_k, v: unknown) => (v instanceof Error ? v.message : v))).not.toContain('wrong-pw-value');

      await started(right);
      const pub = await connectPublisher(secure.url.replace('mqtt://', 'mqtt://rongtong:s3cret-pw@'));
      await pub.publish('auth/v', true);
      await pub.close();
      await eventually('authenticated delivery', () => sink.samples.length === 1);
      expect(sink.samples[0]?.value).toBe(true);
    } finally {
      await wrong.stop();
      await right.stop();
      await secure.close();
    }
  });
});

describe('MQTT JSON source backpressure and stop', () => {
  function gatedSink() {
    const batches: (readonly Sample[])[] = [];
    let release: (() => void) | undefined;
    let inFlight = 0;
    let maxInFlight = 0;
    let gated = true;
    return {
      batches,
      get maxInFlight() {
        return maxInFlight;
      },
      open() {
        gated = false;
        release?.();
      },
      write(batch: readonly Sample[]): Promise<void> {
        batches.push(batch);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const done = () => {
          inFlight -= 1;
        };
        if (!gated) return Promise.resolve().then(done);
        return new Promise<void>((resolve) => (release = resolve)).then(done);
      },
    };
  }

  it('waits for the sink, holds at most maxQueuedSamples meanwhile and drops the oldest, counted', async () => {
    const sink = gatedSink();
    const logger = memoryLogger();
    const s = await started(
      source({ config: { id: 'slow-sink', maxQueuedSamples: 5 }, signals: [{ id: 'b', address: { kind: 'mqtt', topic: 'bp/v' } }], sink, logger }),
    );
    for (let i = 1; i <= 12; i += 1) await publisher.publish('bp/v', i);
    await eventually('all received', () => s.stats().messages === 12);
    expect(s.stats()).toMatchObject({ samples: 1, queuedSamples: 5, droppedSamples: 6 });
    sink.open();
    await eventually('queue drained', () => s.stats().queuedSamples === 0 && sink.batches.length === 6);
    expect(sink.batches.map((b) => b.map((x) => x.value))).toEqual([[1], [8], [9], [10], [11], [12]]);
    expect(sink.maxInFlight).toBe(1);
    expect(logger.records.filter((r) => r.level === 'warn' && r.obj.maxQueuedSamples === 5)).toHaveLength(1);
  });

  it('stop() disconnects, writes what it already received, then nothing more; idempotent; abort stops too', async () => {
    const sink = gatedSink();
    const s = await started(source({ config: { id: 'stopper' }, signals: [{ id: 's', address: { kind: 'mqtt', topic: 'stop/v' } }], sink }));
    for (const n of [1, 2, 3]) await publisher.publish('stop/v', n);
    await eventually('received', () => s.stats().messages === 3);
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false); // waits for the sink
    sink.open();
    await stopping;
    expect(sink.batches.map((b) => b[0]?.value)).toEqual([1, 2, 3]);
    expect(s.state).toBe('closed');
    await publisher.publish('stop/v', 4);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sink.batches).toHaveLength(3);
    await s.stop();
    await s.start(); // a closed source stays closed
    expect(s.state).toBe('closed');
    await expect(started(source({ config: { id: 'twice' }, sink: collectingSink() })).then((x) => x.start())).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
    });

    const controller = new AbortController();
    const aborted = source({ config: { id: 'aborted' }, sink: collectingSink() });
    await aborted.start(controller.signal);
    await eventually('connected', () => aborted.state === 'connected');
    controller.abort();
    await eventually('closed by abort', () => aborted.state === 'closed');
  });

  it('closes with the error when the sink rejects (the agent is shutting down)', async () => {
    const recorder = stateRecorder();
    const s = await started(
      source({
        config: { id: 'failing-sink' },
        signals: [{ id: 'f', address: { kind: 'mqtt', topic: 'fail/v' } }],
        sink: { write: () => Promise.reject(new Error('outbox closed')) },
        onStateChange: recorder.onStateChange,
      }),
    );
    await publisher.publish('fail/v', 1);
    await eventually('closed', () => s.state === 'closed');
    expect(recorder.states.at(-1)).toBe('closed');
    expect(recorder.errors.at(-1)?.message).toBe('outbox closed');
  });
});
