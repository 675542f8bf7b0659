import type * as grpc from '@grpc/grpc-js';
import {
  ERROR_DETAIL_METADATA_KEY,
  errorDetailCodec,
  type FeedServiceClient,
  type Hello,
  type PublishRequest,
  type PublishResponse__Output,
  type SignedBatch,
  type SubscribeRequest,
  type SubscribeResponse__Output,
  type Welcome__Output,
} from '@rongtong/protocol';
import { bearer } from './grpc-call.js';
import type { TestServer } from './start-test-server.js';

/** How a stream ended: gRPC status, Rongtong code (without `ERROR_CODE_`, '' when absent) and details. */
export interface StreamEnd {
  status: number;
  code: string;
  details: string;
}

/** Messages of a client stream, in order, as a pull queue; plus how the stream ended. */
export interface MessageQueue<T> {
  /** The next message; rejects when the stream ends first or nothing arrives within `timeoutMs`. */
  next(timeoutMs?: number): Promise<T>;
  /** Resolves with the stream's final status. */
  readonly ended: Promise<StreamEnd>;
  /** Messages received and not yet taken by `next`. */
  readonly buffered: number;
}

/** Collects a client stream's messages and its status. */
export function queueOf<T>(call: grpc.ClientReadableStream<T> | grpc.ClientDuplexStream<unknown, T>): MessageQueue<T> {
  const items: T[] = [];
  const waiters: { resolve: (item: T) => void; reject: (error: Error) => void }[] = [];
  let end: StreamEnd | undefined;
  const ended = new Promise<StreamEnd>((resolve) => {
    call.on('status', (status: grpc.StatusObject) => {
      const raw = status.metadata.get(ERROR_DETAIL_METADATA_KEY)[0];
      const detail = raw instanceof Buffer ? errorDetailCodec.decode(raw) : undefined;
      end = { status: status.code, code: detail ? String(detail.code).replace(/^ERROR_CODE_/, '') : '', details: status.details };
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`stream ended: ${JSON.stringify(end)}`));
      resolve(end);
    });
  });
  call.on('error', () => undefined);
  call.on('data', (item: T) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(item);
    else items.push(item);
  });
  return {
    next(timeoutMs = 5000) {
      const item = items.shift();
      if (item !== undefined) return Promise.resolve(item);
      if (end) return Promise.reject(new Error(`stream ended: ${JSON.stringify(end)}`));
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
      });
    },
    ended,
    get buffered() {
      return items.length;
    },
  };
}

/** An open Publish stream of a test agent. */
export interface PublishStream extends MessageQueue<PublishResponse__Output> {
  readonly call: grpc.ClientDuplexStream<PublishRequest, PublishResponse__Output>;
  send(batch: SignedBatch): void;
  /** Half-closes and waits for the status. */
  close(): Promise<StreamEnd>;
}

/** Opens a Publish stream with `secret` as the bearer token (no Hello sent yet). */
export function openPublishStream(server: TestServer, secret: string): PublishStream {
  const call = server.clients.ingest.Publish(bearer(secret));
  const queue = queueOf(call);
  return {
    call,
    next: (ms) => queue.next(ms),
    ended: queue.ended,
    get buffered() {
      return queue.buffered;
    },
    send: (batch) => call.write({ batch }),
    close() {
      call.end();
      return queue.ended;
    },
  };
}

/** Opens a Publish stream, says Hello (RAW unless given) and returns the stream with its Welcome. */
export async function connectAgent(
  server: TestServer,
  agent: { agentId: string; secret: string },
  hello: Partial<Hello> = {},
): Promise<{ stream: PublishStream; welcome: Welcome__Output }> {
  const stream = openPublishStream(server, agent.secret);
  stream.call.write({ hello: { agentId: agent.agentId, agentVersion: '0.1.0', sharingLevel: 'SHARING_LEVEL_RAW', ...hello } });
  const first = await stream.next();
  if (!first.welcome) throw new Error(`expected Welcome, got ${JSON.stringify(first)}`);
  return { stream, welcome: first.welcome };
}

/** A feed subscription of a test client. */
export interface FeedStream extends MessageQueue<SubscribeResponse__Output> {
  readonly call: grpc.ClientReadableStream<SubscribeResponse__Output>;
  /** Resolves when the server has accepted the subscription (response headers arrived). */
  readonly started: Promise<void>;
}

/** Subscribes to the feed with `secret`, through `client` (e.g. `server.clients.feed`). */
export function subscribeFeed(client: FeedServiceClient, secret: string, request: SubscribeRequest): FeedStream {
  const call = client.Subscribe(request, bearer(secret));
  const queue = queueOf(call);
  const started = new Promise<void>((resolve, reject) => {
    call.once('metadata', () => resolve());
    void queue.ended.then((end) => reject(new Error(`subscription ended: ${JSON.stringify(end)}`)));
  });
  started.catch(() => undefined);
  return {
    call,
    started,
    next: (ms) => queue.next(ms),
    ended: queue.ended,
    get buffered() {
      return queue.buffered;
    },
  };
}

/** Polls `predicate` every 5 ms until it holds; throws after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
