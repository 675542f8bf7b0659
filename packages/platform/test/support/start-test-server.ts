import * as grpc from '@grpc/grpc-js';
import { SERVICE_NAMES, rongtongPackageDefinition, type ProtoGrpcType, type ServiceKey } from '@rongtong/protocol';
import { pino } from 'pino';
import { createAuthenticator } from '../../src/auth/authenticator.js';
import { newTokenRecord } from '../../src/auth/token-record.js';
import { generateSecret } from '../../src/auth/token-secret.js';
import type { Bus } from '../../src/bus/bus.js';
import { createInProcessBus } from '../../src/bus/in-process-bus.js';
import { DEFAULT_LIMITS, type PlatformContext, type PlatformLimits } from '../../src/context.js';
import { shutdownServer } from '../../src/grpc/shutdown-server.js';
import { createPlatformEvents } from '../../src/platform-events.js';
import type { TokenRecord } from '../../src/store/records.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

/** A built service that needs stopping: its handlers, and what `TestServer.close()` calls before the gRPC server shuts down. */
export interface ClosableService {
  handlers: grpc.UntypedServiceImplementation;
  /** Ends the service's open streams (e.g. `IngestService.closeAll`). */
  close(): void | Promise<void>;
}

/**
 * One service to serve: which `rongtong.v1` service, and how to build it from the context —
 * its handlers, or a `ClosableService` when its streams must end on `close()`.
 */
export interface ServiceRegistration {
  service: ServiceKey;
  create: (ctx: PlatformContext) => grpc.UntypedServiceImplementation | ClosableService;
}

/** A settable clock shared by the context and the authenticator (starts at the real time). */
export interface TestClock {
  readonly now: () => number;
  /** Moves the clock forward by `ms`. */
  readonly advance: (ms: number) => void;
}

/** Options of `startTestServer`. */
export interface StartTestServerOptions {
  /** The services to register on the server. */
  services: readonly ServiceRegistration[];
  /** Overrides of `DEFAULT_LIMITS`. */
  limits?: Partial<PlatformLimits>;
  /** The SQLite database of the store: a file path (a test may then change rows behind the platform), or `':memory:'` (the default). */
  dbPath?: string;
}

type V1 = ProtoGrpcType['rongtong']['v1'];

/** Typed clients of every `rongtong.v1` service, connected to the test server (insecure, loopback). */
export interface TestClients {
  admin: InstanceType<V1['AdminService']>;
  onboarding: InstanceType<V1['OnboardingService']>;
  ingest: InstanceType<V1['IngestService']>;
  feed: InstanceType<V1['FeedService']>;
  capacity: InstanceType<V1['CapacityService']>;
  market: InstanceType<V1['MarketService']>;
}

/** Fields of a token written straight into the store (the rest get working defaults). */
export type TestTokenFields = Pick<TokenRecord, 'tenantId' | 'kind' | 'scopes'> & Partial<TokenRecord>;

/** A running test server. */
export interface TestServer {
  readonly ctx: PlatformContext;
  readonly store: Store;
  readonly bus: Bus;
  readonly clock: TestClock;
  /** `127.0.0.1:<port>`. */
  readonly address: string;
  /** The store's SQLite database (`':memory:'` unless `dbPath` was given). */
  readonly dbPath: string;
  /** Secret of the deployment operator's token (tenant '', scope admin), made directly in the store. */
  readonly operatorSecret: string;
  readonly clients: TestClients;
  /** Writes a token directly into the store; returns it with its secret. */
  createToken(fields: TestTokenFields): Promise<{ token: TokenRecord; secret: string }>;
  /** Closes the clients, the closable services, the server, the bus and the store. */
  close(): Promise<void>;
}

function isClosable(built: grpc.UntypedServiceImplementation | ClosableService): built is ClosableService {
  return typeof built.handlers === 'object' && typeof built.close === 'function';
}

function createClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}

/**
 * Starts a gRPC server on 127.0.0.1 (a free port) with the given services over a fresh
 * SQLite store (`:memory:`, or the file `dbPath`) and an in-process bus, with a silent logger and a settable
 * clock, and an operator token made directly in the store. Close it in `afterAll`.
 */
export async function startTestServer(options: StartTestServerOptions): Promise<TestServer> {
  const dbPath = options.dbPath ?? ':memory:';
  const store = createSqliteStore({ path: dbPath });
  const bus = createInProcessBus();
  const clock = createClock();
  const ctx: PlatformContext = {
    store,
    bus,
    auth: createAuthenticator({ store, now: clock.now }),
    logger: pino({ level: 'silent' }),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    events: createPlatformEvents(),
    now: clock.now,
  };

  const definition = rongtongPackageDefinition();
  const server = new grpc.Server();
  const closables: ClosableService[] = [];
  for (const registration of options.services) {
    const built = registration.create(ctx);
    if (isClosable(built)) closables.push(built);
    server.addService(definition[SERVICE_NAMES[registration.service]] as grpc.ServiceDefinition, isClosable(built) ? built.handlers : built);
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  const address = `127.0.0.1:${port}`;

  const createToken = async (fields: TestTokenFields): Promise<{ token: TokenRecord; secret: string }> => {
    const secret = generateSecret(fields.kind);
    const token = await store.createToken(newTokenRecord({ description: 'test token', createTime: clock.now(), ...fields, secret }));
    return { token, secret };
  };
  const operator = await createToken({ tenantId: '', kind: 'api', scopes: ['admin'], description: 'operator' });

  const v1 = (grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType).rongtong.v1;
  const insecure = grpc.credentials.createInsecure();
  const clients: TestClients = {
    admin: new v1.AdminService(address, insecure),
    onboarding: new v1.OnboardingService(address, insecure),
    ingest: new v1.IngestService(address, insecure),
    feed: new v1.FeedService(address, insecure),
    capacity: new v1.CapacityService(address, insecure),
    market: new v1.MarketService(address, insecure),
  };

  return {
    ctx,
    store,
    bus,
    clock,
    address,
    dbPath,
    operatorSecret: operator.secret,
    clients,
    createToken,
    async close() {
      for (const client of Object.values(clients) as grpc.Client[]) client.close();
      for (const service of closables) await service.close();
      await shutdownServer(server, 2000);
      await bus.close();
      await store.close();
    },
  };
}
