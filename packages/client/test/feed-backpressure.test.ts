import { describe, expect, it } from 'vitest';
import { cursors } from './support/feed-client.js';
import { useFeedFixture } from './support/feed-fixture.js';
import { sleep, waitFor } from './support/wait-for.js';

describe('feed subscription: backpressure', () => {
  const feed = useFeedFixture();

  it('a consumer that stops reading holds the server back; nothing is lost when it reads again', async () => {
    // 3,000 events of ~2 kB: 6 MB the server would send at once without flow control.
    const { server, client } = await feed.start({ events: 3_000, paddingBytes: 2_000 });
    const subscription = client.subscribe({ queueSize: 32 });
    const delivered: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const result = await subscription.next();
      if (!result.done) delivered.push(result.value.cursor);
    }
    // Wait until the server cannot write any more (no progress for 100 ms), then check it stays there.
    let sent = -1;
    await waitFor(
      () => {
        const now = server.calls[0]!.sent;
        const stable = now === sent;
        sent = now;
        return stable;
      },
      5_000,
      'the server to stall',
      100,
    );
    await sleep(200);
    expect(server.calls[0]!.sent).toBe(sent);
    // Bounded by the queue (32), grpc-js' read buffer and HTTP/2 flow-control windows — not by the feed.
    expect(sent).toBeLessThan(500);
    for (;;) {
      const result = await subscription.next();
      if (result.done) break;
      delivered.push(result.value.cursor);
      if (delivered.length === 3_000) break;
    }
    await subscription.return();
    expect(delivered).toEqual(cursors(1, 3_000));
    expect(server.calls).toHaveLength(1);
  });
});
