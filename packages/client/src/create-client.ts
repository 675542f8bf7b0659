import * as grpc from '@grpc/grpc-js';
import { RongtongError } from '@rongtong/core';
import { type Logger, pino } from 'pino';
import { type AdminApi, createAdminApi } from './admin-api.js';
import { createCallContext } from './call-context.js';
import { type CapacityApi, createCapacityApi } from './capacity-api.js';
import { type TlsOptions, channelCredentials, tlsChannelOptions } from './channel-credentials.js';
import { createFeedSubscription } from './feed-subscription.js';
import { type MarketApi, createMarketApi } from './market-api.js';
import { type OnboardingApi, createOnboardingApi } from './onboarding-api.js';
import type { FeedSubscription, SubscribeOptions } from './subscribe-options.js';

/** Options of `createClient`. */
export interface ClientOptions {
  /** `host:port` of a Rongtong platform (embedded or `rongtong-platform`). */
  readonly address: string;
  /** API token, sent on every call as `authorization: Bearer <token>`. Never logged. */
  readonly token?: string;
  /**
   * TLS settings; absent means TLS with the system's root CAs. `false` means
   * plaintext, for loopback and tests only (the token then travels unencrypted).
   */
  readonly tls?: TlsOptions | false;
  /**
   * pino logger; the client logs through children with `component: 'rongtong-client'` and
   * `'rongtong-feed'`, never the token. Silent by default.
   */
  readonly logger?: Logger;
  /** Extra grpc-js channel options (keepalive, reconnect backoff, message sizes, …). */
  readonly channelOptions?: grpc.ChannelOptions;
  /** Deadline for unary calls that set none, in milliseconds. Default: none. */
  readonly defaultTimeoutMs?: number;
}

/** A typed client of one Rongtong platform over one gRPC channel. */
export interface RongtongClient {
  /** AdminService: tenants, enterprises, tokens, revocation, agents. */
  readonly admin: AdminApi;
  /** OnboardingService: enrol agents, declare equipment. */
  readonly onboarding: OnboardingApi;
  /** CapacityService: equipment, KPIs, capacity records, commitments, evidence. */
  readonly capacity: CapacityApi;
  /** MarketService: demand and supply items, matches. */
  readonly market: MarketApi;
  /** A resumable `FeedService.Subscribe` stream; see `FeedSubscription`. */
  subscribe(options?: SubscribeOptions): FeedSubscription;
  /**
   * Ends open subscriptions (their iterations finish), then closes the channel. Calls
   * made afterwards reject with `FAILED_PRECONDITION`; nothing keeps the process alive.
   */
  close(): void;
}

/**
 * Creates a client. Connects lazily, on the first call. Throws an `INVALID_CONFIG`
 * RongtongError naming the field when the options are unusable.
 */
export function createClient(options: ClientOptions): RongtongClient {
  if (typeof options.address !== 'string' || options.address.trim() === '') {
    throw new RongtongError('INVALID_CONFIG', 'invalid client options: address: must be host:port', {
      fieldViolations: [{ path: 'address', reason: 'must be host:port' }],
    });
  }
  const baseLogger = options.logger ?? pino({ level: 'silent' });
  const logger = baseLogger.child({ component: 'rongtong-client' });
  const client = new grpc.Client(options.address, channelCredentials(options.tls), {
    ...tlsChannelOptions(options.tls),
    ...options.channelOptions,
  });
  let closed = false;
  const subscriptions = new Set<FeedSubscription>();
  const context = createCallContext({
    client,
    logger: baseLogger,
    token: options.token,
    defaultTimeoutMs: options.defaultTimeoutMs,
    isClosed: () => closed,
  });
  logger.debug({ address: options.address, tls: options.tls !== false }, 'client created');
  return {
    admin: createAdminApi(context),
    onboarding: createOnboardingApi(context),
    capacity: createCapacityApi(context),
    market: createMarketApi(context),
    subscribe(subscribeOptions?: SubscribeOptions): FeedSubscription {
      const subscription = createFeedSubscription(context, subscribeOptions, {
        onClose: (s) => subscriptions.delete(s),
      });
      if (subscription.state !== 'closed') subscriptions.add(subscription);
      return subscription;
    },
    close(): void {
      if (closed) return;
      closed = true;
      for (const subscription of [...subscriptions]) void subscription.return();
      subscriptions.clear();
      client.close();
      logger.debug('client closed');
    },
  };
}
