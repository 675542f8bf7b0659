import { describe, expect, it } from 'vitest';
import { createMqttJsonSource } from '../src/index.js';
import { collectingSink, eventually } from './support/sinks.js';
import { closedPort, startTestBroker } from './support/test-broker.js';

/** What keeps the event loop alive, but vitest's own worker pipes and the terminal. */
const handles = (): string[] => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap');
/** Longer than vitest's own 100 ms throttle of task updates, whose timer would otherwise be counted. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('MQTT JSON source stop()', () => {
  it('when connected, leaves no socket or timer behind', async () => {
    const broker = await startTestBroker();
    const source = createMqttJsonSource({
      config: { id: 'exit-connected', url: broker.url, keepaliveSeconds: 1 },
      signals: [{ id: 'x', address: { kind: 'mqtt', topic: 'exit/x' } }],
      sink: collectingSink(),
    });
    await source.start();
    await eventually('connected', () => source.state === 'connected');
    await source.stop();
    expect(broker.aedes.connectedClients).toBe(0);
    await broker.close();
    await settle();
    expect(handles()).toEqual([]);
  });

  it('in backoff, leaves no reconnect timer behind', async () => {
    const port = await closedPort();
    const source = createMqttJsonSource({
      config: { id: 'exit-backoff', url: `mqtt://127.0.0.1:${port}`, backoff: { initialMs: 5_000, maxMs: 5_000, jitter: 0 } },
      sink: collectingSink(),
    });
    await source.start();
    await eventually('backoff', () => source.state === 'backoff');
    await source.stop();
    expect(source.state).toBe('closed');
    await settle();
    expect(handles()).toEqual([]);
  });

  it('before start, closes at once', async () => {
    const source = createMqttJsonSource({ config: { id: 'never-started', url: 'mqtt://127.0.0.1:1' }, sink: collectingSink() });
    await source.stop();
    await source.start();
    expect(source.state).toBe('closed');
    await settle();
    expect(handles()).toEqual([]);
  });
});
