import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { loadSync } from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { SERVICE_NAMES, rongtongPackageDefinition } from '@rongtong/protocol';
import { pino, type Logger } from 'pino';
import { createAuthenticator } from './auth/authenticator.js';
import type { Bus } from './bus/bus.js';
import { createInProcessBus } from './bus/in-process-bus.js';
import { DEFAULT_LIMITS, type PlatformContext, type PlatformLimits } from './context.js';
import { createFeedService } from './feed/feed-service.js';
import { createIngestService } from './ingest/ingest-service.js';
import { createPlatformMetrics, type PlatformMetrics } from './metrics.js';
import { createPlatformEvents, type PlatformEvents } from './platform-events.js';
import { createAdminService } from './services/admin-service.js';
import { createOnboardingService } from './services/onboarding-service.js';
import type { Store } from './store/store.js';
import { serverCredentials, type ServerTlsOptions } from './tls.js';

/** Options of `createPlatform`. */
export interface PlatformOptions {
  /** Store of record (SQLite built in: `createSqliteStore`; PostgreSQL from `@rongtong/store-postgres`). */
  store: Store;
  /** Wake-ups between instances; in-process by default (one instance). */
  bus?: Bus;
  /** pino logger; silent by default. Secrets are redacted. */
  logger?: Logger;
  /** Overrides of `DEFAULT_LIMITS`. */
  limits?: Partial<PlatformLimits>;
  /** Clock in ms (tests). */
  now?: () => number;
}

/** Options of `Platform.listen`. */
export interface ListenOptions {
  /** TLS (and mutual TLS); plaintext when absent — only for loopback and tests. */
  tls?: ServerTlsOptions;
  /** Extra grpc-js server options. */
  serverOptions?: grpc.ServerOptions;
}

/** A running (or ready) Rongtong platform. */
export interface Platform {
  /** Store, bus, auth, logger and limits the services use. */
  readonly context: PlatformContext;
  /** Typed hooks: batchCommitted, agentEnrolled, equipmentDeclared, enterpriseChanged, tokenRevoked, … */
  readonly events: PlatformEvents;
  /** Prometheus metrics of this platform. */
  readonly metrics: PlatformMetrics;
  /**
   * Adds the six Rongtong services, gRPC health and server reflection to a vendor's own
   * `grpc.Server` (call before it binds). `close()` still drains the streams it serves.
   */
  addTo(server: grpc.Server): void;
  /** Starts its own gRPC server on `address` (`host:port`, port 0 picks one). Resolves with the bound port. */
  listen(address: string, options?: ListenOptions): Promise<number>;
  /**
   * Graceful shutdown: health turns NOT_SERVING, feed streams end with UNAVAILABLE (clients
   * resume elsewhere from their cursor), ingest streams are given `graceMs` to finish their
   * in-flight batches, then everything is closed. Does not close the store or bus you passed.
   */
  close(graceMs?: number): Promise<void>;
}

const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

const REDACT = ['req.headers.authorization', 'authorization', 'token', 'secret', 'password', 'privateKey', '*.token', '*.secret', '*.password'];

/** Creates a platform over a store: services, health, reflection and metrics, ready to listen or embed. */
export function createPlatform(options: PlatformOptions): Platform {
  const logger = (options.logger ?? pino({ level: 'silent', redact: REDACT })).child({ component: 'platform' });
  const bus = options.bus ?? createInProcessBus();
  const events = createPlatformEvents();
  const metrics = createPlatformMetrics();
  const now = options.now ?? Date.now;
  const context: PlatformContext = {
    store: options.store,
    bus,
    auth: createAuthenticator({ store: options.store, now }),
    logger,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    events,
    now,
  };
  const ingest = createIngestService(context, {
    metrics: {
      batchCommitted: (samples) => {
        metrics.batches.inc({ result: 'committed' });
        metrics.samples.inc(samples);
      },
      batchDuplicate: () => metrics.batches.inc({ result: 'duplicate' }),
      batchRejected: (code) => metrics.rejects.inc({ code }),
      streamOpened: () => metrics.ingestStreams.inc(),
      streamClosed: () => metrics.ingestStreams.dec(),
    },
  });
  const feed = createFeedService(context);
  metrics.onCollect(async () => {
    const stats = feed.stats();
    metrics.feedSubscriptions.set(stats.length);
    if (stats.length === 0) return metrics.feedLag.set(0);
    const head = await options.store.lastEventSeq();
    const oldest = stats.reduce((min, s) => (s.position < min ? s.position : min), head);
    metrics.feedLag.set(Number(head - oldest));
  });
  const admin = createAdminService(context);
  const onboarding = createOnboardingService(context);
  const health = new HealthImplementation({ '': 'SERVING', ...Object.fromEntries(Object.values(SERVICE_NAMES).map((n) => [n, 'SERVING'])) });
  const definition = rongtongPackageDefinition();
  const servers = new Set<grpc.Server>();
  let closed = false;

  const service = (name: string) => definition[name] as grpc.ServiceDefinition;
  const platform: Platform = {
    context,
    events,
    metrics,
    addTo(server) {
      server.addService(service(SERVICE_NAMES.ingest), ingest.handlers);
      // The feed's own definition writes stored events as ready bytes (no re-encoding per subscriber).
      server.addService(feed.definition, feed.handlers);
      server.addService(service(SERVICE_NAMES.admin), admin);
      server.addService(service(SERVICE_NAMES.onboarding), onboarding);
      health.addToServer(server);
      // Reflection describes our services and the health service registered beside them.
      new ReflectionService({ ...definition, ...loadSync(healthProtoPath) }).addToServer(server);
      servers.add(server);
    },
    async listen(address, listenOptions = {}) {
      if (closed) throw new Error('the platform is closed');
      const credentials = listenOptions.tls ? serverCredentials(listenOptions.tls) : grpc.ServerCredentials.createInsecure();
      const server = new grpc.Server(listenOptions.serverOptions);
      platform.addTo(server);
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(address, credentials, (err, bound) => (err ? reject(err) : resolve(bound))),
      );
      logger.info({ address, port, tls: Boolean(listenOptions.tls) }, 'listening');
      return port;
    },
    async close(graceMs = 5000) {
      if (closed) return;
      closed = true;
      for (const name of ['', ...Object.values(SERVICE_NAMES)]) health.setStatus(name, 'NOT_SERVING');
      // Streams first: feeds end at once (clients resume from their cursor), ingest streams
      // answer the batches they already received, within the grace period.
      feed.closeAll();
      ingest.closeAll();
      await Promise.race([Promise.all([ingest.idle(), feed.idle()]), delay(graceMs)]);
      await Promise.all(
        [...servers].map(
          (server) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                server.forceShutdown();
                resolve();
              }, graceMs);
              timer.unref();
              server.tryShutdown(() => {
                clearTimeout(timer);
                resolve();
              });
            }),
        ),
      );
      servers.clear();
      if (!options.bus) await bus.close();
      logger.info('closed');
    },
  };
  return platform;
}
