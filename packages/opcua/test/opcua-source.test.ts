import type { Sample, SampleSink } from '@rongtong/core';
import { StatusCodes } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPCUA_STATUS, type OpcuaSignal, type OpcuaSource, type OpcuaSourceConfigInput, createOpcuaSource } from '../src/index.js';
import { collectingSink, eventually, memoryLogger, stateRecorder } from './support/sinks.js';
import { TEST_NAMESPACE, type TestServer, startTestServer, tempDir } from './support/test-server.js';

const ns = (name: string) => `nsu=${TEST_NAMESPACE};s=${name}`;

describe('OPC UA source against a None/None server', () => {
  const dir = tempDir('source');
  let server: TestServer;
  const sources: OpcuaSource[] = [];

  beforeAll(async () => {
    // The server refuses CreateMonitoredItems calls of more than 4 items and sessions with more
    // than 3 subscriptions: the plan must chunk and merge.
    server = await startTestServer({ pkiDir: `${dir.path}/server`, maxMonitoredItemsPerCall: 4, maxSubscriptionsPerSession: 3 });
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    await server.stop();
    dir.remove();
  });

  const start = async (signals: OpcuaSignal[], name: string, sink: SampleSink & { samples?: Sample[] } = collectingSink(), extra: Partial<OpcuaSourceConfigInput> = {}) => {
    const logger = memoryLogger();
    const recorder = stateRecorder();
    const source = createOpcuaSource({
      config: {
        id: name,
        endpointUrl: server.endpointUrl,
        securityMode: 'None',
        pkiDir: `${dir.path}/client`,
        samplingInterval: 0,
        publishingInterval: 100,
        backoff: { initialMs: 100, maxMs: 500 },
        ...extra,
      },
      signals,
      sink,
      logger,
      onStateChange: recorder.onStateChange,
    });
    sources.push(source);
    await source.start();
    return { source, logger, recorder };
  };

  it('delivers typed values with source timestamps and quality from the StatusCode', async () => {
    const names = ['Counter', 'Count32', 'Temperature', 'Running', 'State', 'Label', 'Raw', 'Failing', 'Doubtful', 'Vector', 'When'];
    const before = Date.now();
    const sink = collectingSink();
    const { source, recorder } = await start(
      names.map((n) => ({ id: `m/${n}`, nodeId: ns(n) })),
      'types',
      sink,
    );
    await eventually('connected', () => source.state === 'connected');
    expect(recorder.states).toEqual(['connecting', 'connected']);
    // Plan: 11 items, at most 4 per call (the server refuses more): all subscribed.
    expect(source.stats()).toMatchObject({ signals: 11, itemsSubscribed: 11, itemsBad: 0, subscriptions: 1 });
    expect(source.serverLimits()?.maxMonitoredItemsPerCall).toBe(4);
    await eventually('three values of the counter', () => sink.of('m/Counter').length >= 3);

    const last = (id: string): Sample => sink.of(`m/${id}`).at(-1)!;
    const counter = last('Counter');
    expect(typeof counter.value).toBe('bigint');
    expect(counter.value! as bigint).toBeGreaterThan(2n ** 32n);
    expect(counter).toMatchObject({ quality: 'good', sourceStatus: 0 });
    expect(counter.sourceTime).toBeGreaterThanOrEqual(before - 1000);
    expect(counter.sourceTime).toBeLessThanOrEqual(Date.now());
    const counters = sink.of('m/Counter').map((s) => s.value as bigint);
    expect(counters).toEqual([...counters].sort((a, b) => (a < b ? -1 : 1)));
    const times = sink.of('m/Counter').map((s) => s.sourceTime);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    expect(typeof last('Count32').value).toBe('bigint');
    expect(last('Count32').value! as bigint).toBeLessThan(0n);
    expect(typeof last('Temperature').value).toBe('number');
    expect(typeof last('Running').value).toBe('boolean');
    expect(['Executing', 'Idle', 'Stopped']).toContain(last('State').value);
    expect(last('Label').value).toMatch(/^tick \d+$/);
    expect(last('Raw').value).toBeInstanceOf(Uint8Array);
    expect(last('Failing')).toMatchObject({ quality: 'bad', value: undefined, sourceStatus: StatusCodes.BadSensorFailure.value });
    expect(last('Doubtful')).toMatchObject({ quality: 'uncertain', sourceStatus: StatusCodes.UncertainLastUsableValue.value });
    expect(typeof last('Doubtful').value).toBe('number');

    // Arrays and DateTimes have no SampleValue form: counted, not delivered.
    expect(sink.of('m/Vector')).toEqual([]);
    expect(sink.of('m/When')).toEqual([]);
    const skipped = source.stats().skippedValues;
    expect(skipped.array).toBeGreaterThan(0);
    expect(skipped.unsupported_type).toBeGreaterThan(0);
    expect(source.stats().notifications).toBeGreaterThanOrEqual(sink.samples.length);

    await source.stop();
    expect(source.state).toBe('closed');
    expect(recorder.states.at(-1)).toBe('closed');
  });

  it('lists bad NodeIds with their status while the others report', async () => {
    const sink = collectingSink();
    const { source, logger } = await start(
      [
        { id: 'ok/temp', nodeId: ns('Temperature') },
        { id: 'bad/missing', nodeId: ns('NoSuchVariable') },
        { id: 'bad/namespace', nodeId: 'nsu=urn:not-on-this-server;s=Temperature' },
        { id: 'ok/state', nodeId: ns('State') },
        { id: 'bad/numeric', nodeId: 'ns=1;i=987654' },
      ],
      'bad-nodes',
      sink,
    );
    await eventually('connected', () => source.state === 'connected');
    await eventually('values of the good nodes', () => sink.of('ok/temp').length >= 2 && sink.of('ok/state').length >= 2);
    expect(source.stats()).toMatchObject({ itemsSubscribed: 2, itemsBad: 3 });
    const status = Object.fromEntries(source.nodeStatus().map((s) => [s.signalId, s]));
    expect(status['ok/temp']).toMatchObject({ state: 'subscribed', statusName: 'Good' });
    expect(status['bad/missing']).toMatchObject({ state: 'bad', statusCode: OPCUA_STATUS.BadNodeIdUnknown, statusName: 'BadNodeIdUnknown' });
    expect(status['bad/namespace']).toMatchObject({ state: 'bad', statusName: 'BadNodeIdUnknown' });
    expect(status['bad/namespace']!.reason).toMatch(/no namespace urn:not-on-this-server/);
    expect(status['bad/numeric']).toMatchObject({ state: 'bad', statusName: 'BadNodeIdUnknown' });
    // Each bad node shows once in the data as a bad sample, never with a value.
    for (const id of ['bad/missing', 'bad/namespace', 'bad/numeric']) {
      expect(sink.of(id)).toEqual([expect.objectContaining({ quality: 'bad', value: undefined, sourceStatus: OPCUA_STATUS.BadNodeIdUnknown })]);
    }
    const warning = logger.records.find((r) => r.level === 'warn' && r.msg?.includes('cannot be subscribed'));
    expect(warning?.msg).toMatch(/^3 of 5 OPC UA signals cannot be subscribed/);
    expect(String(warning?.obj.badNodes)).toMatch(/NoSuchVariable/);
  });

  it('spreads signals of many publishing intervals over the subscriptions the server allows', async () => {
    const sink = collectingSink();
    const intervals = [50, 100, 200, 1000, 5000];
    const { source } = await start(
      intervals.map((publishingInterval, i) => ({ id: `p/${publishingInterval}`, nodeId: ns(['Counter', 'Temperature', 'State', 'Running', 'Count32'][i]!), publishingInterval })),
      'intervals',
      sink,
    );
    await eventually('connected', () => source.state === 'connected');
    expect(source.stats()).toMatchObject({ itemsSubscribed: 5, itemsBad: 0, subscriptions: 3 });
    await eventually('every signal reports', () => intervals.every((i) => sink.of(`p/${i}`).length > 0));
  });

  it('bounds the queue behind a slow sink, dropping the oldest samples and counting them', async () => {
    const delivered: Sample[] = [];
    let calls = 0;
    const slowSink: SampleSink = {
      write(batch) {
        calls += 1;
        delivered.push(...batch);
        return new Promise((resolve) => setTimeout(resolve, 400));
      },
    };
    const { source, logger } = await start([{ id: 'c', nodeId: ns('Counter') }, { id: 't', nodeId: ns('Temperature') }], 'slow-sink', slowSink, { maxQueuedSamples: 4 });
    await eventually('drops', () => source.stats().droppedSamples > 0, 10_000);
    const stats = source.stats();
    expect(stats.queuedSamples).toBeLessThanOrEqual(4 + 2);
    expect(logger.records.some((r) => r.level === 'warn' && r.msg?.includes('dropping the oldest'))).toBe(true);
    await source.stop();
    // Every notification became a sample, delivered or dropped; nothing is lost without a count.
    expect(delivered.length + source.stats().droppedSamples).toBe(source.stats().notifications);
    expect(calls).toBeGreaterThan(1);
    const counters = delivered.filter((s) => s.signalId === 'c').map((s) => s.value as bigint);
    expect(counters).toEqual([...counters].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('closes when the sink fails', async () => {
    const recorder = stateRecorder();
    const failing: SampleSink = { write: () => Promise.reject(new Error('the agent is shutting down')) };
    const source = createOpcuaSource({
      config: { id: 'failing-sink', endpointUrl: server.endpointUrl, securityMode: 'None', pkiDir: `${dir.path}/client`, publishingInterval: 100 },
      signals: [{ id: 'c', nodeId: ns('Counter') }],
      sink: failing,
      onStateChange: recorder.onStateChange,
    });
    sources.push(source);
    await source.start();
    await eventually('closed', () => source.state === 'closed');
    expect(recorder.errors.at(-1)?.message).toBe('the agent is shutting down');
  });

  it('refuses an invalid config or signal list with the field named', () => {
    const base = { id: 'x', endpointUrl: server.endpointUrl, securityMode: 'None' as const, pkiDir: dir.path };
    expect(() => createOpcuaSource({ config: { ...base, endpointUrl: 'http://x' }, signals: [], sink: collectingSink() })).toThrow(
      /endpointUrl: must be an opc.tcp:\/\/ URL/,
    );
    expect(() =>
      createOpcuaSource({
        config: base,
        signals: [
          { id: 'a', nodeId: 'ns=1;s=A' },
          { id: 'a', nodeId: 'not a node id' },
        ],
        sink: collectingSink(),
      }),
    ).toThrow(/signals\.1\.nodeId: must be an OPC UA NodeId.*signals\.1\.id: duplicate signal id "a"/);
  });
});
