import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createUplink } from '../src/uplink/uplink.js';
import { enqueuePayloads, eventually, storedSeqs, tempOutbox, testUplinkOptions, useTestPlatform } from './support/uplink-platform.js';

/** A TCP server on `port` that counts connections and drops each at once (a platform host whose service is down). */
async function countingRefuser(port: number): Promise<{ server: Server; count: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { server, count: () => connections };
}

describe('uplink reconnect', () => {
  const fixture = useTestPlatform();

  it("retries at the uplink's backoff while the platform is down (not grpc's slower default) and resumes once it is back", async () => {
    const agent = await fixture.p.enroll('reconnect');
    const box = tempOutbox(agent);
    fixture.cleanups.push(box.remove);
    const uplink = createUplink(
      testUplinkOptions('reconnect', fixture.p.address, agent, box.outbox, { backoff: { initialMs: 100, maxMs: 300, multiplier: 2, jitter: 0.2 } }),
    );
    try {
      uplink.start();
      await enqueuePayloads(box.outbox, 3);
      await eventually('first batches stored', async () => (await storedSeqs(fixture.p.store, agent)).length === 3);

      await fixture.p.stopPlatform();
      const refuser = await countingRefuser(fixture.p.port);
      await new Promise((resolve) => setTimeout(resolve, 6000));
      const attempts = refuser.count();
      await new Promise<void>((resolve) => refuser.server.close(() => resolve()));
      // With attempts at most 300 ms (+20 %) apart, 6 s hold about 20; grpc's own backoff
      // (1 s growing × 1.6) would allow 4 or 5.
      expect(attempts).toBeGreaterThanOrEqual(10);

      await enqueuePayloads(box.outbox, 2);
      await fixture.p.restartPlatform();
      await eventually('the backlog stored after the restart', async () => (await storedSeqs(fixture.p.store, agent)).length === 5, 5000);
    } finally {
      await uplink.stop();
    }
  }, 30_000);
});
