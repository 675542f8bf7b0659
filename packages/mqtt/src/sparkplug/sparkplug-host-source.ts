import { RongtongError, type SampleSink, type Source, type SourceState, fromZodError } from '@rongtong/core';
import { defaultClientId } from '../client-id.js';
import { createLogOnce } from '../log-once.js';
import { checkMqttTls, createMqttConnection, publishMessage, subscribeAll } from '../mqtt-connection.js';
import { type MqttLogger, silentMqttLogger } from '../mqtt-logger.js';
import { createSampleDelivery } from '../sample-delivery.js';
import { minimalSubscriptions } from '../topic-filter.js';
import { type DiscoveredSparkplugMetric, type SparkplugEdgeNodeStatus, createEdgeNodeRegistry } from './edge-node-registry.js';
import { SPARKPLUG_DATA_TYPES } from './sparkplug-data-type.js';
import { type SparkplugPayloadError, type SparkplugPayloadErrorReason, emptySparkplugErrorCounts } from './sparkplug-error.js';
import { SparkplugHostConfigSchema, type SparkplugHostConfigInput } from './sparkplug-host-config.js';
import { type SparkplugPayload, decodeSparkplugPayload, encodeSparkplugPayload } from './sparkplug-payload.js';
import { type SparkplugSignalBinding, createSparkplugSignalResolver } from './sparkplug-signals.js';
import { SPARKPLUG_NAMESPACE, parseSparkplugTopic, sparkplugStateTopic, sparkplugTopic } from './sparkplug-topic.js';

/** Options of {@link createSparkplugHostSource}. */
export interface SparkplugHostSourceOptions {
  /** The source config (parsed here by `SparkplugHostConfigSchema`; `INVALID_CONFIG` names the bad field). */
  readonly config: SparkplugHostConfigInput;
  /**
   * Signals read by exact address: `{ id, address: { kind: 'sparkplug', groupId, edgeNodeId,
   * deviceId?, metricName } }` — the agent's `signals[]` entries of this source.
   */
  readonly signals?: readonly SparkplugSignalBinding[];
  /** Where samples go. One `write` per message (and one per death); its promise is awaited. */
  readonly sink: SampleSink;
  /** Logger (pino-compatible); silent when absent. */
  readonly logger?: MqttLogger;
  /** Called on every state change, with the error that caused a `backoff` or an unexpected `closed`. */
  readonly onStateChange?: (state: SourceState, error?: Error) => void;
  /** Called when a birth certificate announces a metric for the first time (with its signal ids and equipment). */
  readonly onMetricDiscovered?: (metric: DiscoveredSparkplugMetric) => void;
  /** Clock for receive times and STATE timestamps, ms since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /** Random numbers in [0, 1) for backoff jitter (default `Math.random`). */
  readonly random?: () => number;
}

/** Counters of a Sparkplug host since it was created. */
export interface SparkplugHostSourceStats {
  /** Messages received (including the host's own STATE). */
  readonly messages: number;
  /** Messages read and left alone: NCMD / DCMD, STATE of other hosts. */
  readonly ignoredMessages: number;
  /** Samples handed to the sink (stale ones included). */
  readonly samples: number;
  /** Bad-quality samples for signals made stale by a death or by the loss of the broker. */
  readonly staleSamples: number;
  /** Samples dropped because the queue was full (oldest first), or left queued when the sink failed. */
  readonly droppedSamples: number;
  /** Samples waiting for the sink now. */
  readonly queuedSamples: number;
  /** Connections the broker accepted. */
  readonly connections: number;
  /** NBIRTH and DBIRTH certificates read. */
  readonly births: number;
  /** NDEATH (with the birth's bdSeq) and DDEATH certificates acted on. */
  readonly deaths: number;
  /** Deaths of an older session (bdSeq not the birth's) or of something already offline: ignored. */
  readonly ignoredDeaths: number;
  /** Sequence gaps: messages of an edge node that never arrived (within the reorder window). */
  readonly seqGaps: number;
  /** `Node Control/Rebirth` commands sent. */
  readonly rebirthRequests: number;
  /** Rebirths not requested: within `rebirthIntervalMs` of the last one, `requestRebirth` off, or not connected. */
  readonly rebirthRequestsSuppressed: number;
  /** Messages with at least one payload error (wholly or partly rejected; each error is in `payloadErrors`). */
  readonly rejectedMessages: number;
  /** Messages or metrics that gave no sample, by reason. */
  readonly payloadErrors: Readonly<Record<SparkplugPayloadErrorReason, number>>;
}

/**
 * A running Sparkplug B 3.0 host application (a core `Source` of kind `sparkplug`).
 *
 * - **Connection**: the package's MQTT connection (MQTT 3.1.1 or 5, TCP, TLS, WebSocket) with a
 *   clean session, its Will the host's death certificate `spBv1.0/STATE/<hostId>`
 *   `{"online":false,"timestamp":T}` (QoS 1, retained), reconnecting with jittered backoff.
 *   After each CONNACK it subscribes to `spBv1.0/<group>/#` for each configured group (all:
 *   `spBv1.0/#`) and to its own STATE topic, then publishes its birth certificate
 *   `{"online":true,"timestamp":T}` (same T, QoS 1, retained) and is `connected`. Delivered its
 *   own death with a timestamp not older than T (another client's doing), it republishes its
 *   birth. `stop()` publishes `{"online":false}` with the current time before DISCONNECT.
 * - **Edge nodes**: NBIRTH / DBIRTH certificates give each metric its datatype, its alias and
 *   its signal id (exact `signals` bindings first, else `signalIdTemplate`); NDATA / DDATA are
 *   resolved through the aliases. `seq` is checked per edge node (0–255, wrapping); a gap (not
 *   filled within `reorderTimeoutMs`), an unknown alias, or data from an edge node or device
 *   without a birth sends `Node Control/Rebirth` = true on `spBv1.0/<group>/NCMD/<node>`, at
 *   most once per `rebirthIntervalMs` per edge node. Data is delivered as it arrives: a message
 *   that fills a gap within the reorder window is read late (its samples may be older than
 *   ones already written), data after a gap is still read. A new NBIRTH of an online edge node
 *   takes its devices offline without stale samples (their DBIRTHs follow at once); their data
 *   before a new DBIRTH asks for a rebirth.
 * - **Deaths**: an NDEATH whose bdSeq is the NBIRTH's (receive time), a DDEATH (its payload
 *   time), or the loss of the broker (that time) gives one bad-quality sample per signal of the
 *   edge node and its devices, or of the device — value `undefined`, `sourceStatus` 500 (the
 *   Sparkplug STALE quality code) — and nothing more until the next birth: no value is invented.
 * - **Payloads**: malformed messages and metrics are counted by reason (`stats().payloadErrors`),
 *   logged once per topic and reason at `warn` (then `debug`), and never stop the host or other
 *   edge nodes. Metric `is_null` gives a bad sample without value; a `Quality` property (0 BAD,
 *   192 GOOD, 500 STALE) sets the sample's quality and `sourceStatus`.
 * - **Backpressure and stop()**: as the MQTT JSON source — a bounded queue while the sink's
 *   promise is pending (oldest dropped, counted), a sink that rejects closes the source, and
 *   nothing is written and no timer or socket is left once `stop()` resolves.
 */
export interface SparkplugHostSource extends Source {
  readonly kind: 'sparkplug';
  /** The MQTT client id in use (configured or derived). */
  readonly clientId: string;
  /** The Sparkplug host id. */
  readonly hostId: string;
  /** `spBv1.0/STATE/<hostId>`. */
  readonly stateTopic: string;
  /** A snapshot of the counters. */
  stats(): SparkplugHostSourceStats;
  /** The edge nodes seen since start, with their devices and whether they are online. */
  edgeNodes(): SparkplugEdgeNodeStatus[];
}

/** Most edge nodes remembered for the rebirth rate limit. */
const MAX_REBIRTH_KEYS = 10_000;

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/**
 * Makes a Sparkplug B host application source. Parses the config once and throws an
 * `INVALID_CONFIG` RongtongError naming each bad field (signal addresses as
 * `signals.<index>.address…`). Does not connect until `start`.
 *
 * @example
 * ```ts
 * const source = createSparkplugHostSource({
 *   config: { id: 'sparkplug', url: 'mqtt://192.168.1.10:1883', hostId: 'rongtong-1', groups: ['Plant1'] },
 *   signals: [{ id: 'press-3/good', address: { kind: 'sparkplug', groupId: 'Plant1', edgeNodeId: 'GW1', deviceId: 'Press3', metricName: 'Production/Good' } }],
 *   sink,
 *   logger,
 *   onMetricDiscovered: (m) => … // m.signalIds, m.address, m.equipment
 * });
 * await source.start(abortSignal);
 * // … source.edgeNodes(), source.stats().seqGaps
 * await source.stop();
 * ```
 */
export function createSparkplugHostSource(options: SparkplugHostSourceOptions): SparkplugHostSource {
  const parsed = SparkplugHostConfigSchema.safeParse(options.config);
  if (!parsed.success) throw fromZodError(parsed.error, 'sparkplug source config', 'INVALID_CONFIG');
  const config = parsed.data;
  checkMqttTls(config, 'sparkplug source config');
  const resolver = createSparkplugSignalResolver({
    signals: options.signals ?? [],
    groups: config.groups,
    template: config.signalIdTemplate,
    unboundMetrics: config.unboundMetrics,
    controlMetrics: config.controlMetrics,
  });
  const registry = createEdgeNodeRegistry({ signals: resolver, hierarchy: config.hierarchy, reorder: config.reorderTimeoutMs > 0 });
  const clientId = config.clientId ?? defaultClientId(config.id);
  const logger = options.logger ?? silentMqttLogger;
  const now = options.now ?? Date.now;
  const stateTopic = sparkplugStateTopic(config.hostId);
  const subscriptions = minimalSubscriptions([
    ...(config.groups.length === 0 ? [`${SPARKPLUG_NAMESPACE}/#`] : config.groups.map((g) => `${SPARKPLUG_NAMESPACE}/${g}/#`)).map((filter) => ({ filter, qos: config.qos })),
    { filter: stateTopic, qos: 1 },
  ]);

  let state: SourceState = 'idle';
  let started = false;
  let stopped: Promise<void> | undefined;
  let detachAbort: (() => void) | undefined;
  /** The timestamp of the current connection's Will, which the birth repeats. */
  let stateTimestamp = 0;
  let birthPublished = false;
  const reorderTimers = new Map<string, NodeJS.Timeout>();
  const lastRebirth = new Map<string, number>();
  const stats = {
    messages: 0,
    ignoredMessages: 0,
    rejectedMessages: 0,
    staleSamples: 0,
    births: 0,
    deaths: 0,
    ignoredDeaths: 0,
    seqGaps: 0,
    rebirthRequests: 0,
    rebirthRequestsSuppressed: 0,
  };
  const payloadErrors = emptySparkplugErrorCounts();
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
      logger.warn({ err }, 'sparkplug host stops: the sink failed');
      void source.stop();
    },
  });

  const stateMessage = (online: boolean, timestamp: number) => JSON.stringify({ online, timestamp });

  const connection = createMqttConnection({
    config,
    clientId,
    label: 'sparkplug host',
    logger,
    now,
    random: options.random ?? Math.random,
    connectedFields: { hostId: config.hostId, subscriptions: subscriptions.map((s) => s.filter) },
    setState,
    will() {
      stateTimestamp = now();
      birthPublished = false;
      return { topic: stateTopic, payload: stateMessage(false, stateTimestamp), qos: 1, retain: true };
    },
    async onSession(client) {
      // Subscriptions first, then the birth certificate (tck-id-message-flow-phid-sparkplug-subscription).
      await subscribeAll(client, subscriptions, config.protocolVersion, logger, connection.where);
      if (!client.connected) return;
      await publishMessage(client, stateTopic, stateMessage(true, stateTimestamp), { qos: 1, retain: true });
      birthPublished = true;
    },
    onSessionEnd() {
      birthPublished = false;
      clearReorderTimers();
      const at = now();
      const samples = registry.sessionLost(at);
      if (samples.length > 0) {
        stats.staleSamples += samples.length;
        logger.warn({ ...connection.where, staleSignals: samples.length }, 'sparkplug host lost the broker: the signals of every edge node are stale until their next birth');
        delivery.push(samples);
      }
    },
    beforeDisconnect(client) {
      // An intentional disconnect publishes the death certificate first (tck-id-operational-behavior-host-application-termination).
      return publishMessage(client, stateTopic, stateMessage(false, now()), { qos: 1, retain: true });
    },
    onMessage,
  });

  function countError(topic: string, error: SparkplugPayloadError): void {
    payloadErrors[error.reason] += 1;
    const fields = { topic, reason: error.reason, detail: error.detail, metric: error.metric };
    if (firstLog(`${error.reason}\u0000${topic}`)) logger.warn(fields, 'malformed Sparkplug message: counted and skipped (logged once per topic and reason)');
    else logger.debug(fields, 'malformed Sparkplug message (repeated)');
  }

  function clearReorderTimers(): void {
    for (const timer of reorderTimers.values()) clearTimeout(timer);
    reorderTimers.clear();
  }

  function requestRebirth(groupId: string, edgeNodeId: string, reason: string): void {
    const key = `${groupId}/${edgeNodeId}`;
    const at = now();
    const last = lastRebirth.get(key);
    const client = connection.client;
    if (!config.requestRebirth || (last !== undefined && at - last < config.rebirthIntervalMs) || !client?.connected || stopped) {
      stats.rebirthRequestsSuppressed += 1;
      logger.debug({ groupId, edgeNodeId, reason }, 'rebirth not requested (disabled, too soon after the last request, or not connected)');
      return;
    }
    if (lastRebirth.size >= MAX_REBIRTH_KEYS) lastRebirth.clear();
    lastRebirth.set(key, at);
    const payload = encodeSparkplugPayload({
      timestamp: at,
      metrics: [{ name: 'Node Control/Rebirth', timestamp: at, datatype: SPARKPLUG_DATA_TYPES.Boolean, value: { kind: 'boolean', value: true } }],
    });
    stats.rebirthRequests += 1;
    logger.info({ groupId, edgeNodeId, reason }, 'requested a rebirth of a Sparkplug edge node (Node Control/Rebirth)');
    // NCMD: QoS 0, not retained (tck-id-topics-ncmd-mqtt).
    client.publish(sparkplugTopic(groupId, 'NCMD', edgeNodeId), Buffer.from(payload), { qos: 0, retain: false }, (err) => {
      if (err) logger.debug({ groupId, edgeNodeId, err }, 'rebirth request not sent (connection lost)');
    });
  }

  function seqGap(groupId: string, edgeNodeId: string, detail: string): void {
    stats.seqGaps += 1;
    const fields = { groupId, edgeNodeId, detail };
    if (firstLog(`seq\u0000${groupId}/${edgeNodeId}`)) logger.warn(fields, 'Sparkplug messages of an edge node went missing (seq gap; logged once per edge node)');
    else logger.debug(fields, 'Sparkplug seq gap (repeated)');
    requestRebirth(groupId, edgeNodeId, `seq gap (${detail})`);
  }

  function onOwnState(payload: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    const { online, timestamp } = (message ?? {}) as { online?: unknown; timestamp?: unknown };
    const client = connection.client;
    // Someone declared this host dead in its current session: say otherwise (tck-id-message-flow-hid-sparkplug-state-message-delivered).
    if (online === false && birthPublished && (typeof timestamp !== 'number' || timestamp >= stateTimestamp) && client?.connected) {
      logger.warn({ stateTopic, timestamp }, 'delivered a STATE death certificate of this host while online: republishing the birth');
      publishMessage(client, stateTopic, stateMessage(true, stateTimestamp), { qos: 1, retain: true }).catch((err: unknown) =>
        logger.debug({ err: asError(err) }, 'STATE birth not republished (connection lost)'),
      );
    }
  }

  function onMessage(topic: string, payload: Buffer): void {
    try {
      stats.messages += 1;
      const parsedTopic = parseSparkplugTopic(topic);
      if (!parsedTopic) {
        stats.rejectedMessages += 1;
        countError(topic, { reason: 'bad_topic', detail: 'not spBv1.0/<group>/<message type>/<edge node>[/<device>]' });
        return;
      }
      if (parsedTopic.kind === 'state') {
        if (parsedTopic.hostId === config.hostId) onOwnState(payload);
        else stats.ignoredMessages += 1;
        return;
      }
      const { groupId, messageType, edgeNodeId, deviceId } = parsedTopic;
      if (messageType === 'NCMD' || messageType === 'DCMD') {
        stats.ignoredMessages += 1;
        return;
      }
      let decoded: SparkplugPayload;
      try {
        decoded = decodeSparkplugPayload(payload);
      } catch (err) {
        stats.rejectedMessages += 1;
        countError(topic, { reason: 'not_protobuf', detail: asError(err).message });
        return;
      }
      const result = registry.handle(groupId, messageType, edgeNodeId, deviceId, decoded, now());
      if (result.errors.length > 0) stats.rejectedMessages += 1;
      for (const error of result.errors) countError(topic, error);
      if (result.event === 'node_birth' || result.event === 'device_birth') stats.births += 1;
      else if (result.event === 'node_death' || result.event === 'device_death') stats.deaths += 1;
      else if (result.event === 'ignored_death') stats.ignoredDeaths += 1;
      if (result.event === 'node_birth') {
        // A birth starts a new sequence: nothing is missing any more.
        clearTimeout(reorderTimers.get(`${groupId}/${edgeNodeId}`));
        reorderTimers.delete(`${groupId}/${edgeNodeId}`);
        const bdSeq = decoded.metrics.find((m) => m.name === 'bdSeq')?.value;
        const bdSeqText = bdSeq?.kind === 'long' || bdSeq?.kind === 'int' ? String(bdSeq.value) : undefined;
        logger.info({ groupId, edgeNodeId, bdSeq: bdSeqText, metrics: decoded.metrics.length }, 'Sparkplug edge node born (NBIRTH)');
      } else if (result.event === 'node_death') {
        logger.info({ groupId, edgeNodeId }, 'Sparkplug edge node died (NDEATH): its signals are stale until its next birth');
      }
      for (const metric of result.discovered) {
        try {
          options.onMetricDiscovered?.(metric);
        } catch (err) {
          logger.error({ err: asError(err), metric: metric.address.metricName }, 'onMetricDiscovered callback threw');
        }
      }
      handleSequence(groupId, edgeNodeId, result.sequence, result.sequenceDetail);
      if (result.rebirth !== undefined) requestRebirth(groupId, edgeNodeId, result.rebirth);
      stats.staleSamples += result.staleSamples;
      delivery.push(result.samples);
    } catch (err) {
      // The registry never throws; this guards the mqtt.js event loop against the unexpected.
      logger.error({ err: asError(err), topic }, 'sparkplug host failed to handle a message');
    }
  }

  function handleSequence(groupId: string, edgeNodeId: string, sequence: string | undefined, detail: string | undefined): void {
    const key = `${groupId}/${edgeNodeId}`;
    if (sequence === 'gap') {
      if (config.reorderTimeoutMs === 0) {
        seqGap(groupId, edgeNodeId, detail ?? 'seq gap');
      } else if (!reorderTimers.has(key)) {
        const timer = setTimeout(() => {
          reorderTimers.delete(key);
          const missing = registry.missingSeqs(groupId, edgeNodeId);
          if (missing === 0 || stopped) return;
          registry.clearMissingSeqs(groupId, edgeNodeId);
          seqGap(groupId, edgeNodeId, `${missing} message(s) still missing after ${config.reorderTimeoutMs} ms`);
        }, config.reorderTimeoutMs);
        reorderTimers.set(key, timer);
      }
    } else if (sequence === 'late' && registry.missingSeqs(groupId, edgeNodeId) === 0) {
      clearTimeout(reorderTimers.get(key));
      reorderTimers.delete(key);
    }
  }

  const source: SparkplugHostSource = {
    id: config.id,
    kind: 'sparkplug',
    clientId,
    hostId: config.hostId,
    stateTopic,
    get state() {
      return state;
    },
    stats() {
      return { ...stats, ...delivery.stats(), payloadErrors: { ...payloadErrors }, connections: connection.connections };
    },
    edgeNodes() {
      return registry.nodes();
    },
    start(signal) {
      if (started || stopped) {
        if (state === 'closed' || stopped) return Promise.resolve();
        return Promise.reject(new RongtongError('FAILED_PRECONDITION', `sparkplug source "${config.id}" was already started`));
      }
      if (signal?.aborted) return source.stop();
      started = true;
      if (signal) {
        const onAbort = () => void source.stop();
        signal.addEventListener('abort', onAbort, { once: true });
        detachAbort = () => signal.removeEventListener('abort', onAbort);
      }
      logger.info({ ...connection.where, hostId: config.hostId, subscriptions: subscriptions.map((s) => `${s.filter} (QoS ${s.qos})`) }, 'sparkplug host started');
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
        clearReorderTimers();
        await connection.close();
        clearReorderTimers();
        await delivery.drain();
        delivery.clear();
        if (started) logger.info({ ...connection.where, ...source.stats() }, 'sparkplug host stopped');
        setState('closed', delivery.sinkError);
      })();
      return stopped;
    },
  };
  return source;
}
