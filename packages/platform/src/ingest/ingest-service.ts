import type { IngestServiceHandlers } from '@rongtong/protocol';
import { RongtongError } from '@rongtong/core';
import { BUS_TOPICS } from '../bus/bus.js';
import type { PlatformContext } from '../context.js';
import { createSharedSubscription } from '../feed/shared-subscription.js';
import { createBatchProcessor } from './batch-processor.js';
import { createIngestCounters, teeIngestMetrics, type IngestMetrics, type IngestMetricsSnapshot } from './ingest-metrics.js';
import { startPublishSession, type PublishSession } from './publish-session.js';
import { createSignalDirectory } from './signal-directory.js';

/** Options of `createIngestService`. */
export interface IngestServiceOptions {
  /** An extra metrics sink (e.g. Prometheus counters); the service always keeps its own counters too. */
  metrics?: IngestMetrics;
  /** How long a stream may stay open without Hello; 30 s by default. */
  helloTimeoutMs?: number;
  /** How often an open stream re-reads its token from the store, in case a revocation message was lost; 15 s by default. */
  tokenRecheckMs?: number;
}

/** The ingest service: its gRPC handlers plus what the platform needs to run and stop it. */
export interface IngestService {
  /** `rongtong.v1.IngestService` handlers, for `grpc.Server.addService`. */
  readonly handlers: IngestServiceHandlers;
  /** Counters since the service was created: committed and duplicate batches, samples, rejects by code, open streams. */
  metrics(): IngestMetricsSnapshot;
  /** Publish streams whose Hello was accepted and that have not ended. */
  readonly openStreams: number;
  /**
   * Starts shutdown: new streams end with UNAVAILABLE; open streams stop taking batches,
   * answer the ones already received, then end with UNAVAILABLE (agents reconnect, to
   * another instance, and resume from Welcome). Idempotent. Call it before the gRPC
   * server's `tryShutdown`, and await `idle()` for the streams to be answered.
   */
  closeAll(): void;
  /** Resolves when no stream is open (immediately when none is). */
  idle(): Promise<void>;
}

const DEFAULT_HELLO_TIMEOUT_MS = 30_000;
const DEFAULT_TOKEN_RECHECK_MS = 15_000;
const utf8 = new TextDecoder();

/**
 * Creates the ingest service (`IngestService.Publish`). Each stream is authenticated by its
 * agent credential (scope `ingest`) and its batches are verified against the agent's
 * stored chain head and public key, committed with their feed events in one store
 * transaction, acknowledged, and announced on the bus (`BUS_TOPICS.feed`). Streams opened
 * with a token that gets revoked (`BUS_TOPICS.tokenRevoked`) end with TOKEN_REVOKED.
 */
export function createIngestService(ctx: PlatformContext, options: IngestServiceOptions = {}): IngestService {
  const counters = createIngestCounters();
  const metrics = options.metrics ? teeIngestMetrics(counters, options.metrics) : counters;
  const signals = createSignalDirectory({ store: ctx.store, events: ctx.events, now: ctx.now });
  const processor = createBatchProcessor({ ctx, metrics, signals });
  const sessions = new Set<PublishSession>();
  const byToken = new Map<string, Set<PublishSession>>();
  const releases = new Map<PublishSession, () => void>();
  let closing = false;

  const revocations = createSharedSubscription(ctx.bus, BUS_TOPICS.tokenRevoked, (message) => {
    const revoked = byToken.get(utf8.decode(message));
    if (!revoked) return;
    for (const session of [...revoked]) session.end(new RongtongError('TOKEN_REVOKED', 'the token was revoked'));
  });

  const onOpen = (session: PublishSession): boolean => {
    if (closing) return false;
    let group = byToken.get(session.tokenId);
    if (!group) byToken.set(session.tokenId, (group = new Set()));
    group.add(session);
    releases.set(session, revocations.acquire());
    return true;
  };

  const onClose = (session: PublishSession): void => {
    sessions.delete(session);
    const group = byToken.get(session.tokenId);
    group?.delete(session);
    if (group?.size === 0) byToken.delete(session.tokenId);
    releases.get(session)?.();
    releases.delete(session);
  };

  const handlers: IngestServiceHandlers = {
    Publish(call) {
      const session = startPublishSession(call, {
        ctx,
        processor,
        metrics,
        onOpen,
        onClose,
        helloTimeoutMs: options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS,
        tokenRecheckMs: options.tokenRecheckMs ?? DEFAULT_TOKEN_RECHECK_MS,
      });
      sessions.add(session);
      if (closing) session.drain();
    },
  };

  return {
    handlers,
    metrics: () => counters.snapshot(),
    get openStreams() {
      return releases.size;
    },
    closeAll() {
      closing = true;
      for (const session of [...sessions]) session.drain();
      signals.close();
    },
    async idle() {
      await Promise.all([...sessions].map((s) => s.closed));
    },
  };
}
