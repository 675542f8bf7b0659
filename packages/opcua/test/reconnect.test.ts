import type { Sample } from '@rongtong/core';
import { afterAll, describe, expect, it } from 'vitest';
import { OPCUA_STATUS, type OpcuaSource, createOpcuaSource } from '../src/index.js';
import { collectingSink, eventually, stateRecorder } from './support/sinks.js';
import { startTcpProxy } from './support/tcp-proxy.js';
import { FIXED_TIME, TEST_NAMESPACE, type TestServer, startTestServer, tempDir } from './support/test-server.js';

const ns = (name: string) => `nsu=${TEST_NAMESPACE};s=${name}`;
const isSorted = (samples: readonly Sample[]) => samples.every((s, i) => i === 0 || samples[i - 1]!.sourceTime <= s.sourceTime);

describe('OPC UA source when the server restarts', () => {
  const dir = tempDir('reconnect');
  let server: TestServer | undefined;
  let source: OpcuaSource | undefined;

  afterAll(async () => {
    await source?.stop();
    await server?.stop();
    dir.remove();
  });

  it('marks the gap with one bad sample per signal, backs off, and resumes within 5 s of the return', async () => {
    server = await startTestServer({ pkiDir: `${dir.path}/server` });
    const port = server.port;
    const sink = collectingSink();
    const recorder = stateRecorder();
    const ids = ['Counter', 'State', 'Fixed'];
    // Default backoff (0.5 s doubling to 4 s), without jitter: the longest delays.
    source = createOpcuaSource({
      random: () => 0,
      config: { id: 'restart', endpointUrl: server.endpointUrl, securityMode: 'None', pkiDir: `${dir.path}/client`, publishingInterval: 100, samplingInterval: 0 },
      signals: [...ids.map((id) => ({ id, nodeId: ns(id) })), { id: 'Missing', nodeId: ns('Missing') }],
      sink,
      onStateChange: recorder.onStateChange,
    });
    await source.start();
    await eventually('data', () => source!.state === 'connected' && sink.of('Counter').length >= 3);
    expect(sink.of('Fixed')).toEqual([expect.objectContaining({ value: 'constant', sourceTime: FIXED_TIME, quality: 'good' })]);
    expect(sink.of('Missing')).toEqual([expect.objectContaining({ quality: 'bad', sourceStatus: OPCUA_STATUS.BadNodeIdUnknown })]);

    // The server goes away.
    const beforeStop = Date.now();
    await server.stop();
    await eventually('backoff', () => source!.state === 'backoff');
    const lossMarked = Date.now();
    expect(source.error?.code).toBe('UNAVAILABLE');
    expect(recorder.errors.at(-1)?.message).toMatch(/lost the connection to opc\.tcp:\/\/127\.0\.0\.1/);
    for (const id of ids) {
      const gap = sink.of(id).at(-1)!;
      expect(gap, id).toMatchObject({ quality: 'bad', value: undefined, sourceStatus: OPCUA_STATUS.BadConnectionClosed });
      expect(gap.sourceTime).toBeGreaterThanOrEqual(beforeStop);
      expect(gap.sourceTime).toBeLessThanOrEqual(lossMarked);
    }
    // The bad node was already bad: no second marker.
    expect(sink.of('Missing')).toHaveLength(1);
    const atLoss = sink.samples.length;

    // While it is away (long enough for the backoff to reach its 4 s maximum): retries, and nothing is invented.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(sink.samples.length).toBe(atLoss);
    expect(source.stats().failedAttempts).toBeGreaterThanOrEqual(3);
    expect(['backoff', 'connecting']).toContain(source.state);
    expect(source.stats()).toMatchObject({ itemsSubscribed: 0, subscriptions: 0 });
    expect(source.nodeStatus().map((s) => s.state)).toEqual(['pending', 'pending', 'pending', 'bad']);

    // It comes back on the same port with the same certificate.
    server = await startTestServer({ pkiDir: `${dir.path}/server`, port });
    const back = Date.now();
    await eventually('reconnected', () => source!.state === 'connected', 10_000);
    const resumedAfterMs = Date.now() - back;
    await eventually('data again', () => sink.of('Counter').length > 0 && sink.of('Counter').at(-1)!.quality === 'good');
    const firstAfter = sink.samples.slice(atLoss).find((s) => s.signalId === 'Counter')!;
    const firstData = Date.now();
    console.log(`server back → connected in ${resumedAfterMs} ms; first value ${firstData - back} ms after the return`);
    expect(resumedAfterMs).toBeLessThan(5000);
    expect(firstAfter.quality).toBe('good');

    // Each signal: values, ONE gap sample, values again; in time order throughout.
    for (const id of ['Counter', 'State']) {
      const qualities = sink.of(id).map((s) => s.quality);
      expect(qualities.filter((q) => q === 'bad'), id).toHaveLength(1);
      expect(isSorted(sink.of(id)), id).toBe(true);
    }
    // The unchanged value comes again after the gap, stamped when it was read again — not before the gap.
    const fixed = sink.of('Fixed');
    expect(fixed.map((s) => [s.quality, s.value])).toEqual([
      ['good', 'constant'],
      ['bad', undefined],
      ['good', 'constant'],
    ]);
    expect(fixed[2]!.sourceTime).toBeGreaterThan(fixed[1]!.sourceTime);
    expect(isSorted(fixed)).toBe(true);
    // The bad node is still listed as bad, and still has one bad sample.
    expect(source.nodeStatus().find((s) => s.signalId === 'Missing')).toMatchObject({ state: 'bad', statusName: 'BadNodeIdUnknown' });
    expect(sink.of('Missing')).toHaveLength(1);
    expect(source.stats()).toMatchObject({ connections: 2, reconnects: 1, connectionLosses: 1, gapSamples: 3, itemsSubscribed: 3, itemsBad: 1 });
    expect(recorder.states).toEqual(['connecting', 'connected', 'backoff', ...recorder.states.slice(3, -1), 'connected']);
  }, 30_000);

  it('notices a network that goes silent by its keep-alive, marks the gap with BadCommunicationError, and resumes', async () => {
    const machine = await startTestServer({ pkiDir: `${dir.path}/silent-server` });
    const proxy = await startTcpProxy(machine.port);
    const sink = collectingSink();
    const silent = createOpcuaSource({
      config: {
        id: 'silent',
        endpointUrl: `opc.tcp://127.0.0.1:${proxy.port}`,
        securityMode: 'None',
        pkiDir: `${dir.path}/silent-client`,
        publishingInterval: 100,
        samplingInterval: 0,
        keepAliveIntervalMs: 500,
        requestTimeoutMs: 1000,
        backoff: { initialMs: 200, maxMs: 1000 },
      },
      signals: [{ id: 'Counter', nodeId: ns('Counter') }],
      sink,
    });
    try {
      await silent.start();
      await eventually('data', () => silent.state === 'connected' && sink.of('Counter').length >= 3);
      proxy.freeze();
      const frozenAt = Date.now();
      await eventually('loss noticed', () => silent.state !== 'connected', 15_000);
      console.log(`silent network noticed after ${Date.now() - frozenAt} ms`);
      const gap = sink.of('Counter').at(-1)!;
      expect(gap).toMatchObject({ quality: 'bad', value: undefined });
      expect(gap.sourceStatus).toBe(OPCUA_STATUS.BadCommunicationError);
      proxy.thaw();
      await eventually('reconnected', () => silent.state === 'connected', 15_000);
      await eventually('data again', () => sink.of('Counter').at(-1)!.quality === 'good');
      expect(sink.of('Counter').filter((x) => x.quality === 'bad')).toHaveLength(1);
      expect(isSorted(sink.of('Counter'))).toBe(true);
    } finally {
      await silent.stop();
      await proxy.close();
      await machine.stop();
    }
  }, 30_000);
});
