import { createSecureContext } from 'node:tls';
import { type BackoffOptions, RongtongError, isRongtongError, nextBackoffMs, resolveBackoffOptions } from '@rongtong/core';
import mqtt from 'mqtt';
import type { IClientOptions, IClientPublishOptions, IClientSubscribeOptions, MqttClient, Packet } from 'mqtt';
import { brokerRefusal, transportError } from './broker-errors.js';
import type { MqttConnectionConfig } from './mqtt-connection-config.js';
import type { MqttLogger } from './mqtt-logger.js';
import type { MqttSubscription } from './topic-filter.js';

/** A connection that lasted this long resets the backoff attempt counter. */
const STABLE_CONNECTION_MS = 10_000;
/** How long close() waits for a clean DISCONNECT (and for `beforeDisconnect`) before closing the socket. */
const END_TIMEOUT_MS = 2_000;

/** The states a connection moves a source through (`idle` and `closed` are the source's own). */
export type MqttConnectionState = 'connecting' | 'connected' | 'backoff';

/** The MQTT Will message registered with each CONNECT. */
export interface MqttWill {
  readonly topic: string;
  readonly payload: string | Buffer;
  readonly qos: 0 | 1 | 2;
  readonly retain: boolean;
}

/** Options of {@link createMqttConnection}. */
export interface MqttConnectionOptions {
  /** The parsed connection fields of the source config. */
  readonly config: MqttConnectionConfig;
  /** The MQTT client id. */
  readonly clientId: string;
  /** What the logs call the owner, e.g. `mqtt source`, `sparkplug host`. */
  readonly label: string;
  readonly logger: MqttLogger;
  /** Clock, ms since the epoch. */
  readonly now: () => number;
  /** Random numbers in [0, 1) for backoff jitter. */
  readonly random: () => number;
  /** Extra fields of the `connected` log line (e.g. the subscriptions). */
  readonly connectedFields?: object;
  /** The Will of the next CONNECT, asked for before every attempt (absent: no Will). */
  readonly will?: () => MqttWill | undefined;
  /**
   * Sets the session up after the broker accepted the connection (subscribe, publish a birth).
   * The connection is `connected` once this resolves and the client is still connected; a
   * rejection is logged at debug (usually the connection was lost meanwhile).
   */
  readonly onSession: (client: MqttClient, sessionPresent: boolean) => Promise<void>;
  /** A message arrived (never throws into mqtt.js: the owner guards itself). */
  readonly onMessage: (topic: string, payload: Buffer) => void;
  /** A connection the broker had accepted ended (not called on close()). */
  readonly onSessionEnd?: () => void;
  /** The state changed; `backoff` comes with its cause. */
  readonly setState: (state: MqttConnectionState, cause?: Error) => void;
  /** Called by close() while still connected, before DISCONNECT (e.g. publish a death certificate); bounded by 2 s. */
  readonly beforeDisconnect?: (client: MqttClient) => Promise<void>;
}

/**
 * One MQTT broker connection with the package's reconnect policy: mqtt.js's own reconnect is
 * off and the connection retries with core's jittered exponential backoff, logging each new
 * failure once (refused credentials at `error`, the rest at `warn`, repeats at `debug`).
 */
export interface MqttConnection {
  /** `{ url, clientId, protocolVersion }`, for log fields. */
  readonly where: { readonly url: string; readonly clientId: string; readonly protocolVersion: 4 | 5 };
  /** Connections the broker accepted. */
  readonly connections: number;
  /** The client while the connection is open (absent before open()). */
  readonly client: MqttClient | undefined;
  /** Creates the client and makes the first attempt; throws `INVALID_CONFIG` when mqtt.js cannot use the URL. */
  open(): void;
  /** Stops retrying and closes: `beforeDisconnect`, DISCONNECT (or closing the socket after 2 s). Idempotent. */
  close(): Promise<void>;
}

const toBuffer = (pem: string | Uint8Array): string | Buffer =>
  typeof pem === 'string' || Buffer.isBuffer(pem) ? pem : Buffer.from(pem.buffer, pem.byteOffset, pem.byteLength);

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** The mqtt.js options of a connection config: manual connect, no mqtt.js reconnect, TLS material as Buffers. */
export function mqttClientOptions(config: MqttConnectionConfig, clientId: string): IClientOptions {
  const options: IClientOptions = {
    manualConnect: true,
    reconnectPeriod: 0,
    resubscribe: false,
    queueQoSZero: false,
    protocolVersion: config.protocolVersion,
    clientId,
    clean: config.clean,
    keepalive: config.keepaliveSeconds,
    connectTimeout: config.connectTimeoutMs,
  };
  if (config.username !== undefined) options.username = config.username;
  if (config.password !== undefined) options.password = config.password;
  if (config.protocolVersion === 5) {
    options.properties = { sessionExpiryInterval: config.sessionExpirySeconds ?? (config.clean ? 0 : 604_800) };
  }
  const tls = config.tls;
  if (tls) {
    if (tls.ca !== undefined) options.ca = toBuffer(tls.ca);
    if (tls.cert !== undefined) options.cert = toBuffer(tls.cert);
    if (tls.key !== undefined) options.key = toBuffer(tls.key);
    if (tls.passphrase !== undefined) (options as { passphrase?: string }).passphrase = tls.passphrase;
    options.rejectUnauthorized = tls.rejectUnauthorized;
    if (tls.servername !== undefined) options.servername = tls.servername;
  }
  return options;
}

/**
 * Checks the TLS material of a config can be loaded (a wrong key would otherwise fail every
 * attempt); throws `INVALID_CONFIG` at field `tls`. `what` names the config in the message.
 */
export function checkMqttTls(config: MqttConnectionConfig, what: string): void {
  const tls = config.tls;
  if (!tls) return;
  try {
    createSecureContext({
      ...(tls.ca === undefined ? {} : { ca: toBuffer(tls.ca) }),
      ...(tls.cert === undefined ? {} : { cert: toBuffer(tls.cert) }),
      ...(tls.key === undefined ? {} : { key: toBuffer(tls.key) }),
      ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
    });
  } catch (err) {
    const reason = `cannot load the TLS certificates or key: ${asError(err).message}`;
    throw new RongtongError('INVALID_CONFIG', `invalid ${what}: tls: ${reason}`, { fieldViolations: [{ path: 'tls', reason }], cause: err });
  }
}

/** The core `BackoffOptions` of a parsed connection config. */
export function mqttBackoff(config: MqttConnectionConfig): BackoffOptions {
  return resolveBackoffOptions(Object.fromEntries(Object.entries(config.backoff).filter(([, v]) => v !== undefined)));
}

/**
 * Subscribes to `subscriptions` (MQTT 5: retain handling 1, so a subscription the session kept
 * does not resend retained messages) and resolves once the broker answered. Filters the broker
 * refuses are logged at `error`; a connection lost meanwhile resolves too (logged at `debug`).
 */
export function subscribeAll(
  client: MqttClient,
  subscriptions: readonly MqttSubscription[],
  protocolVersion: 4 | 5,
  logger: MqttLogger,
  where: object,
): Promise<void> {
  if (subscriptions.length === 0) return Promise.resolve();
  const map: Record<string, IClientSubscribeOptions> = {};
  for (const s of subscriptions) map[s.filter] = protocolVersion === 5 ? { qos: s.qos, rh: 1 } : { qos: s.qos };
  return new Promise((resolve) => {
    client.subscribe(map, (err, _granted, packet) => {
      if (err) {
        const codes = packet && 'granted' in packet ? (packet.granted as (number | object)[]) : undefined;
        if (!codes) {
          logger.debug({ ...where, err }, 'subscribe did not complete (connection lost)');
          resolve();
          return;
        }
        codes.forEach((code, i) => {
          if (typeof code === 'number' && code >= 0x80) {
            logger.error({ ...where, filter: subscriptions[i]?.filter, code }, 'the broker refused a subscription: no data from that filter (check the broker ACL)');
          }
        });
      }
      resolve();
    });
  });
}

/** Publishes and resolves when done (QoS 0: written; QoS 1/2: acknowledged); rejects when the connection is lost first. */
export function publishMessage(client: MqttClient, topic: string, payload: string | Buffer, options: IClientPublishOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    client.publish(topic, payload, options, (err) => (err ? reject(err) : resolve()));
  });
}

/** Makes an {@link MqttConnection}; nothing happens until `open()`. */
export function createMqttConnection(options: MqttConnectionOptions): MqttConnection {
  const { config, clientId, label, logger, now, random } = options;
  const backoff = mqttBackoff(config);
  const where = { url: config.url, clientId, protocolVersion: config.protocolVersion };

  let client: MqttClient | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempts = 0;
  let connections = 0;
  let connectedAt: number | undefined;
  let attemptError: RongtongError | undefined;
  let lastFailureMessage: string | undefined;
  let closing: Promise<void> | undefined;

  function connectNow(): void {
    timer = undefined;
    if (closing || !client) return;
    attemptError = undefined;
    options.setState('connecting');
    try {
      const will = options.will?.();
      if (will) client.options.will = { topic: will.topic, payload: will.payload, qos: will.qos, retain: will.retain };
      client.connect();
    } catch (err) {
      attemptError = transportError(err, config.url);
      scheduleReconnect();
    }
  }

  function scheduleReconnect(): void {
    if (closing || timer) return;
    const hadSession = connectedAt !== undefined;
    const upFor = connectedAt === undefined ? 0 : now() - connectedAt;
    connectedAt = undefined;
    if (hadSession) {
      try {
        options.onSessionEnd?.();
      } catch (err) {
        logger.error({ ...where, err: asError(err) }, `${label} failed to handle the end of its session`);
      }
    }
    if (upFor >= STABLE_CONNECTION_MS) attempts = 0;
    const delayMs = Math.round(nextBackoffMs(attempts, backoff, random));
    attempts += 1;
    const cause = attemptError ?? new RongtongError('UNAVAILABLE', `the connection to ${config.url} closed`);
    const fields = { ...where, err: cause, code: cause.code, attempt: attempts, delayMs };
    if (cause.message !== lastFailureMessage) {
      lastFailureMessage = cause.message;
      const needsPerson = ['UNAUTHENTICATED', 'PERMISSION_DENIED', 'FAILED_PRECONDITION'].includes(cause.code);
      if (needsPerson) logger.error(fields, `${cause.message}; retrying with backoff`);
      else logger.warn(fields, `${cause.message}; retrying with backoff`);
    } else {
      logger.debug(fields, 'mqtt connection attempt failed; retrying with backoff');
    }
    options.setState('backoff', cause);
    timer = setTimeout(connectNow, delayMs);
  }

  function onConnect(sessionPresent: boolean): void {
    if (closing || !client) return;
    connectedAt = now();
    connections += 1;
    const current = client;
    let session: Promise<void>;
    try {
      session = options.onSession(current, sessionPresent);
    } catch (err) {
      session = Promise.reject(asError(err));
    }
    session.then(
      () => {
        if (closing || !current.connected) return;
        lastFailureMessage = undefined;
        logger.info({ ...where, sessionPresent, ...options.connectedFields }, `${label} connected`);
        options.setState('connected');
      },
      (err: unknown) => logger.debug({ ...where, err: asError(err) }, `${label} session setup did not complete`),
    );
  }

  function onPacket(packet: Packet): void {
    if (packet.cmd === 'connack') {
      const code = packet.reasonCode ?? packet.returnCode ?? 0;
      if (code !== 0) attemptError = brokerRefusal(code, config.protocolVersion, 'refused the connection');
    } else if (packet.cmd === 'disconnect') {
      const code = packet.reasonCode ?? 0;
      if (code >= 0x80) attemptError = brokerRefusal(code, config.protocolVersion, 'disconnected');
    }
  }

  function onError(err: Error): void {
    if (closing) return;
    attemptError ??= isRongtongError(err) ? err : transportError(err, config.url);
  }

  async function endClient(current: MqttClient): Promise<void> {
    if (current.connected && options.beforeDisconnect) {
      let bound: NodeJS.Timeout | undefined;
      try {
        await Promise.race([options.beforeDisconnect(current), new Promise<void>((resolve) => (bound = setTimeout(resolve, END_TIMEOUT_MS)))]);
      } catch (err) {
        logger.debug({ ...where, err: asError(err) }, `${label}: the last message before disconnecting was not sent`);
      } finally {
        clearTimeout(bound);
      }
    }
    await new Promise<void>((resolve) => {
      const graceful = current.connected;
      const timeout = graceful ? setTimeout(() => current.stream?.destroy(), END_TIMEOUT_MS) : undefined;
      current.end(!graceful, () => {
        clearTimeout(timeout);
        resolve();
      });
    });
  }

  return {
    where,
    get connections() {
      return connections;
    },
    get client() {
      return client;
    },
    open() {
      try {
        client = mqtt.connect(config.url, mqttClientOptions(config, clientId));
      } catch (err) {
        throw new RongtongError('INVALID_CONFIG', `${label} cannot use ${config.url}: ${asError(err).message}`, { cause: err });
      }
      client.on('connect', (connack) => onConnect(connack.sessionPresent));
      client.on('message', (topic, payload) => options.onMessage(topic, payload));
      client.on('packetreceive', onPacket);
      client.on('error', onError);
      client.on('close', scheduleReconnect);
      connectNow();
    },
    close() {
      closing ??= (async () => {
        clearTimeout(timer);
        timer = undefined;
        if (client) await endClient(client);
      })();
      return closing;
    },
  };
}
