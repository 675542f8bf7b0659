import type { FeedEvent__Output } from '@rongtong/protocol';
import { type ClientOptions, type FeedSubscription, type RongtongClient, createClient } from '../../src/index.js';

/** The token every feed test client sends. */
export const TEST_TOKEN = 'feed-t0ken';

/** Fast feed backoff for tests (1–20 ms). */
export const FAST_BACKOFF = { initialMs: 1, maxMs: 20, multiplier: 2, jitter: 0.5 } as const;

/** A plaintext client to a test server whose channel reconnects quickly after the server restarts. */
export function testClient(address: string, options: Partial<ClientOptions> = {}): RongtongClient {
  return createClient({
    address,
    token: TEST_TOKEN,
    tls: false,
    channelOptions: { 'grpc.initial_reconnect_backoff_ms': 20, 'grpc.max_reconnect_backoff_ms': 100 },
    ...options,
  });
}

/** Reads `count` events (or until the iteration ends), then stops the subscription. */
export async function take(subscription: FeedSubscription, count: number, onEvent?: (e: FeedEvent__Output) => Promise<void> | void): Promise<FeedEvent__Output[]> {
  const events: FeedEvent__Output[] = [];
  if (count <= 0) return events;
  for await (const event of subscription) {
    events.push(event);
    await onEvent?.(event);
    if (events.length >= count) break;
  }
  return events;
}

/** Cursors `c000001`… of events `from`..`to` (1-based, inclusive). */
export function cursors(from: number, to: number, step = 1): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i += step) out.push(`c${String(i).padStart(6, '0')}`);
  return out;
}
