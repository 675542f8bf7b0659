import { createSecureContext } from 'node:tls';
import {
  type BackoffOptions,
  RongtongError,
  type SampleSink,
  type Source,
  type SourceState,
  fromZodError,
  isRongtongError,
  nextBackoffMs,
  resolveBackoffOptions,
} from '@rongtong/core';
import mqtt from 'mqtt';
import type { IClientOptions, IClientSubscribeOptions, MqttClient, Packet } from 'mqtt';
import { brokerRefusal, transportError } from './broker-errors.js';
import { defaultClientId } from './client-id.js';
import { type DiscoveredMqttSignal, type MqttSignalBinding, createMessageMapper } from './message-mapper.js';
import { MqttJsonSourceConfigSchema, type MqttJsonSourceConfig, type MqttJsonSourceConfigInput } from './mqtt-json-config.js';
import { type MqttLogger, silentMqttLogger } from './mqtt-logger.js';
import { type PayloadError, type PayloadErrorReason, emptyPayloadErrorCounts } from './payload-error.js';
import { parseUtcOffset } from './payload-time.js';
import { createSampleQueue } from './sample-queue.js';

/** Options of {@link createMqttJsonSource}. */
export interface MqttJsonSourceOptions {
  /** The source config (parsed here by `MqttJsonSourceConfigSchema`; `INVALID_CONFIG` names the bad field). */
  readonly config: MqttJsonSourceConfigInput;
  /**
   * Signals read by exact address: `{ id, address: { kind: 'mqtt', topic, jsonPath?,
   * timestampJsonPath? }, semantic? }` — the agent's `signals[]` entries of this source.
   */
  readonly signals?: readonly MqttSignalBinding[];
  /** Where samples go. One `write` per message; its promise is awaited (see {@link MqttJsonSource}). */
  readonly sink: SampleSink;
  /** Logger (pino-compatible); silent when absent. */
  readonly logger?: MqttLogger;
  /** Called on every state change, with the error that caused a `backoff` or an unexpected `closed`. */
  readonly onStateChange?: (state: SourceState, error?: Error) => void;
  /** Called when a topic template yields a signal id for the first time (with its equipment id and captures). */
  readonly onSignalDiscovered?: (signal: DiscoveredMqttSignal) => void;
  /** Clock for receive times, ms since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /** Random numbers in [0, 1) for backoff jitter (default `Math.random`). */
  readonly random?: () => number;
}

/** Counters of an MQTT JSON source since it was created. */
export interface MqttJsonSourceStats {
  /** Messages received. */
  readonly messages: number;
  /** Messages on topics no binding matches (e.g. subscriptions a persistent session kept from an older config). */
  readonly unmatchedMessages: number;
  /** Samples handed to the sink. */
  readonly samples: number;
  /** Values (or whole messages, for `not_json`) that gave no sample, by reason. */
  readonly payloadErrors: Readonly<Record<PayloadErrorReason, number>>;
  /** Samples dropped because the queue was full (oldest first), or left queued when the sink failed. */
  readonly droppedSamples: number;
  /** Samples waiting for the sink now. */
  readonly queuedSamples: number;
  /** Connections the broker accepted. */
  readonly connections: number;
}

/**
 * A running MQTT JSON source (a core `Source` of kind `mqtt`).
 *
 * - **Connection**: one mqtt.js client; its own reconnect is off and the source reconnects
 *   with core's jittered exponential backoff (`backoff`), going `connecting` → `connected`
 *   (CONNACK accepted and subscriptions acknowledged) → `backoff` (with the cause) → … An
 *   unreachable broker or refused credentials are not errors of `start`: the source stays in
 *   `backoff` and retries. The attempt counter starts again after a connection that lasted 10 s.
 * - **Subscriptions**: the minimal set of filters for the bindings (one per template, one per
 *   exact topic not covered by a template), resent on every connection (MQTT 5: retain
 *   handling 1, so retained messages are not resent for a subscription the session kept).
 * - **Payloads**: malformed values are counted by reason (`stats().payloadErrors`), logged once
 *   per topic and reason at `warn` (then `debug`), and never stop the source or other topics.
 * - **Backpressure**: MQTT cannot pause a broker, so samples wait in a bounded queue while
 *   the sink's promise is pending; when `maxQueuedSamples` would be exceeded the oldest are
 *   dropped and counted in `droppedSamples`. A sink that rejects closes the source.
 * - **stop()** disconnects (DISCONNECT, or closing the socket after 2 s), then hands the
 *   samples already received to the sink, waiting for it, and resolves: nothing is written
 *   and no timer or socket is left afterwards.
 */
export interface MqttJsonSource extends Source {
  readonly kind: 'mqtt';
  /** The MQTT client id in use (configured or derived). */
  readonly clientId: string;
  /** A snapshot of the counters. */
  stats(): MqttJsonSourceStats;
}

/** A connection that lasted this long resets the backoff attempt counter. */
const STABLE_CONNECTION_MS = 10_000;
/** How long stop() waits for a clean DISCONNECT before closing the socket. */
const END_TIMEOUT_MS = 2_000;
/** Most (topic, reason) pairs remembered for log-once. */
const MAX_LOGGED_KEYS = 10_000;

const toBuffer = (pem: string | Uint8Array): string | Buffer =>
  typeof pem === 'string' || Buffer.isBuffer(pem) ? pem : Buffer.from(pem.buffer, pem.byteOffset, pem.byteLength);

function clientOptions(config: MqttJsonSourceConfig, clientId: string): IClientOptions {
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

/** Checks the TLS material can be loaded (a wrong key would otherwise fail every attempt). */
function checkTls(config: MqttJsonSourceConfig): void {
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
    const reason = `cannot load the TLS certificates or key: ${err instanceof Error ? err.message : String(err)}`;
    throw new RongtongError('INVALID_CONFIG', `invalid mqtt source config: tls: ${reason}`, { fieldViolations: [{ path: 'tls', reason }], cause: err });
  }
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/**
 * Makes an MQTT source that maps JSON messages to samples, by exact signal addresses
 * (`signals`) and by topic templates (`config.topics`). Parses the config once and throws an
 * `INVALID_CONFIG` RongtongError naming each bad field (signal addresses as
 * `signals.<index>.address…`, TLS material that cannot be loaded as `tls`). Does not connect
 * until `start`.
 *
 * @example
 * ```ts
 * const source = createMqttJsonSource({
 *   config: {
 *     id: 'workshop',
 *     url: 'mqtt://192.168.1.10:1883',
 *     topics: [{
 *       topic: 'factory/{line}/{machine}/telemetry',
 *       equipment: '{machine}',
 *       timestampPath: '$.ts',
 *       fields: [
 *         { path: '$.state', signal: '{machine}/state', semantic: 'machine_state' },
 *         { path: '$.good', signal: '{machine}/good', semantic: 'good_count' },     // bigint
 *         { path: '$.temps[*].v', signal: '{machine}/temp', timestampPath: '$.temps[*].t' },
 *       ],
 *     }],
 *   },
 *   signals: [{ id: 'press-1/state', semantic: 'machine_state',
 *               address: { kind: 'mqtt', topic: 'press/1/status', jsonPath: '$.state' } }],
 *   sink,
 *   logger,
 *   onStateChange: (state, error) => …,
 * });
 * await source.start(abortSignal);
 * // … source.stats().payloadErrors
 * await source.stop();
 * ```
 */
export function createMqttJsonSource(options: MqttJsonSourceOptions): MqttJsonSource {
  const parsed = MqttJsonSourceConfigSchema.safeParse(options.config);
  if (!parsed.success) throw fromZodError(parsed.error, 'mqtt source config', 'INVALID_CONFIG');
  const config = parsed.data;
  checkTls(config);
  const localOffset = config.localTimeOffset === undefined ? undefined : parseUtcOffset(config.localTimeOffset);
  const mapper = createMessageMapper({
    topics: config.topics,
    signals: options.signals ?? [],
    qos: config.qos,
    ...(localOffset === undefined ? {} : { localOffsetMinutes: localOffset }),
  });
  const backoff: BackoffOptions = resolveBackoffOptions(Object.fromEntries(Object.entries(config.backoff).filter(([, v]) => v !== undefined)));
  const clientId = config.clientId ?? defaultClientId(config.id);
  const logger = options.logger ?? silentMqttLogger;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sink = options.sink;
  const queue = createSampleQueue(config.maxQueuedSamples);
  const subscriptions = mapper.subscriptions;
  const where = { url: config.url, clientId, protocolVersion: config.protocolVersion };

  let state: SourceState = 'idle';
  let client: MqttClient | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempts = 0;
  let connectedAt: number | undefined;
  let attemptError: RongtongError | undefined;
  let lastFailureMessage: string | undefined;
  let writing: Promise<void> | undefined;
  let sinkError: Error | undefined;
  let dropping = false;
  let stopped: Promise<void> | undefined;
  let detachAbort: (() => void) | undefined;
  const stats = { messages: 0, unmatchedMessages: 0, samples: 0, droppedSamples: 0, connections: 0 };
  const payloadErrors = emptyPayloadErrorCounts();
  const loggedErrors = new Set<string>();

  const setState = (next: SourceState, cause?: Error) => {
    if (state === next || state === 'closed') return;
    state = next;
    try {
      options.onStateChange?.(next, cause);
    } catch (err) {
      logger.error({ err: asError(err), state: next }, 'onStateChange callback threw');
    }
  };

  // ---- samples: bounded queue → sink ----

  function sinkFailed(err: unknown): void {
    if (sinkError) return;
    sinkError = asError(err);
    stats.droppedSamples += queue.clear();
    logger.warn({ err: sinkError }, 'mqtt source stops: the sink failed');
    void source.stop();
  }

  function pump(): void {
    while (!writing && !sinkError) {
      const batch = queue.shift();
      if (!batch) {
        if (dropping) {
          dropping = false;
          logger.info({ droppedSamples: stats.droppedSamples }, 'the sink caught up: no more samples dropped');
        }
        return;
      }
      let result: void | Promise<void>;
      try {
        result = sink.write(batch);
      } catch (err) {
        sinkFailed(err);
        return;
      }
      stats.samples += batch.length;
      if (result !== undefined) {
        writing = Promise.resolve(result).then(
          () => {
            writing = undefined;
            pump();
          },
          (err: unknown) => {
            writing = undefined;
            sinkFailed(err);
          },
        );
      }
    }
  }

  async function drain(): Promise<void> {
    pump();
    while (writing) await writing;
  }

  function logPayloadError(topic: string, error: PayloadError): void {
    const key = `${error.reason}\u0000${topic}`;
    const fields = { topic, reason: error.reason, detail: error.detail, signalId: error.signalId, path: error.path };
    if (loggedErrors.has(key)) {
      logger.debug(fields, 'malformed MQTT payload (repeated)');
      return;
    }
    if (loggedErrors.size >= MAX_LOGGED_KEYS) loggedErrors.clear();
    loggedErrors.add(key);
    logger.warn(fields, 'malformed MQTT payload: counted and skipped (logged once per topic and reason)');
  }

  function onMessage(topic: string, payload: Buffer): void {
    try {
      stats.messages += 1;
      const mapped = mapper.map(topic, payload, now());
      if (!mapped.matched) {
        stats.unmatchedMessages += 1;
        return;
      }
      for (const error of mapped.errors) {
        payloadErrors[error.reason] += 1;
        logPayloadError(topic, error);
      }
      for (const signal of mapped.discovered) {
        try {
          options.onSignalDiscovered?.(signal);
        } catch (err) {
          logger.error({ err: asError(err), signalId: signal.signalId }, 'onSignalDiscovered callback threw');
        }
      }
      if (mapped.samples.length === 0) return;
      if (sinkError) {
        stats.droppedSamples += mapped.samples.length;
        return;
      }
      const dropped = queue.push(mapped.samples);
      if (dropped > 0) {
        stats.droppedSamples += dropped;
        if (!dropping) {
          dropping = true;
          logger.warn({ dropped, maxQueuedSamples: config.maxQueuedSamples }, 'the sink is slower than the broker: dropping the oldest queued samples');
        }
      }
      pump();
    } catch (err) {
      // The mapper never throws; this guards the mqtt.js event loop against the unexpected.
      logger.error({ err: asError(err), topic }, 'mqtt source failed to handle a message');
    }
  }

  // ---- connection ----

  function connectNow(): void {
    timer = undefined;
    if (stopped || !client) return;
    attemptError = undefined;
    setState('connecting');
    try {
      client.connect();
    } catch (err) {
      attemptError = transportError(err, config.url);
      scheduleReconnect();
    }
  }

  function scheduleReconnect(): void {
    if (stopped || timer) return;
    const upFor = connectedAt === undefined ? 0 : now() - connectedAt;
    connectedAt = undefined;
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
    setState('backoff', cause);
    timer = setTimeout(connectNow, delayMs);
  }

  function onConnect(sessionPresent: boolean): void {
    if (stopped || !client) return;
    connectedAt = now();
    stats.connections += 1;
    const current = client;
    const markConnected = () => {
      if (stopped || !current.connected) return;
      lastFailureMessage = undefined;
      logger.info({ ...where, sessionPresent, subscriptions: subscriptions.map((s) => s.filter) }, 'mqtt source connected');
      setState('connected');
    };
    if (subscriptions.length === 0) {
      logger.warn(where, 'mqtt source has no topics and no signals: nothing to subscribe to');
      markConnected();
      return;
    }
    const map: Record<string, IClientSubscribeOptions> = {};
    for (const s of subscriptions) map[s.filter] = config.protocolVersion === 5 ? { qos: s.qos, rh: 1 } : { qos: s.qos };
    current.subscribe(map, (err, _granted, packet) => {
      if (err) {
        const codes = packet && 'granted' in packet ? (packet.granted as (number | object)[]) : undefined;
        if (!codes) {
          logger.debug({ ...where, err }, 'subscribe did not complete (connection lost)');
          return;
        }
        codes.forEach((code, i) => {
          if (typeof code === 'number' && code >= 0x80) {
            logger.error({ ...where, filter: subscriptions[i]?.filter, code }, 'the broker refused a subscription: no data from that filter (check the broker ACL)');
          }
        });
      }
      markConnected();
    });
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
    if (stopped) return;
    attemptError ??= isRongtongError(err) ? err : transportError(err, config.url);
  }

  function endClient(current: MqttClient): Promise<void> {
    return new Promise((resolve) => {
      const graceful = current.connected;
      const timeout = graceful ? setTimeout(() => current.stream?.destroy(), END_TIMEOUT_MS) : undefined;
      current.end(!graceful, () => {
        clearTimeout(timeout);
        resolve();
      });
    });
  }

  const source: MqttJsonSource = {
    id: config.id,
    kind: 'mqtt',
    clientId,
    get state() {
      return state;
    },
    stats() {
      return { ...stats, payloadErrors: { ...payloadErrors }, queuedSamples: queue.size };
    },
    start(signal) {
      if (state !== 'idle' || stopped) {
        if (state === 'closed' || stopped) return Promise.resolve();
        return Promise.reject(new RongtongError('FAILED_PRECONDITION', `mqtt source "${config.id}" was already started`));
      }
      if (signal?.aborted) return source.stop();
      if (signal) {
        const onAbort = () => void source.stop();
        signal.addEventListener('abort', onAbort, { once: true });
        detachAbort = () => signal.removeEventListener('abort', onAbort);
      }
      try {
        client = mqtt.connect(config.url, clientOptions(config, clientId));
      } catch (err) {
        detachAbort?.();
        return Promise.reject(new RongtongError('INVALID_CONFIG', `mqtt source "${config.id}" cannot use ${config.url}: ${asError(err).message}`, { cause: err }));
      }
      client.on('connect', (connack) => onConnect(connack.sessionPresent));
      client.on('message', onMessage);
      client.on('packetreceive', onPacket);
      client.on('error', onError);
      client.on('close', scheduleReconnect);
      logger.info({ ...where, clean: config.clean, subscriptions: subscriptions.map((s) => `${s.filter} (QoS ${s.qos})`) }, 'mqtt source started');
      connectNow();
      return Promise.resolve();
    },
    stop() {
      stopped ??= (async () => {
        clearTimeout(timer);
        timer = undefined;
        detachAbort?.();
        if (client) await endClient(client);
        await drain();
        stats.droppedSamples += queue.clear();
        if (client) logger.info({ ...where, ...stats }, 'mqtt source stopped');
        setState('closed', sinkError);
      })();
      return stopped;
    },
  };
  return source;
}
