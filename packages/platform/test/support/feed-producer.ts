import * as grpc from '@grpc/grpc-js';
import { rongtongPackageDefinition, type FeedServiceClient, type ProtoGrpcType, type SubscribeRequest, type SubscribeResponse__Output } from '@rongtong/protocol';
import type { PlatformContext } from '../../src/context.js';
import { createFeedService, type FeedService, type FeedServiceOptions } from '../../src/feed/feed-service.js';
import { shutdownServer } from '../../src/grpc/shutdown-server.js';
import { bearer } from './grpc-call.js';
import { payloadOf, sealNext, type SigningAgent } from './ingest-feed-fixtures.js';
import { connectAgent, queueOf, type StreamEnd } from './ingest-feed-streams.js';
import type { TestServer } from './start-test-server.js';

/**
 * Publishes `batches` batches of the agent over a real Publish stream, each with
 * `gapsPerBatch` gap records (so `gapsPerBatch + 1` feed events per batch), keeping up to
 * `window` batches in flight; resolves when every one is acknowledged.
 */
export async function publishGapBatches(server: TestServer, agent: SigningAgent, batches: number, gapsPerBatch: number, window = 16): Promise<void> {
  const { stream } = await connectAgent(server, agent);
  const gaps = Array.from({ length: gapsPerBatch }, (_, i) => ({ detail: `gap ${i}`, equipmentIds: [`m-${i % 3}`] }));
  let sent = 0;
  for (let acked = 0; acked < batches; acked++) {
    while (sent < batches && sent - acked < window) {
      stream.send(sealNext(agent, payloadOf({ sharingLevel: 'SHARING_LEVEL_KPI', gaps })));
      sent += 1;
    }
    const answer = await stream.next(10_000);
    if (!answer.ack) throw new Error(`batch not acknowledged: ${JSON.stringify(answer)}`);
  }
  const end = await stream.close();
  if (end.status !== 0) throw new Error(`publish stream ended with ${JSON.stringify(end)}`);
}

/** One subscription's worth of reading: what it received and how it ended. */
export interface ReadSession {
  events: string[];
  heartbeats: string[];
  end: StreamEnd;
}

/**
 * Subscribes and records every message until the stream ends; cancels it (client side)
 * once `cancelAfter` events were received. Every message that arrives is recorded, also
 * after the cancel, as a client that processes what it receives would.
 */
export function readSession(client: FeedServiceClient, secret: string, request: SubscribeRequest, cancelAfter = Infinity): Promise<ReadSession> {
  const call = client.Subscribe(request, bearer(secret));
  const queue = queueOf(call);
  const events: string[] = [];
  const heartbeats: string[] = [];
  call.on('data', (response: SubscribeResponse__Output) => {
    if (response.event) {
      events.push(response.event.cursor);
      if (events.length === cancelAfter) call.cancel();
    } else if (response.heartbeat) {
      heartbeats.push(response.heartbeat.cursor);
    }
  });
  return queue.ended.then((end) => ({ events, heartbeats, end }));
}

/** A feed service on its own gRPC server, registered the way a platform should: with `feed.definition`. */
export interface SplicedFeedServer {
  readonly feed: FeedService;
  readonly client: FeedServiceClient;
  close(): Promise<void>;
}

/** Serves `createFeedService(ctx)` with its own (spliced-bytes) definition on 127.0.0.1 (a free port). */
export async function startSplicedFeedServer(ctx: PlatformContext, options: FeedServiceOptions = {}): Promise<SplicedFeedServer> {
  const feed = createFeedService(ctx, options);
  const server = new grpc.Server();
  server.addService(feed.definition, feed.handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  const v1 = (grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType).rongtong.v1;
  const client = new v1.FeedService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    feed,
    client,
    async close() {
      feed.closeAll();
      client.close();
      await shutdownServer(server, 2000);
    },
  };
}
