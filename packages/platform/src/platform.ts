import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { loadSync } from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { SERVICE_NAMES, rongtongPackageDefinition } from '@rongtong/protocol';
import { pino, type Logger } from 'pino';
import { createAuthenticator } from './auth/authenticator.js';
import type { Bus } from './bus/bus.js';
import { createCapacityEngine, type CapacityEngine, type CapacityOptions } from './capacity/index.js';
import { createInProcessBus } from './bus/in-process-bus.js';
import { DEFAULT_LIMITS, type PlatformContext, type PlatformLimits } from './context.js';
import { createFeedService } from './feed/feed-service.js';
import { shutdownServer } from './grpc/shutdown-server.js';
import { createIngestService } from './ingest/ingest-service.js';
import { createPlatformMetrics, type PlatformMetrics } from './metrics.js';
import { createPlatformEvents, type PlatformEvents } from './platform-events.js';
import { createAdminService } from './services/admin-service.js';
import { createCapacityService } from './services/capacity-service.js';
import { createMarketService } from './services/market-service.js';
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
  /** KPI and capacity computation: shift calendars, state mapping, forecast horizon (see `CapacityOptionsSchema`). */
  capacity?: CapacityOptions;
}

/** Options of `Platform.addTo`. */
export interface AddToOptions {
  /** Register `grpc.health.v1.Health` (default true). */
  health?: boolean;
  /** Register server reflection for the Rongtong services (default true). */
  reflection?: boolean;
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
   * The capacity engine: computes KPIs and capacity records in the background after batches
   * commit; `flush()` waits until everything committed so far is computed.
   */
  readonly capacity: CapacityEngine;
  /**
   * Adds the Rongtong services (ingest, feed, admin, onboarding) to a vendor's own
   * `grpc.Server` (made with `recommendedServerOptions(limits)`), before it binds; with `health` and `reflection` (both on by default) also
   * `grpc.health.v1.Health` and server reflection — turn them off when the vendor serves its
   * own. `close()` then drains the Rongtong streams on it but leaves the server running:
   * shutting it down is the vendor's call.
   */
  addTo(server: grpc.Server, options?: AddToOptions): void;
  /** Starts its own gRPC server on `address` (`host:port`, port 0 picks one). Resolves with the bound port. */
  listen(address: string, options?: ListenOptions): Promise<number>;
  /**
   * Graceful shutdown: health turns NOT_SERVING, feed streams end with UNAVAILABLE (clients
   * resume elsewhere from their cursor), ingest streams answer the batches they already
   * received, and the servers `listen()` started shut down — all within `graceMs` in total.
   * Servers passed to `addTo` keep running; the store and a bus you passed stay open.
   */
  close(graceMs?: number): Promise<void>;
}

const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

const HEALTH_SERVICE = 'grpc.health.v1.Health';

/** Room for the envelope around a payload of `maxBatchBytes` (ids, seq, hashes, signature). */
const ENVELOPE_ALLOWANCE = 1024 * 1024;

/**
 * grpc-js server options a server carrying the Rongtong services needs: a receive limit
 * above `maxBatchBytes`, so an oversized batch reaches the ingest check and is rejected
 * with BATCH_TOO_LARGE naming the field, instead of the transport ending the whole stream.
 * `listen()` applies them; pass them to your own `grpc.Server` when you use `addTo`.
 */
export function recommendedServerOptions(limits: Pick<PlatformLimits, 'maxBatchBytes'> = DEFAULT_LIMITS): grpc.ServerOptions {
  return { 'grpc.max_receive_message_length': limits.maxBatchBytes + ENVELOPE_ALLOWANCE };
}

const REDACT = ['req.headers.authorization', 'authorization', 'token', 'secret', 'password', 'privateKey', '*.token', '*.secret', '*.password'];

/** Creates a platform over a store: services, health, reflection and metrics, ready to listen or embed. */
export function createPlatform(options: PlatformOptions): Platform {
  // Services make their own `component` children of the root logger.
  const rootLogger = options.logger ?? pino({ level: 'silent', redact: REDACT });
  const logger = rootLogger.child({ component: 'platform' });
  const bus = options.bus ?? createInProcessBus();
  const events = createPlatformEvents();
  const metrics = createPlatformMetrics();
  const now = options.now ?? Date.now;
  const context: PlatformContext = {
    store: options.store,
    bus,
    auth: createAuthenticator({ store: options.store, now }),
    logger: rootLogger,
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
  const capacity = createCapacityEngine(context, options.capacity);
  capacity.start();
  const admin = createAdminService(context);
  const onboarding = createOnboardingService(context);
  const capacityService = createCapacityService(context);
  // An accepted match answers only once the supplier's future records show the commitment.
  const market = createMarketService(context, { refreshFuture: (tenantId, enterpriseId) => capacity.refreshFuture(tenantId, enterpriseId) });
  // The services this platform serves.
  const served = [SERVICE_NAMES.ingest, SERVICE_NAMES.feed, SERVICE_NAMES.admin, SERVICE_NAMES.onboarding, SERVICE_NAMES.capacity, SERVICE_NAMES.market];
  const health = new HealthImplementation({ '': 'SERVING', ...Object.fromEntries(served.map((n) => [n, 'SERVING'])) });
  const definition = rongtongPackageDefinition();
  const ownServers = new Set<grpc.Server>();
  let closed = false;

  const service = (name: string) => definition[name] as grpc.ServiceDefinition;
  const platform: Platform = {
    context,
    events,
    metrics,
    capacity,
    addTo(server, addOptions = {}) {
      server.addService(service(SERVICE_NAMES.ingest), ingest.handlers);
      // The feed's own definition writes stored events as ready bytes (no re-encoding per subscriber).
      server.addService(feed.definition, feed.handlers);
      server.addService(service(SERVICE_NAMES.admin), admin);
      server.addService(service(SERVICE_NAMES.onboarding), onboarding);
      server.addService(service(SERVICE_NAMES.capacity), capacityService);
      server.addService(service(SERVICE_NAMES.market), market);
      if (addOptions.health !== false) health.addToServer(server);
      if (addOptions.reflection !== false) {
        // Reflection lists exactly the services registered here (with health when it is).
        const withHealth = addOptions.health !== false;
        const services = withHealth ? [...served, HEALTH_SERVICE] : served;
        new ReflectionService(withHealth ? { ...definition, ...loadSync(healthProtoPath) } : definition, { services }).addToServer(server);
      }
    },
    async listen(address, listenOptions = {}) {
      if (closed) throw new Error('the platform is closed');
      const credentials = listenOptions.tls ? serverCredentials(listenOptions.tls) : grpc.ServerCredentials.createInsecure();
      const server = new grpc.Server({ ...recommendedServerOptions(context.limits), ...listenOptions.serverOptions });
      platform.addTo(server);
      ownServers.add(server);
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(address, credentials, (err, bound) => (err ? reject(err) : resolve(bound))),
      );
      logger.info({ address, port, tls: Boolean(listenOptions.tls) }, 'listening');
      return port;
    },
    async close(graceMs = 5000) {
      if (closed) return;
      closed = true;
      const deadline = Date.now() + graceMs;
      for (const name of ['', ...served]) health.setStatus(name, 'NOT_SERVING');
      // Streams first: feeds end at once (clients resume from their cursor), ingest streams
      // answer the batches they already received; then our own servers, in what is left.
      feed.closeAll();
      ingest.closeAll();
      await Promise.race([Promise.all([ingest.idle(), feed.idle()]), delay(graceMs)]);
      await Promise.race([capacity.stop(), delay(Math.max(0, deadline - Date.now()))]);
      const left = Math.max(0, deadline - Date.now());
      await Promise.all([...ownServers].map((server) => shutdownServer(server, left)));
      ownServers.clear();
      if (!options.bus) await bus.close();
      logger.info('closed');
    },
  };
  return platform;
}
