import { type Socket, createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createOpcuaSource } from '../src/index.js';
import { collectingSink, eventually } from './support/sinks.js';
import { TEST_NAMESPACE, startTestServer, tempDir } from './support/test-server.js';

/** What keeps the event loop alive, but vitest's own worker pipes and the terminal. */
const handles = (): string[] => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap');
/** Longer than vitest's own 100 ms throttle of task updates, whose timer would otherwise be counted. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('OPC UA source stop()', () => {
  const root = tempDir('exit');
  afterAll(() => root.remove());
  let n = 0;
  /** A fresh folder under the file's temporary folder. */
  const folder = () => `${root.path}/${(n += 1)}`;
  it('when connected, closes session and client and leaves no socket, timer or watcher behind', async () => {
    const dir = folder();
    const server = await startTestServer({ pkiDir: `${dir}/server` });
    const sink = collectingSink();
    const source = createOpcuaSource({
      config: { id: 'exit-connected', endpointUrl: server.endpointUrl, securityMode: 'None', pkiDir: `${dir}/client`, publishingInterval: 100 },
      signals: [{ id: 'temp', nodeId: `nsu=${TEST_NAMESPACE};s=Temperature` }],
      sink,
    });
    await source.start();
    await eventually('data', () => source.state === 'connected' && sink.samples.length > 0);
    await source.stop();
    await source.stop(); // idempotent
    expect(source.state).toBe('closed');
    const written = sink.samples.length;
    await server.stop();
    await settle();
    expect(handles()).toEqual([]);
    expect(sink.samples.length).toBe(written);
  });

  it('in backoff, leaves no reconnect timer behind', async () => {
    const dir = folder();
    const port = await closedPort();
    const source = createOpcuaSource({
      config: { id: 'exit-backoff', endpointUrl: `opc.tcp://127.0.0.1:${port}`, securityMode: 'None', pkiDir: dir, backoff: { initialMs: 5_000, maxMs: 5_000, jitter: 0 } },
      signals: [{ id: 'x', nodeId: 'ns=1;s=X' }],
      sink: collectingSink(),
    });
    await source.start();
    await eventually('backoff', () => source.state === 'backoff');
    expect(source.error?.code).toBe('UNAVAILABLE');
    expect(source.error?.message).toMatch(/^cannot connect to opc\.tcp:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    await source.stop();
    expect(source.state).toBe('closed');
    await settle();
    expect(handles()).toEqual([]);
  });

  it('stops when the start signal is aborted', async () => {
    const dir = folder();
    const port = await closedPort();
    const controller = new AbortController();
    const source = createOpcuaSource({
      config: { id: 'aborted', endpointUrl: `opc.tcp://127.0.0.1:${port}`, securityMode: 'None', pkiDir: dir },
      signals: [{ id: 'x', nodeId: 'ns=1;s=X' }],
      sink: collectingSink(),
    });
    await source.start(controller.signal);
    controller.abort();
    await eventually('closed', () => source.state === 'closed');
    await source.stop();
    await settle();
    expect(handles()).toEqual([]);
  });

  it('while connecting, or before start, closes at once', async () => {
    const dir = folder();
    const never = createOpcuaSource({ config: { id: 'never', endpointUrl: 'opc.tcp://127.0.0.1:1', pkiDir: dir }, signals: [], sink: collectingSink() });
    await never.stop();
    await never.start();
    expect(never.state).toBe('closed');

    // A port that accepts TCP but never answers OPC UA: the attempt hangs until stop() cuts it.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const source = createOpcuaSource({
      config: { id: 'hanging', endpointUrl: `opc.tcp://127.0.0.1:${port}`, securityMode: 'None', pkiDir: dir },
      signals: [{ id: 'x', nodeId: 'ns=1;s=X' }],
      sink: collectingSink(),
    });
    await source.start();
    expect(source.state).toBe('connecting');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const t = Date.now();
    await source.stop();
    expect(Date.now() - t).toBeLessThan(4000);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await settle();
    expect(handles()).toEqual([]);
  });
});
