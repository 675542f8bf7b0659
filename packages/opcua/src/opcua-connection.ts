import {
  AttributeIds,
  type ClientSession,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  type UserIdentityInfo,
  VariableIds,
  makeNodeId,
} from 'node-opcua';
import type { ClientPki } from './client-pki.js';
import { type OpcuaConnectionConfig, effectiveSecurityPolicy } from './opcua-source-config.js';
import type { OpcuaSecurityMode, OpcuaSecurityPolicy } from './security-settings.js';
import { NO_SERVER_LIMITS, type OpcuaServerLimits } from './subscription-planner.js';
import { describeUser, userIdentity } from './user-identity.js';

/** What a connection attempt needs. */
export interface ConnectionSettings {
  readonly endpointUrl: string;
  readonly securityMode: OpcuaSecurityMode;
  readonly securityPolicy: OpcuaSecurityPolicy;
  readonly applicationName: string;
  readonly clientName: string;
  readonly user: UserIdentityInfo;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly keepAliveIntervalMs: number;
}

/** How log lines and error messages name a connection (never with a secret). */
export interface ConnectionDescription {
  readonly endpointUrl: string;
  /** e.g. `SignAndEncrypt / Basic256Sha256`. */
  readonly security: string;
  /** e.g. `anonymous user`, `user "op"`, `certificate user`. */
  readonly user: string;
}

/** The fields of a parsed connection config that a connection attempt uses. */
export type ConnectionConfigFields = Pick<
  OpcuaConnectionConfig,
  | 'endpointUrl'
  | 'securityMode'
  | 'securityPolicy'
  | 'user'
  | 'applicationName'
  | 'connectTimeoutMs'
  | 'requestTimeoutMs'
  | 'sessionTimeoutMs'
  | 'keepAliveIntervalMs'
>;

/**
 * The connection settings of a parsed connection config (the source's and discovery's): the
 * effective security policy, the node-opcua user identity (a user certificate and key are
 * checked here: `INVALID_CONFIG` naming `user.certificate` / `user.privateKey`), and how
 * messages name the connection.
 */
export function connectionSettingsOf(config: ConnectionConfigFields, clientName: string): { settings: ConnectionSettings; where: ConnectionDescription } {
  const policy = effectiveSecurityPolicy(config);
  const settings: ConnectionSettings = {
    endpointUrl: config.endpointUrl,
    securityMode: config.securityMode,
    securityPolicy: policy,
    applicationName: config.applicationName,
    clientName,
    user: userIdentity(config.user),
    connectTimeoutMs: config.connectTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    sessionTimeoutMs: config.sessionTimeoutMs,
    keepAliveIntervalMs: config.keepAliveIntervalMs,
  };
  return { settings, where: { endpointUrl: config.endpointUrl, security: `${config.securityMode} / ${policy}`, user: describeUser(config.user) } };
}

/** A session on a server, with what the source needs to know of the server. */
export interface OpenConnection {
  readonly client: OPCUAClient;
  readonly session: ClientSession;
  /** The server's NamespaceArray (index → URI) for this session. */
  readonly namespaceArray: readonly string[];
  /** The server's limits (0 where it sets none). */
  readonly limits: OpcuaServerLimits;
}

/** Why a connection went away, as the source reports it on its samples. */
export type LossKind = 'closed' | 'failed';

/** Hooks of one connection attempt. */
export interface ConnectionHooks {
  /** Called once the client exists, so `stop()` can disconnect it while it connects. */
  onClient(client: OPCUAClient): void;
  /** Called (possibly more than once) when the connection breaks: the channel closed, or a keep-alive failed. */
  onLost(kind: LossKind, cause: Error): void;
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** Rejects with `message` if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

const LIMIT_NODES: readonly (readonly [keyof OpcuaServerLimits, number])[] = [
  ['maxMonitoredItemsPerCall', VariableIds.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall],
  ['maxNodesPerRead', VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead],
  ['maxMonitoredItemsPerSubscription', VariableIds.Server_ServerCapabilities_MaxMonitoredItemsPerSubscription],
  ['maxSubscriptionsPerSession', VariableIds.Server_ServerCapabilities_MaxSubscriptionsPerSession],
  ['maxMonitoredItems', VariableIds.Server_ServerCapabilities_MaxMonitoredItems],
];

/**
 * Reads the server's NamespaceArray and its limits (`OperationLimits` and the 1.05
 * `ServerCapabilities` counts) in one Read. A limit the server does not expose is 0 ("none").
 */
export async function readServerInfo(session: ClientSession): Promise<{ namespaceArray: string[]; limits: OpcuaServerLimits }> {
  const nodes = [VariableIds.Server_NamespaceArray, ...LIMIT_NODES.map(([, id]) => id)];
  const values = await session.read(nodes.map((id) => ({ nodeId: makeNodeId(id), attributeId: AttributeIds.Value })));
  const namespaceValue: unknown = values[0]?.statusCode.isGood() ? values[0].value.value : undefined;
  const namespaceArray = Array.isArray(namespaceValue) ? namespaceValue.map(String) : ['http://opcfoundation.org/UA/'];
  const limits: Record<string, number> = { ...NO_SERVER_LIMITS };
  LIMIT_NODES.forEach(([key], i) => {
    const dv = values[i + 1];
    const v: unknown = dv?.statusCode.isGood() ? dv.value.value : undefined;
    limits[key] = typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
  });
  return { namespaceArray, limits: limits as unknown as OpcuaServerLimits };
}

/**
 * Opens one connection: a node-opcua client that does not reconnect on its own (the source
 * owns reconnection and its backoff), the secure channel (the server certificate is checked
 * by the PKI), the session with the user, and the server info. Rejects on any failure, after
 * disconnecting the client; the whole of channel and session must be done within
 * `connectTimeoutMs`.
 */
export async function openConnection(settings: ConnectionSettings, pki: ClientPki, hooks: ConnectionHooks): Promise<OpenConnection> {
  const client = OPCUAClient.create({
    applicationName: settings.applicationName,
    clientName: settings.clientName,
    endpointMustExist: false,
    securityMode: MessageSecurityMode[settings.securityMode],
    securityPolicy: SecurityPolicy[settings.securityPolicy],
    // One try per connect; the source retries with its own backoff, on a new client.
    connectionStrategy: { maxRetry: 0, initialDelay: 1_000, maxDelay: 1_000 },
    clientCertificateManager: pki.manager,
    keepSessionAlive: true,
    keepAliveInterval: settings.keepAliveIntervalMs,
    requestedSessionTimeout: settings.sessionTimeoutMs,
    defaultTransactionTimeout: settings.requestTimeoutMs,
  });
  hooks.onClient(client);
  client.on('connection_lost', () => hooks.onLost('closed', new Error('the connection was lost')));
  client.on('close', (err?: Error | null) => {
    if (err) hooks.onLost('closed', err);
  });
  try {
    const session = await withTimeout(
      (async () => {
        await client.connect(settings.endpointUrl);
        return client.createSession(settings.user);
      })(),
      settings.connectTimeoutMs,
      `no answer from ${settings.endpointUrl} within ${settings.connectTimeoutMs} ms`,
    );
    session.on('keepalive_failure', () => hooks.onLost('failed', new Error('a keep-alive read of the server state failed')));
    session.on('session_closed', () => hooks.onLost('closed', new Error('the server closed the session')));
    const info = await readServerInfo(session);
    return { client, session, ...info };
  } catch (err) {
    await closeClient(client, undefined, 2_000);
    throw asError(err);
  }
}

/**
 * Closes a session (deleting its subscriptions on the server) and disconnects the client,
 * giving up on the polite part after `timeoutMs` (a dead server does not answer): nothing of
 * the client is left running afterwards.
 */
export async function closeClient(client: OPCUAClient, session: ClientSession | undefined, timeoutMs: number): Promise<void> {
  if (session) {
    await withTimeout(session.close(true), timeoutMs, 'session close timed out').catch(() => undefined);
  }
  await withTimeout(client.disconnect(), timeoutMs, 'disconnect timed out').catch(() => undefined);
}
