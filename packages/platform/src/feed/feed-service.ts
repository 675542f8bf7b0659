import { Metadata, type ServiceDefinition } from '@grpc/grpc-js';
import { RongtongError } from '@rongtong/core';
import type { FeedServiceHandlers } from '@rongtong/protocol';
import { BUS_TOPICS } from '../bus/bus.js';
import type { PlatformContext } from '../context.js';
import { toGrpcStatus } from '../grpc/grpc-error.js';
import { feedServiceDefinition } from './feed-wire.js';
import { createSharedSubscription } from './shared-subscription.js';
import { resolveSubscription } from './subscribe-request.js';
import { startSubscription, type FeedSubscription, type SubscribeCall, type SubscriptionStats } from './subscription.js';

/** Options of `createFeedService`. */
export interface FeedServiceOptions {
  /** Called with the final stats of every subscription when it ends (metrics, tests). */
  onSubscriptionEnd?: (stats: SubscriptionStats) => void;
}

/** The feed service: its gRPC handlers plus what the platform needs to observe and stop it. */
export interface FeedService {
  /** `rongtong.v1.FeedService` handlers, for `grpc.Server.addService(definition, handlers)`. */
  readonly handlers: FeedServiceHandlers;
  /**
   * The service definition to register `handlers` with (`feedServiceDefinition()`): it
   * writes stored events as spliced bytes. The stock definition from
   * `rongtongPackageDefinition()` works too, but decodes and re-encodes every event.
   */
  readonly definition: ServiceDefinition;
  /** Subscriptions open now. */
  readonly subscriptionCount: number;
  /** Stats of every open subscription (position, delivered, queued, …); lag = store.lastEventSeq() − position. */
  stats(): SubscriptionStats[];
  /**
   * Shutdown: ends every subscription with UNAVAILABLE (clients resume from their cursor on
   * any instance) and refuses new ones the same way. Idempotent; releases bus subscriptions.
   */
  closeAll(): void;
  /** Resolves when no subscription is open. */
  idle(): Promise<void>;
}

const ascii = new TextDecoder();
const MAX_SEQ = (1n << 64n) - 1n;

/**
 * Creates the feed service (`FeedService.Subscribe`): authenticated (`feed:read`),
 * tenant-scoped subscriptions that replay the store from a cursor and then follow live
 * events, woken by `BUS_TOPICS.feed` messages and ended with TOKEN_REVOKED when their
 * token is revoked (`BUS_TOPICS.tokenRevoked`). See `startSubscription` for flow control.
 */
export function createFeedService(ctx: PlatformContext, options: FeedServiceOptions = {}): FeedService {
  const logger = ctx.logger.child({ component: 'feed' });
  const subscriptions = new Set<FeedSubscription>();
  const releases = new Map<FeedSubscription, () => void>();
  let nextId = 1;
  let closing = false;

  const wakeups = createSharedSubscription(ctx.bus, BUS_TOPICS.feed, (message) => {
    const text = ascii.decode(message);
    const seq = /^\d{1,20}$/.test(text) ? BigInt(text) : MAX_SEQ;
    for (const subscription of subscriptions) subscription.wake(seq);
  });
  const revocations = createSharedSubscription(ctx.bus, BUS_TOPICS.tokenRevoked, (message) => {
    const tokenId = ascii.decode(message);
    for (const subscription of [...subscriptions]) {
      if (subscription.tokenId === tokenId) subscription.end(new RongtongError('TOKEN_REVOKED', 'the token was revoked'));
    }
  });

  const onClose = (subscription: FeedSubscription): void => {
    subscriptions.delete(subscription);
    releases.get(subscription)?.();
    releases.delete(subscription);
    if (options.onSubscriptionEnd) {
      try {
        options.onSubscriptionEnd(subscription.stats());
      } catch (err) {
        logger.error({ err }, 'an onSubscriptionEnd listener threw');
      }
    }
  };

  const open = async (call: SubscribeCall): Promise<void> => {
    let cancelled = false;
    const onCancelled = (): void => {
      cancelled = true;
    };
    call.once('cancelled', onCancelled);
    try {
      const principal = await ctx.auth.authenticate(call.metadata);
      const { filter, after } = await resolveSubscription(call.request, principal, ctx);
      if (cancelled) return;
      if (closing) throw new RongtongError('UNAVAILABLE', 'the platform is shutting down; resume from your cursor');
      call.sendMetadata(new Metadata());
      const releaseWakeups = wakeups.acquire();
      const releaseRevocations = revocations.acquire();
      const subscription = startSubscription({ id: nextId++, ctx, call, principal, filter, after, onClose });
      subscriptions.add(subscription);
      releases.set(subscription, () => {
        releaseWakeups();
        releaseRevocations();
      });
    } catch (error) {
      if (!cancelled) call.emit('error', toGrpcStatus(error, logger));
    } finally {
      call.off('cancelled', onCancelled);
    }
  };

  const handlers: FeedServiceHandlers = {
    Subscribe(call) {
      void open(call);
    },
  };

  return {
    handlers,
    definition: feedServiceDefinition(),
    get subscriptionCount() {
      return subscriptions.size;
    },
    stats: () => [...subscriptions].map((s) => s.stats()),
    closeAll() {
      closing = true;
      for (const subscription of [...subscriptions]) {
        subscription.end(new RongtongError('UNAVAILABLE', 'the platform is shutting down; resume from your cursor'));
      }
    },
    async idle() {
      await Promise.all([...subscriptions].map((s) => s.closed));
    },
  };
}
