// Run as a child process by close.test.ts: opens a client with a waiting subscription
// (connected, following live) and one in backoff (a long retry timer pending), closes
// the client, and must then exit on its own — nothing may keep the process alive.
import { createClient } from '../../src/index.js';

const address = process.argv[2];
if (address === undefined) throw new Error('usage: close-child <feed server address>');

const client = createClient({ address, tls: false });
const live = client.subscribe();
const first = await live.next();
const waiting = live.next();

const dead = createClient({ address: '127.0.0.1:1', tls: false });
const retrying = dead.subscribe({ backoff: { initialMs: 60_000, maxMs: 60_000 } });
const retryingNext = retrying.next();
while (retrying.state !== 'backoff') await new Promise((resolve) => setTimeout(resolve, 5));

client.close();
dead.close();
const results = [await waiting, await retryingNext];
process.stdout.write(
  `${JSON.stringify({ first: first.value?.cursor, states: [live.state, retrying.state], done: results.map((r) => r.done) })}\n`,
);
