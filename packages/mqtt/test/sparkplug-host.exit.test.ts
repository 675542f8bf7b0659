import { describe, expect, it } from 'vitest';
import { SPARKPLUG_DATA_TYPES as DT, createSparkplugHostSource } from '../src/index.js';
import { collectingSink, eventually } from './support/sinks.js';
import { connectEdgeNode } from './support/sparkplug-edge-node.js';
import { closedPort, startTestBroker } from './support/test-broker.js';

/** What keeps the event loop alive, but vitest's own worker pipes and the terminal. */
const handles = (): string[] => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap');
/** Longer than vitest's own 100 ms throttle of task updates, whose timer would otherwise be counted. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('Sparkplug host stop()', () => {
  it('when connected, with an edge node and a reorder timer pending, leaves no socket or timer behind', async () => {
    const broker = await startTestBroker();
    const sink = collectingSink();
    const source = createSparkplugHostSource({
      config: { id: 'exit-connected', url: broker.url, hostId: 'exit-host', keepaliveSeconds: 1, reorderTimeoutMs: 60_000 },
      sink,
    });
    await source.start();
    await eventually('connected', () => source.state === 'connected');
    const node = await connectEdgeNode({ url: broker.url, groupId: 'G', edgeNodeId: 'N' });
    await node.nbirth([{ name: 'x', alias: 1, datatype: DT.Double, value: { kind: 'double', value: 1 } }]);
    node.skip();
    await node.ndata([{ alias: 1, value: { kind: 'double', value: 2 } }]); // a gap: the reorder timer starts
    await eventually('two samples', () => sink.samples.length === 2);
    await source.stop();
    expect(source.state).toBe('closed');
    await eventually('the host disconnected', () => broker.aedes.connectedClients === 1, 2000); // the edge node stays
    await node.close();
    await broker.close();
    await settle();
    expect(handles()).toEqual([]);
  });

  it('in backoff, leaves no reconnect timer behind', async () => {
    const port = await closedPort();
    const source = createSparkplugHostSource({
      config: { id: 'exit-backoff', url: `mqtt://127.0.0.1:${port}`, hostId: 'h', backoff: { initialMs: 5_000, maxMs: 5_000, jitter: 0 } },
      sink: collectingSink(),
    });
    await source.start();
    await eventually('backoff', () => source.state === 'backoff');
    await source.stop();
    expect(source.state).toBe('closed');
    await settle();
    expect(handles()).toEqual([]);
  });
});
