import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpcuaSource } from '../src/index.js';
import { collectingSink, eventually } from './support/sinks.js';
import { TEST_NAMESPACE, type TestServer, startTestServer, tempDir } from './support/test-server.js';

const ITEMS = 10_000;

describe(`OPC UA source with ${ITEMS} monitored items on one server`, () => {
  const dir = tempDir('many');
  let server: TestServer;

  beforeAll(async () => {
    const t = Date.now();
    server = await startTestServer({ pkiDir: `${dir.path}/server`, bulkItems: ITEMS, bulkPeriodMs: 1000 });
    console.log(`server with ${ITEMS} variables started in ${Date.now() - t} ms`);
  }, 60_000);

  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('subscribes every item and every item reports, none silently missing', async () => {
    const sink = collectingSink();
    const source = createOpcuaSource({
      config: { id: 'many', endpointUrl: server.endpointUrl, securityMode: 'None', pkiDir: `${dir.path}/client`, publishingInterval: 500, samplingInterval: 500 },
      signals: Array.from({ length: ITEMS }, (_, i) => ({ id: `item/${i}`, nodeId: `nsu=${TEST_NAMESPACE};s=Item${i}` })),
      sink,
    });
    const t0 = Date.now();
    await source.start();
    await eventually('connected', () => source.state === 'connected', 20_000);
    const subscribedMs = Date.now() - t0;
    const stats = source.stats();
    expect(stats).toMatchObject({ signals: ITEMS, itemsSubscribed: ITEMS, itemsBad: 0 });
    // node-opcua allows 10 subscriptions per session: the planner fits 10,000 items into them.
    expect(stats.subscriptions).toBeLessThanOrEqual(10);
    expect(source.nodeStatus().every((s) => s.state === 'subscribed')).toBe(true);

    const reporting = () => {
      let n = 0;
      for (let i = 0; i < ITEMS; i += 1) if (sink.of(`item/${i}`).some((s) => s.quality === 'good')) n += 1;
      return n;
    };
    await eventually('every item reported a value', () => reporting() === ITEMS, 15_000);
    const allReportedMs = Date.now() - t0;
    // And they keep reporting: every item has a later value after the next change on the server.
    const seen = server.bulkTicks();
    await eventually('every item reported the next change', () => {
      if (server.bulkTicks() <= seen) return false;
      for (let i = 0; i < ITEMS; i += 1) {
        const last = sink.of(`item/${i}`).at(-1);
        if (!last || (last.value as number) < (seen + 1) * 100_000) return false;
      }
      return true;
    }, 15_000);
    console.log(
      `${ITEMS} items: connected and subscribed in ${subscribedMs} ms (${stats.subscriptions} subscriptions), all reporting after ${allReportedMs} ms; ` +
        `${source.stats().samples} samples, ${source.stats().droppedSamples} dropped`,
    );
    expect(source.stats().droppedSamples).toBe(0);
    await source.stop();
  }, 60_000);
});
