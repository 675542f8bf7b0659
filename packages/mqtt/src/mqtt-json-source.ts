import { RongtongError, type SampleSink, type Source, type SourceState, fromZodError } from '@rongtong/core';
import { defaultClientId } from './client-id.js';
import { createLogOnce } from './log-once.js';
import { type DiscoveredMqttSignal, type MqttSignalBinding, createMessageMapper } from './message-mapper.js';
import { checkMqttTls, createMqttConnection, subscribeAll } from './mqtt-connection.js';
import { MqttJsonSourceConfigSchema, type MqttJsonSourceConfigInput } from './mqtt-json-config.js';
import { type MqttLogger, silentMqttLogger } from './mqtt-logger.js';
import { type PayloadError, type PayloadErrorReason, emptyPayloadErrorCounts } from './payload-error.js';
import { parseUtcOffset } from './payload-time.js';
import { createSampleDelivery } from './sample-delivery.js';

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
  /** Messages with at least one payload error (wholly or partly rejected; each error is in `payloadErrors`). */
  readonly rejectedMessages: number;
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
  checkMqttTls(config, 'mqtt source config');
  const localOffset = config.localTimeOffset === undefined ? undefined : parseUtcOffset(config.localTimeOffset);
  const mapper = createMessageMapper({
    topics: config.topics,
    signals: options.signals ?? [],
    qos: config.qos,
    ...(localOffset === undefined ? {} : { localOffsetMinutes: localOffset }),
  });
  const clientId = config.clientId ?? defaultClientId(config.id);
  const logger = options.logger ?? silentMqttLogger;
  const now = options.now ?? Date.now;
  const subscriptions = mapper.subscriptions;

  let state: SourceState = 'idle';
  let started = false;
  let stopped: Promise<void> | undefined;
  let detachAbort: (() => void) | undefined;
  const stats = { messages: 0, unmatchedMessages: 0, rejectedMessages: 0 };
  const payloadErrors = emptyPayloadErrorCounts();
  const firstLog = createLogOnce();

  const setState = (next: SourceState, cause?: Error) => {
    if (state === next || state === 'closed') return;
    state = next;
    try {
      options.onStateChange?.(next, cause);
    } catch (err) {
      logger.error({ err: asError(err), state: next }, 'onStateChange callback threw');
    }
  };

  const delivery = createSampleDelivery({
    sink: options.sink,
    maxQueuedSamples: config.maxQueuedSamples,
    logger,
    onSinkFailed(err) {
      logger.warn({ err }, 'mqtt source stops: the sink failed');
      void source.stop();
    },
  });

  const connection = createMqttConnection({
    config,
    clientId,
    label: 'mqtt source',
    logger,
    now,
    random: options.random ?? Math.random,
    connectedFields: { subscriptions: subscriptions.map((s) => s.filter) },
    setState,
    onMessage,
    onSession(client) {
      if (subscriptions.length === 0) {
        logger.warn(connection.where, 'mqtt source has no topics and no signals: nothing to subscribe to');
        return Promise.resolve();
      }
      return subscribeAll(client, subscriptions, config.protocolVersion, logger, connection.where);
    },
  });

  function logPayloadError(topic: string, error: PayloadError): void {
    const fields = { topic, reason: error.reason, detail: error.detail, signalId: error.signalId, path: error.path };
    if (firstLog(`${error.reason}\u0000${topic}`)) logger.warn(fields, 'malformed MQTT payload: counted and skipped (logged once per topic and reason)');
    else logger.debug(fields, 'malformed MQTT payload (repeated)');
  }

  function onMessage(topic: string, payload: Buffer): void {
    try {
      stats.messages += 1;
      const mapped = mapper.map(topic, payload, now());
      if (!mapped.matched) {
        stats.unmatchedMessages += 1;
        return;
      }
      if (mapped.errors.length > 0) stats.rejectedMessages += 1;
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
      delivery.push(mapped.samples);
    } catch (err) {
      // The mapper never throws; this guards the mqtt.js event loop against the unexpected.
      logger.error({ err: asError(err), topic }, 'mqtt source failed to handle a message');
    }
  }

  const source: MqttJsonSource = {
    id: config.id,
    kind: 'mqtt',
    clientId,
    get state() {
      return state;
    },
    stats() {
      return { ...stats, ...delivery.stats(), payloadErrors: { ...payloadErrors }, connections: connection.connections };
    },
    start(signal) {
      if (started || stopped) {
        if (state === 'closed' || stopped) return Promise.resolve();
        return Promise.reject(new RongtongError('FAILED_PRECONDITION', `mqtt source "${config.id}" was already started`));
      }
      if (signal?.aborted) return source.stop();
      started = true;
      if (signal) {
        const onAbort = () => void source.stop();
        signal.addEventListener('abort', onAbort, { once: true });
        detachAbort = () => signal.removeEventListener('abort', onAbort);
      }
      logger.info({ ...connection.where, clean: config.clean, subscriptions: subscriptions.map((s) => `${s.filter} (QoS ${s.qos})`) }, 'mqtt source started');
      try {
        connection.open();
      } catch (err) {
        detachAbort?.();
        return Promise.reject(asError(err));
      }
      return Promise.resolve();
    },
    stop() {
      stopped ??= (async () => {
        detachAbort?.();
        await connection.close();
        await delivery.drain();
        delivery.clear();
        if (started) logger.info({ ...connection.where, ...source.stats() }, 'mqtt source stopped');
        setState('closed', delivery.sinkError);
      })();
      return stopped;
    },
  };
  return source;
}
