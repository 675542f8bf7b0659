import { type AddressInfo, type Server, type Socket, createServer as createNetServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { isLoopbackHost } from '@rongtong/core';
import { Aedes, type AedesOptions, type AuthenticateError, type Client } from 'aedes';
import { type MqttLogger, silentMqttLogger } from '../mqtt-logger.js';
import { type BrokerClientAcl, aclAllowsPublish, aclAllowsReceive, aclAllowsSubscribe, fillAclFilters } from './broker-acl.js';
import { secretsEqual, verifyBrokerPassword } from './broker-password.js';
import {
  type EmbeddedBrokerConfig,
  type EmbeddedBrokerConfigInput,
  type EmbeddedBrokerUser,
  EmbeddedBrokerConfigSchema,
  parseListenAddress,
} from './embedded-broker-config.js';
import { FilePersistence } from './file-persistence.js';

/** Options of {@link startEmbeddedBroker}. */
export interface EmbeddedBrokerOptions {
  /** The broker config; parsed with {@link EmbeddedBrokerConfigSchema} here (errors name the field). */
  readonly config: EmbeddedBrokerConfigInput | EmbeddedBrokerConfig;
  /** Logger (silent by default); passwords never reach it. */
  readonly logger?: MqttLogger;
}

/** Counters of a running embedded broker. */
export interface EmbeddedBrokerStats {
  /** Clients connected and authenticated now. */
  readonly clientsConnected: number;
  /** CONNECTs refused: bad username or password, or anonymous when not allowed. */
  readonly authFailures: number;
  /** PUBLISHes dropped by the publish ACL (acknowledged to the client, delivered to no one). */
  readonly publishesDenied: number;
  /** Subscriptions refused by the subscribe ACL (granted QoS 128). */
  readonly subscriptionsDenied: number;
  /** TCP connections closed at once because `maxConnections` were open. */
  readonly connectionsRefused: number;
  /** Retained messages, persistent sessions and their queued messages in the state. */
  readonly retainedMessages: number;
  readonly persistentSessions: number;
  readonly queuedMessages: number;
  /** State snapshots written to `stateDir`, and failed writes. */
  readonly stateWrites: number;
  readonly stateWriteErrors: number;
}

/** A running embedded broker. */
export interface EmbeddedBroker {
  /** The host it listens on, and the port (the actual one when the config said port 0). */
  readonly host: string;
  readonly port: number;
  /** `mqtt://host:port` (`mqtts://` with TLS; IPv6 hosts in brackets) for clients on this machine. */
  readonly url: string;
  stats(): EmbeddedBrokerStats;
  /** Disconnects every client, stops listening and writes the state a last time. Idempotent. */
  close(): Promise<void>;
}

const pem = (value: string | Uint8Array): string | Buffer => (typeof value === 'string' ? value : Buffer.from(value));

function authError(message: string, returnCode: 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

/**
 * Starts the embedded MQTT broker (aedes; MQTT 3.1.1 and 5) on the configured interface:
 *
 * - **Authentication**: a CONNECT must carry the username and password (or scrypt hash) of a
 *   configured user, compared in constant time — else CONNACK "bad username or password"
 *   (return code 4); without a username it is refused with "not authorized" (5) unless
 *   `allowAnonymous`. Failures are counted and logged with the username and client id, never the password.
 * - **ACLs**: a PUBLISH to a topic outside the user's `publish` filters is acknowledged but
 *   dropped and counted (the connection stays up); a subscription not within one of the
 *   `subscribe` filters is refused with granted QoS 128 (the others of the SUBSCRIBE are
 *   granted); messages are only forwarded on topics the subscribe filters match.
 * - **State** in `stateDir/state.json` (see {@link FilePersistence}): retained messages, the
 *   subscriptions and queued QoS 1/2 messages of persistent sessions survive a close and
 *   restart. A crash loses the changes of the last `stateFlushMs` (default 1 s): messages
 *   queued or retained in that window are lost, messages acknowledged in it are delivered
 *   again (QoS 1 stays at-least-once). Wills do not survive a restart.
 *
 * Binding a non-loopback host is allowed; the caller should warn (this function logs a warning too).
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const config = EmbeddedBrokerConfigSchema.parse(options.config);
  const logger = options.logger ?? silentMqttLogger;
  const listen = parseListenAddress(config.listen);
  if ('problem' in listen) throw new Error(`listen: ${listen.problem}`);

  const users = new Map<string, EmbeddedBrokerUser>(config.users.map((u) => [u.username, u]));
  const anonymousAcl = config.anonymous ?? { publish: [], subscribe: [] };
  const aclByClient = new WeakMap<Client, BrokerClientAcl>();
  const aclByClientId = new Map<string, BrokerClientAcl>();
  const denied = new WeakSet<object>();
  const counters = { authFailures: 0, publishesDenied: 0, subscriptionsDenied: 0, connectionsRefused: 0 };

  const persistence = new FilePersistence({
    stateDir: config.stateDir,
    flushMs: config.stateFlushMs,
    onWriteError: (err) => logger.error({ err: String(err), stateDir: config.stateDir }, 'embedded broker: writing the state failed'),
    // A refused subscription in a SUBSCRIBE of a persistent session must not be stored with the granted ones.
    keepSubscription: (clientId, topic) => {
      const acl = aclByClientId.get(clientId);
      return acl !== undefined && aclAllowsSubscribe(acl, topic);
    },
  });
  await persistence.load();

  const refuse = (client: Client, username: string | undefined, reason: string, code: 4 | 5, done: (err: AuthenticateError, ok: null) => void) => {
    counters.authFailures += 1;
    logger.warn({ clientId: client.id, username, reason }, 'embedded broker: connection refused');
    done(authError(code === 4 ? 'bad username or password' : 'not authorized', code), null);
  };

  const accept = (client: Client, acl: { readonly publish: readonly string[]; readonly subscribe: readonly string[] }, username: string) => {
    const values = { username, clientId: client.id };
    const filled = { publish: fillAclFilters(acl.publish, values), subscribe: fillAclFilters(acl.subscribe, values) };
    aclByClient.set(client, filled);
    aclByClientId.set(client.id, filled);
  };

  const aedesOptions: AedesOptions = {
    persistence,
    authenticate: (client, username, password, done) => {
      if (username === undefined || username === '') {
        if (!config.allowAnonymous) return refuse(client, undefined, 'anonymous clients are not allowed', 5, done);
        accept(client, anonymousAcl, '');
        return done(null, true);
      }
      const user = users.get(username);
      const given = password ?? Buffer.alloc(0);
      if (user === undefined) {
        // Same work as for a known user, so the timing does not tell which usernames exist.
        secretsEqual(given, 'x');
        return refuse(client, username, 'unknown username', 4, done);
      }
      const check = user.password !== undefined ? Promise.resolve(secretsEqual(given, user.password)) : verifyBrokerPassword(given.toString('utf8'), user.passwordHash!);
      check.then(
        (ok) => {
          if (!ok) return refuse(client, username, 'wrong password', 4, done);
          accept(client, user, username);
          done(null, true);
        },
        () => refuse(client, username, 'password check failed', 4, done),
      );
    },
    authorizePublish: (client, packet, done) => {
      if (client === null) return done(null); // a will of a client gone with an earlier broker
      if (packet.topic.startsWith('$SYS')) return done(new Error('$SYS topics are reserved'));
      const acl = aclByClient.get(client);
      if (acl === undefined || !aclAllowsPublish(acl, packet.topic)) {
        counters.publishesDenied += 1;
        logger.debug({ clientId: client.id, topic: packet.topic }, 'embedded broker: publish denied by ACL, dropped');
        denied.add(packet);
      }
      done(null);
    },
    authorizeSubscribe: (client, subscription, done) => {
      const acl = aclByClient.get(client);
      if (acl === undefined || !aclAllowsSubscribe(acl, subscription.topic)) {
        counters.subscriptionsDenied += 1;
        logger.warn({ clientId: client.id, topic: subscription.topic }, 'embedded broker: subscription denied by ACL');
        return done(null, null);
      }
      done(null, subscription);
    },
    authorizeForward: (client, packet) => {
      if (packet.topic.startsWith('$SYS')) return packet;
      const acl = aclByClient.get(client);
      return acl !== undefined && aclAllowsReceive(acl, packet.topic) ? packet : null;
    },
  };
  const aedes = await Aedes.createBroker(aedesOptions);
  // A denied PUBLISH was acknowledged by aedes (MQTT 3.1.1 has no negative acknowledgement);
  // this is where it is dropped: not retained, not delivered, not queued.
  const publish = aedes.publish.bind(aedes);
  aedes.publish = ((packet: object, client: unknown, done?: unknown) => {
    if (denied.has(packet)) {
      const cb = (typeof client === 'function' ? client : done) as ((err?: Error) => void) | undefined;
      return cb?.();
    }
    return (publish as (p: object, c: unknown, d: unknown) => void)(packet, client, done);
  });
  aedes.on('clientDisconnect', (client: Client) => {
    if (aclByClientId.get(client.id) === aclByClient.get(client)) aclByClientId.delete(client.id);
  });

  const sockets = new Set<Socket>();
  const handle = (socket: Socket) => {
    if (sockets.size >= config.maxConnections) {
      counters.connectionsRefused += 1;
      logger.warn({ maxConnections: config.maxConnections }, 'embedded broker: too many connections, closing a new one');
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  };
  const server: Server = config.tls
    ? createTlsServer({ cert: pem(config.tls.cert), key: pem(config.tls.key), ...(config.tls.passphrase === undefined ? {} : { passphrase: config.tls.passphrase }) }, handle)
    : createNetServer(handle);
  server.on('tlsClientError', (err: Error) => logger.debug({ err: err.message }, 'embedded broker: TLS handshake failed'));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port, listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await persistence.destroy();
    throw err;
  }
  server.on('error', (err) => logger.error({ err: err.message }, 'embedded broker: listener error'));
  const port = (server.address() as AddressInfo).port;
  const urlHost = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  const url = `${config.tls ? 'mqtts' : 'mqtt'}://${urlHost}:${port}`;
  if (!isLoopbackHost(listen.host)) logger.warn({ host: listen.host, port }, 'embedded broker: listening beyond this machine');
  logger.info({ host: listen.host, port, users: users.size, stateDir: config.stateDir }, 'embedded broker: started');

  let closing: Promise<void> | undefined;
  return {
    host: listen.host,
    port,
    url,
    stats: () => {
      const counts = persistence.counts();
      return {
        clientsConnected: aedes.connectedClients,
        ...counters,
        retainedMessages: counts.retained,
        persistentSessions: counts.sessions,
        queuedMessages: counts.queued,
        stateWrites: persistence.writes,
        stateWriteErrors: persistence.writeErrors,
      };
    },
    close: () =>
      (closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await serverClosed;
        await persistence.destroy();
        logger.info({ host: listen.host, port }, 'embedded broker: closed');
      })()),
  };
}
