import { afterEach } from 'vitest';
import type { RongtongClient } from '../../src/index.js';
import { testClient } from './feed-client.js';
import { type FeedTestServer, type FeedTestServerOptions, startFeedTestServer } from './feed-test-server.js';

/** A test's feed server and its client. */
export interface FeedServerAndClient {
  readonly server: FeedTestServer;
  readonly client: RongtongClient;
}

/** Starts what a feed test needs; `useFeedFixture` closes it after the test. */
export interface FeedFixture {
  /** Starts a feed test server and a test client of it (`testClient`). */
  start(options: FeedTestServerOptions): Promise<FeedServerAndClient>;
  /** A test client of `address`, without a server. */
  client(address: string): RongtongClient;
}

/**
 * Call in a `describe`: registers an `afterEach` that closes the client, then the server,
 * of the test that just ran (whatever it started with the returned fixture).
 */
export function useFeedFixture(): FeedFixture {
  let server: FeedTestServer | undefined;
  let client: RongtongClient | undefined;
  afterEach(async () => {
    client?.close();
    await server?.close();
    server = client = undefined;
  });
  return {
    async start(options) {
      server = await startFeedTestServer(options);
      client = testClient(server.address);
      return { server, client };
    },
    client(address) {
      client = testClient(address);
      return client;
    },
  };
}
