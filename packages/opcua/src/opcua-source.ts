import {
  type BackoffOptions,
  type DataQuality,
  RongtongError,
  createSampleQueue,
  type Sample,
  type SampleSink,
  type Source,
  type SourceState,
  fromZodError,
  nextBackoffMs,
  resolveBackoffOptions,
} from '@rongtong/core';
import {
  AttributeIds,
  type ClientMonitoredItemGroup,
  type ClientSubscription,
  type DataValue,
  type NodeId,
  NumericRange,
  type StatusCode,
  StatusCodes,
  TimestampsToReturn,
} from 'node-opcua';
import { type ClientPki, createClientPki } from './client-pki.js';
import { connectionError } from './connection-error.js';
import { VALUE_SKIP_REASONS, type ValueSkipReason, convertDataValue } from './data-value-sample.js';
import { resolveNodeId } from './node-id-resolution.js';
import { type LossKind, type OpenConnection, closeClient, connectionSettingsOf, openConnection } from './opcua-connection.js';
import { type OpcuaLogger, silentOpcuaLogger } from './opcua-logger.js';
import {
  OPCUA_DEFAULT_BACKOFF,
  OpcuaSignalsSchema,
  OpcuaSourceConfigSchema,
  type OpcuaSignal,
  type OpcuaSourceConfig,
  type OpcuaSourceConfigInput,
  definedOnly,
} from './opcua-source-config.js';
import { OPCUA_STATUS } from './status-codes.js';
import { statusName } from './status-name.js';
import { type OpcuaServerLimits, type PlannedSubscription, planSubscriptions } from './subscription-planner.js';
import { PART_FAILURE_REASONS, type PartFailureReason, type ValuePart } from './value-part.js';

/** Options of {@link createOpcuaSource}. */
export interface OpcuaSourceOptions {
  /** The source config (parsed here by `OpcuaSourceConfigSchema`; `INVALID_CONFIG` names the bad field). */
  readonly config: OpcuaSourceConfigInput;
  /**
   * The signals to read: `{ id, nodeId, samplingInterval?, publishingInterval? }` — for the
   * agent, its `signals[]` entries of this source with `nodeId` from their `opcua` address.
   * Checked like the config (`signals.<index>.nodeId`, duplicate ids).
   */
  readonly signals: readonly OpcuaSignal[];
  /** Where samples go. Its promise is awaited (see {@link OpcuaSource}). */
  readonly sink: SampleSink;
  /** Logger (pino-compatible); silent when absent. */
  readonly logger?: OpcuaLogger;
  /** Called on every state change, with the error that caused a `backoff` or an unexpected `closed`. */
  readonly onStateChange?: (state: SourceState, error?: Error) => void;
  /** Called after each (re)subscription with the status of every signal. */
  readonly onNodeStatus?: (statuses: readonly OpcuaNodeStatus[]) => void;
  /** Clock for receive and loss times, ms since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /** Random numbers in [0, 1) for backoff jitter (default `Math.random`). */
  readonly random?: () => number;
  /**
   * The PKI folder `rongtong-agent trust accept` uses without flags (the agent passes its
   * default). When `pkiDir` is another folder, or this is absent, the command an untrusted
   * server certificate's error suggests names `--pki-dir <pkiDir>`.
   */
  readonly trustDefaultPkiDir?: string;
}

/**
 * Where a signal stands: `pending` (not subscribed: before the first connection or while
 * reconnecting), `subscribed` (reporting), or `bad` (refused by the server, or no room in the plan).
 */
export type OpcuaNodeState = 'pending' | 'subscribed' | 'bad';

/** The status of one signal's monitored item. */
export interface OpcuaNodeStatus {
  readonly signalId: string;
  /** The NodeId as configured. */
  readonly nodeId: string;
  readonly state: OpcuaNodeState;
  /** The 32-bit StatusCode of the item's creation (0 = Good), once tried. */
  readonly statusCode: number | undefined;
  /** Its name, e.g. `Good`, `BadNodeIdUnknown`. */
  readonly statusName: string | undefined;
  /** Why it is bad, for a person (e.g. an unknown namespace URI). */
  readonly reason?: string;
}

/** Counters of an OPC UA source since it was created. */
export interface OpcuaSourceStats {
  /** Signals configured. */
  readonly signals: number;
  /** Monitored items created and reporting now (0 while not connected). */
  readonly itemsSubscribed: number;
  /** Signals whose item the server refused or the plan had no room for, on the last connection. */
  readonly itemsBad: number;
  /** Subscriptions open now (0 while not connected). */
  readonly subscriptions: number;
  /** Data change notifications received. */
  readonly notifications: number;
  /** Samples handed to the sink (including gap and bad-node samples). */
  readonly samples: number;
  /** Bad samples written at connection losses (one per signal per loss). */
  readonly gapSamples: number;
  /** Values that gave no sample, by reason (arrays, unsupported types, missing values). */
  readonly skippedValues: Readonly<Record<ValueSkipReason, number>>;
  /** Values without the part their signal reads (`indexRange` / `field`), by reason: each gave a bad sample. */
  readonly partFailures: Readonly<Record<PartFailureReason, number>>;
  /** Samples dropped because the queue was full (oldest first), or left queued when the sink failed. */
  readonly droppedSamples: number;
  /** Samples waiting for the sink now. */
  readonly queuedSamples: number;
  /** Connections that reached `connected`. */
  readonly connections: number;
  /** Of those, the ones after the first (reconnections). */
  readonly reconnects: number;
  /** Connections lost after they were up. */
  readonly connectionLosses: number;
  /** Connection attempts that failed. */
  readonly failedAttempts: number;
}

/**
 * A running OPC UA source (a core `Source` of kind `opcua`).
 *
 * - **Connection**: one node-opcua client per connection, never reconnecting on its own: the
 *   source reconnects with core's jittered exponential backoff (`backoff`, default 0.5 s
 *   doubling to 4 s), going `connecting` → `connected` (session open and every subscription
 *   created) → `backoff` (with the cause, a `RongtongError`) → … An unreachable server, an
 *   untrusted server certificate (`FAILED_PRECONDITION`, naming its thumbprint and
 *   `rongtong-agent trust accept <thumbprint>`) or refused credentials (`UNAUTHENTICATED`)
 *   are not errors of `start`: the source stays in `backoff` and retries, so a certificate
 *   accepted meanwhile is used on the next attempt. The attempt counter starts again after a
 *   connection that lasted 10 s.
 * - **Subscriptions**: planned by {@link planSubscriptions} from the server's limits (read
 *   on every connection with the NamespaceArray, against which `nsu=` NodeIds are resolved),
 *   and re-created on every connection — the server's initial values arrive as usual. Bad
 *   NodeIds are listed in {@link OpcuaSource.nodeStatus} and get one bad sample; the others
 *   report.
 * - **Gaps**: when a connection is lost, every signal gets ONE bad sample (no value,
 *   `sourceStatus` BadConnectionClosed or BadCommunicationError, `sourceTime` the loss time):
 *   the time without data shows in quality; no value is repeated or invented. A signal's
 *   first value after the gap whose source timestamp is older than the loss (it has not
 *   changed since) is given the time it was read again (server timestamp, else receive time),
 *   so each signal's samples stay in time order.
 * - **Values**: see `convertDataValue`: integers as `bigint`, floats as `number`, text,
 *   booleans, bytes; quality from the StatusCode; other types counted in `skippedValues`.
 *   A signal with `indexRange` subscribes to that range; with `field` too, the field of the
 *   (one-element) structure is the value. A value without that part gives a bad sample
 *   (`BadTypeMismatch`), counted in `partFailures` and logged once per signal and reason.
 * - **Backpressure**: a subscription cannot pause, so samples wait in a bounded queue
 *   (`maxQueuedSamples`) while the sink's promise is pending; beyond it the oldest are
 *   dropped and counted. A sink that rejects closes the source.
 * - **stop()** deletes the subscriptions and closes the session (or gives up on a dead server
 *   after a few seconds), disconnects, hands the samples already received to the sink and
 *   resolves: no socket, timer or file watcher is left.
 */
export interface OpcuaSource extends Source {
  readonly kind: 'opcua';
  /** Why the source is not connected (last failed attempt or lost connection); undefined while connected. */
  readonly error: RongtongError | undefined;
  /** A snapshot of the counters. */
  stats(): OpcuaSourceStats;
  /** The status of every signal, in the order given. */
  nodeStatus(): readonly OpcuaNodeStatus[];
  /** The limits the server announced on the last connection, once connected. */
  serverLimits(): OpcuaServerLimits | undefined;
}

/** A connection that lasted this long resets the backoff attempt counter. */
const STABLE_CONNECTION_MS = 10_000;
/** How long closing a session or client may take before it is abandoned. */
const CLOSE_TIMEOUT_MS = 3_000;
/** Most (signal, reason) pairs remembered for log-once. */
const MAX_LOGGED_KEYS = 10_000;
/** Bad NodeIds listed in one log line. */
const MAX_LISTED = 20;

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** The service result of a failed request (a ServiceFault), as a 32-bit code. */
function serviceResultOf(err: unknown): number | undefined {
  const result = (err as { response?: { responseHeader?: { serviceResult?: StatusCode } } } | undefined)?.response?.responseHeader?.serviceResult;
  return result === undefined ? undefined : result.value >>> 0;
}

/** One connection's state, from the first attempt step to its teardown. */
interface Connection {
  readonly no: number;
  client: OpenConnection['client'] | undefined;
  open: OpenConnection | undefined;
  subscriptions: ClientSubscription[];
  /** Set when the connection broke (or was given up): its late notifications are ignored. */
  lost: boolean;
  /** Set once samples flowed or it was up: a loss then marks the gap. */
  delivered: boolean;
  closing: Promise<void> | undefined;
}

interface SignalTrack {
  /** Quality of the last sample written for the signal. */
  lastQuality: DataQuality | undefined;
  /** Source time of the last sample written for the signal. */
  lastTime: number | undefined;
  /** Time of the gap sample not yet followed by a value. */
  gapAt: number | undefined;
}

/**
 * Makes an OPC UA source reading `signals` from one server (see {@link OpcuaSource}). Parses
 * the config and signals once and throws an `INVALID_CONFIG` RongtongError naming each bad
 * field (signals as `signals.<index>…`, a user certificate and key that do not load or match
 * as `user.certificate` / `user.privateKey`). Does not connect until `start`.
 *
 * @example
 * ```ts
 * const source = createOpcuaSource({
 *   config: {
 *     id: 'lathe-3',
 *     endpointUrl: 'opc.tcp://192.168.1.20:4840',
 *     securityMode: 'SignAndEncrypt',
 *     securityPolicy: 'Basic256Sha256',
 *     user: { username: 'rongtong', password: resolvedPassword },
 *     pkiDir: '/var/lib/rongtong/opcua-pki',
 *   },
 *   signals: [
 *     { id: 'lathe-3/state', nodeId: 'nsu=http://example.com/lathe/;s=State' },
 *     { id: 'lathe-3/parts', nodeId: 'ns=2;i=1002', samplingInterval: 0 },
 *   ],
 *   sink,
 *   logger,
 *   onStateChange: (state, error) => …,
 * });
 * await source.start(abortSignal);
 * // … source.nodeStatus(), source.stats()
 * await source.stop();
 * ```
 */
export function createOpcuaSource(options: OpcuaSourceOptions): OpcuaSource {
  const parsed = OpcuaSourceConfigSchema.safeParse(options.config);
  if (!parsed.success) throw fromZodError(parsed.error, 'opcua source config', 'INVALID_CONFIG');
  const config: OpcuaSourceConfig = parsed.data;
  const parsedSignals = OpcuaSignalsSchema.safeParse(options.signals);
  if (!parsedSignals.success) {
    const err = fromZodError(parsedSignals.error, 'opcua source signals', 'INVALID_CONFIG');
    const fieldViolations = err.fieldViolations.map((v) => ({ ...v, path: `signals.${v.path}` }));
    const summary = fieldViolations.map((v) => `${v.path}: ${v.reason}`).join('; ');
    throw new RongtongError('INVALID_CONFIG', `invalid opcua source signals: ${summary}`, { fieldViolations, cause: err });
  }
  const signals = parsedSignals.data;
  const { settings, where } = connectionSettingsOf(config, `rongtong-${config.id}`);
  const backoff: BackoffOptions = resolveBackoffOptions({ ...OPCUA_DEFAULT_BACKOFF, ...definedOnly(config.backoff) });
  const logger = options.logger ?? silentOpcuaLogger;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sink = options.sink;
  const queue = createSampleQueue(config.maxQueuedSamples);
  let pki: ClientPki | undefined;

  let state: SourceState = 'idle';
  let lastError: RongtongError | undefined;
  let stopped: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempting: Promise<void> | undefined;
  let current: Connection | undefined;
  let connecting: Connection | undefined;
  let connectionNo = 0;
  let attempts = 0;
  let connectedAt: number | undefined;
  let lastFailureMessage: string | undefined;
  let limits: OpcuaServerLimits | undefined;
  let detachAbort: (() => void) | undefined;
  const closing = new Set<Promise<void>>();

  let pending: Sample[] = [];
  let flushScheduled: NodeJS.Immediate | undefined;
  let writing: Promise<void> | undefined;
  let sinkError: Error | undefined;
  let dropping = false;

  const stats = {
    itemsSubscribed: 0,
    itemsBad: 0,
    subscriptions: 0,
    notifications: 0,
    samples: 0,
    gapSamples: 0,
    droppedSamples: 0,
    connections: 0,
    reconnects: 0,
    connectionLosses: 0,
    failedAttempts: 0,
  };
  const skippedValues = Object.fromEntries(VALUE_SKIP_REASONS.map((r) => [r, 0])) as Record<ValueSkipReason, number>;
  const partFailures = Object.fromEntries(PART_FAILURE_REASONS.map((r) => [r, 0])) as Record<PartFailureReason, number>;
  const parts = new Map<string, ValuePart>(
    signals.filter((s) => s.indexRange !== undefined || s.field !== undefined).map((s) => [s.id, { indexRange: s.indexRange, field: s.field }]),
  );
  const loggedSkips = new Set<string>();
  const tracks = new Map<string, SignalTrack>(signals.map((s) => [s.id, { lastQuality: undefined, lastTime: undefined, gapAt: undefined }]));
  const statuses = new Map<string, OpcuaNodeStatus>(
    signals.map((s) => [s.id, { signalId: s.id, nodeId: s.nodeId, state: 'pending', statusCode: undefined, statusName: undefined }]),
  );

  const setState = (next: SourceState, cause?: Error) => {
    if (state === next || state === 'closed') return;
    state = next;
    try {
      options.onStateChange?.(next, cause);
    } catch (err) {
      logger.error({ err: asError(err), state: next }, 'onStateChange callback threw');
    }
  };

  // ---- samples: pending batch → bounded queue → sink ----

  function sinkFailed(err: unknown): void {
    if (sinkError) return;
    sinkError = asError(err);
    stats.droppedSamples += queue.clear() + pending.length;
    pending = [];
    logger.warn({ err: sinkError }, 'opcua source stops: the sink failed');
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

  function flush(): void {
    if (flushScheduled) clearImmediate(flushScheduled);
    flushScheduled = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    if (sinkError) {
      stats.droppedSamples += batch.length;
      return;
    }
    const dropped = queue.push(batch);
    if (dropped > 0) {
      stats.droppedSamples += dropped;
      if (!dropping) {
        dropping = true;
        logger.warn({ dropped, maxQueuedSamples: config.maxQueuedSamples }, 'the sink is slower than the server: dropping the oldest queued samples');
      }
    }
    pump();
  }

  /** Adds a sample for the next batch: samples of one publish (one event-loop turn) go to the sink together. */
  function emit(sample: Sample): void {
    const track = tracks.get(sample.signalId)!;
    track.lastQuality = sample.quality;
    track.lastTime = sample.sourceTime;
    pending.push(sample);
    flushScheduled ??= setImmediate(flush);
  }

  async function drain(): Promise<void> {
    flush();
    while (writing) await writing;
  }

  // ---- data ----

  function logSkip(signalId: string, reason: ValueSkipReason | PartFailureReason, detail: string): void {
    const key = `${reason}\u0000${signalId}`;
    const fields = { signalId, reason, detail };
    if (loggedSkips.has(key)) {
      logger.debug(fields, 'OPC UA value skipped (repeated)');
      return;
    }
    if (loggedSkips.size >= MAX_LOGGED_KEYS) loggedSkips.clear();
    loggedSkips.add(key);
    logger.warn(fields, 'OPC UA value skipped, or its part missing (a bad sample): counted (logged once per signal and reason)');
  }

  function onData(conn: Connection, signalId: string, dataValue: DataValue): void {
    if (conn.lost || stopped || sinkError) return;
    try {
      stats.notifications += 1;
      conn.delivered = true;
      const receiveTime = now();
      const converted = convertDataValue(dataValue, receiveTime, parts.get(signalId));
      if (!converted.ok) {
        skippedValues[converted.reason] += 1;
        logSkip(signalId, converted.reason, converted.detail);
        return;
      }
      if (converted.partFailure) {
        partFailures[converted.partFailure.reason] += 1;
        logSkip(signalId, converted.partFailure.reason, converted.partFailure.detail);
      }
      const track = tracks.get(signalId)!;
      let sourceTime = converted.sourceTime;
      if (track.gapAt !== undefined) {
        // The first value after a gap: one that has not changed since before the loss is known
        // again only from now on (the gap stays a gap).
        if (sourceTime <= track.gapAt) {
          const serverTime = converted.serverTime;
          sourceTime = serverTime !== undefined && serverTime > track.gapAt ? serverTime : Math.max(receiveTime, track.gapAt + 1);
        }
        track.gapAt = undefined;
      }
      emit({ signalId, sourceTime, value: converted.value, quality: converted.quality, sourceStatus: converted.sourceStatus });
    } catch (err) {
      // convertDataValue does not throw; this guards node-opcua's event loop against the unexpected.
      logger.error({ err: asError(err), signalId }, 'opcua source failed to handle a data change');
    }
  }

  /** One bad sample per signal whose last sample is not already bad: the gap shows in quality. */
  function markGap(at: number, status: number): void {
    for (const s of signals) {
      const track = tracks.get(s.id)!;
      if (track.lastQuality === 'bad') continue;
      const sourceTime = track.lastTime !== undefined && track.lastTime >= at ? track.lastTime + 1 : at;
      emit({ signalId: s.id, sourceTime, value: undefined, quality: 'bad', sourceStatus: status });
      track.gapAt = sourceTime;
      stats.gapSamples += 1;
    }
    flush();
  }

  // ---- connection ----

  function onLost(conn: Connection, kind: LossKind, cause: Error): void {
    if (conn.lost) return;
    conn.lost = true;
    if (stopped) return;
    const wasUp = current === conn;
    if (wasUp) {
      current = undefined;
      stats.itemsSubscribed = 0;
      stats.subscriptions = 0;
      for (const status of statuses.values()) if (status.state === 'subscribed') statuses.set(status.signalId, { ...status, state: 'pending' });
    }
    if (wasUp || conn.delivered) {
      stats.connectionLosses += 1;
      markGap(now(), kind === 'closed' ? OPCUA_STATUS.BadConnectionClosed : OPCUA_STATUS.BadCommunicationError);
    }
    void teardown(conn);
    if (wasUp) {
      scheduleReconnect(new RongtongError('UNAVAILABLE', `lost the connection to ${config.endpointUrl}: ${cause.message}`, { cause }));
    }
    // A connection lost while it was being set up fails its attempt, which schedules the retry.
  }

  /** Closes a connection's session and client (once), tracked so `stop()` waits for it. */
  function teardown(conn: Connection): Promise<void> {
    conn.lost = true;
    const client = conn.client;
    if (!client) return Promise.resolve(); // not made yet: the attempt closes it when it sees `lost`
    if (conn.closing) return conn.closing;
    const p = closeClient(client, conn.open?.session, CLOSE_TIMEOUT_MS);
    conn.closing = p;
    closing.add(p);
    void p.finally(() => closing.delete(p));
    return p;
  }

  function scheduleReconnect(cause: RongtongError): void {
    if (stopped || timer) return;
    const upFor = connectedAt === undefined ? 0 : now() - connectedAt;
    connectedAt = undefined;
    if (upFor >= STABLE_CONNECTION_MS) attempts = 0;
    const delayMs = Math.round(nextBackoffMs(attempts, backoff, random));
    attempts += 1;
    lastError = cause;
    const fields = { ...where, err: cause, code: cause.code, attempt: attempts, delayMs };
    if (cause.message !== lastFailureMessage) {
      lastFailureMessage = cause.message;
      const needsPerson = ['UNAUTHENTICATED', 'PERMISSION_DENIED', 'FAILED_PRECONDITION', 'UNIMPLEMENTED'].includes(cause.code);
      if (needsPerson) logger.error(fields, `${cause.message}; retrying with backoff`);
      else logger.warn(fields, `${cause.message}; retrying with backoff`);
    } else {
      logger.debug(fields, 'opcua connection attempt failed; retrying with backoff');
    }
    setState('backoff', cause);
    timer = setTimeout(() => {
      timer = undefined;
      attempting = attempt();
    }, delayMs);
  }

  function setStatus(signalId: string, status: Omit<OpcuaNodeStatus, 'signalId' | 'nodeId'>): void {
    const previous = statuses.get(signalId)!;
    statuses.set(signalId, { signalId, nodeId: previous.nodeId, ...status });
  }

  /** Creates the planned subscriptions and items; per-item failures are statuses, not errors. */
  async function subscribe(conn: Connection, open: OpenConnection): Promise<void> {
    const resolved = new Map<string, NodeId>();
    const bad: { signalId: string; statusCode: number; reason?: string }[] = [];
    for (const s of signals) {
      const r = resolveNodeId(s.nodeId, open.namespaceArray);
      if (r.ok) resolved.set(s.id, r.nodeId);
      else bad.push({ signalId: s.id, statusCode: r.statusCode, reason: r.reason });
    }
    const plan = planSubscriptions(
      signals.filter((s) => resolved.has(s.id)),
      {
        samplingInterval: config.samplingInterval,
        publishingInterval: config.publishingInterval,
        maxItemsPerSubscription: config.maxItemsPerSubscription,
        maxItemsPerCall: config.maxItemsPerCall,
        limits: open.limits,
      },
    );
    for (const u of plan.unplanned) bad.push({ signalId: u.signalId, statusCode: u.statusCode, reason: u.reason });

    let subscribed = 0;
    for (const planned of plan.subscriptions) {
      if (conn.lost || stopped) return;
      let subscription: ClientSubscription;
      try {
        subscription = await createSubscription(conn, open, planned);
      } catch (err) {
        if (conn.lost || stopped) return;
        const code = serviceResultOf(err) ?? OPCUA_STATUS.BadCommunicationError;
        for (const call of planned.calls) {
          for (const i of call.items) bad.push({ signalId: i.signalId, statusCode: code, reason: `CreateSubscription failed: ${asError(err).message}` });
        }
        continue;
      }
      for (const call of planned.calls) {
        if (conn.lost || stopped) return;
        const items = call.items.map((i) => {
          const indexRange = parts.get(i.signalId)?.indexRange;
          return { nodeId: resolved.get(i.signalId)!, attributeId: AttributeIds.Value, ...(indexRange === undefined ? {} : { indexRange: new NumericRange(indexRange) }) };
        });
        let group: ClientMonitoredItemGroup;
        try {
          group = await subscription.monitorItems(
            items,
            { samplingInterval: call.samplingInterval, queueSize: config.queueSize, discardOldest: true },
            TimestampsToReturn.Both,
          );
        } catch (err) {
          if (conn.lost || stopped) return;
          const code = serviceResultOf(err) ?? OPCUA_STATUS.BadCommunicationError;
          for (const i of call.items) bad.push({ signalId: i.signalId, statusCode: code, reason: `CreateMonitoredItems failed: ${asError(err).message}` });
          continue;
        }
        group.on('changed', (_item, dataValue: DataValue, index: number) => {
          const item = call.items[index];
          if (item) onData(conn, item.signalId, dataValue);
        });
        group.monitoredItems.forEach((monitoredItem, index) => {
          const signalId = call.items[index]!.signalId;
          const code = (monitoredItem.statusCode?.value ?? OPCUA_STATUS.BadCommunicationError) >>> 0;
          if (code === 0 || (code >>> 30) === 0) {
            subscribed += 1;
            setStatus(signalId, { state: 'subscribed', statusCode: code, statusName: statusName(code) });
          } else {
            bad.push({ signalId, statusCode: code });
          }
        });
      }
    }
    for (const b of bad) {
      setStatus(b.signalId, { state: 'bad', statusCode: b.statusCode, statusName: statusName(b.statusCode), ...(b.reason === undefined ? {} : { reason: b.reason }) });
      const track = tracks.get(b.signalId)!;
      if (track.lastQuality !== 'bad') emit({ signalId: b.signalId, sourceTime: Math.max(now(), (track.lastTime ?? 0) + 1), value: undefined, quality: 'bad', sourceStatus: b.statusCode });
    }
    flush();
    stats.itemsSubscribed = subscribed;
    stats.itemsBad = bad.length;
    stats.subscriptions = plan.subscriptions.length;
    const summary = {
      ...where,
      signals: signals.length,
      subscribed,
      bad: bad.length,
      subscriptions: plan.subscriptions.length,
      itemsPerSubscription: plan.itemsPerSubscription,
      itemsPerCall: plan.itemsPerCall,
      limits: open.limits,
    };
    if (bad.length > 0) {
      const listed = bad.slice(0, MAX_LISTED).map((b) => `${statuses.get(b.signalId)!.nodeId} (${b.signalId}): ${statusName(b.statusCode)}${b.reason ? ` — ${b.reason}` : ''}`);
      logger.warn({ ...summary, badNodes: listed }, `${bad.length} of ${signals.length} OPC UA signals cannot be subscribed; the others report (see nodeStatus())`);
    } else {
      logger.info(summary, 'OPC UA signals subscribed');
    }
    try {
      options.onNodeStatus?.([...statuses.values()]);
    } catch (err) {
      logger.error({ err: asError(err) }, 'onNodeStatus callback threw');
    }
  }

  async function createSubscription(conn: Connection, open: OpenConnection, planned: PlannedSubscription): Promise<ClientSubscription> {
    const interval = planned.publishingInterval;
    const maxKeepAliveCount = Math.max(2, Math.ceil(10_000 / interval));
    const subscription = await open.session.createSubscription2({
      requestedPublishingInterval: interval,
      requestedMaxKeepAliveCount: maxKeepAliveCount,
      requestedLifetimeCount: Math.max(3 * maxKeepAliveCount, Math.ceil(config.sessionTimeoutMs / interval)),
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 0,
    });
    conn.subscriptions.push(subscription);
    subscription.on('status_changed', (status: StatusCode) => {
      if (status.value === StatusCodes.BadTimeout.value) onLost(conn, 'failed', new Error('the server ended a subscription (BadTimeout)'));
    });
    subscription.on('terminated', () => {
      if (!conn.closing) onLost(conn, 'failed', new Error('a subscription ended'));
    });
    subscription.on('internal_error', (err: Error) => onLost(conn, 'failed', err));
    return subscription;
  }

  async function attempt(): Promise<void> {
    if (stopped) return;
    const conn: Connection = {
      no: (connectionNo += 1),
      client: undefined,
      open: undefined,
      subscriptions: [],
      lost: false,
      delivered: false,
      closing: undefined,
    };
    connecting = conn;
    setState('connecting');
    try {
      await pki!.refresh();
      pki!.takeVerdict();
      const open = await openConnection(settings, pki!, {
        onClient: (client) => {
          conn.client = client;
        },
        onLost: (kind, cause) => onLost(conn, kind, cause),
      });
      conn.open = open;
      if (stopped) {
        await teardown(conn);
        return;
      }
      limits = open.limits;
      await subscribe(conn, open);
      if (stopped) {
        await teardown(conn);
        return;
      }
      if (conn.lost) throw new Error('the connection was lost while subscribing');
      current = conn;
      connectedAt = now();
      stats.connections += 1;
      if (stats.connections > 1) stats.reconnects += 1;
      lastError = undefined;
      lastFailureMessage = undefined;
      logger.info({ ...where, connection: conn.no, subscriptions: conn.subscriptions.length }, 'opcua source connected');
      setState('connected');
    } catch (err) {
      if (stopped) {
        await teardown(conn);
        return;
      }
      stats.failedAttempts += 1;
      const wasDelivering = conn.delivered && !conn.lost;
      if (wasDelivering) onLost(conn, 'failed', asError(err));
      void teardown(conn);
      const cause = connectionError(err, {
        ...where,
        pkiDir: config.pkiDir,
        trustDefaultPkiDir: options.trustDefaultPkiDir,
        serverCertificate: pki!.takeVerdict(),
        clientThumbprint: await pki!.clientThumbprint(),
      });
      scheduleReconnect(cause);
    } finally {
      if (connecting === conn) connecting = undefined;
    }
  }

  const source: OpcuaSource = {
    id: config.id,
    kind: 'opcua',
    get state() {
      return state;
    },
    get error() {
      return lastError;
    },
    stats() {
      return { ...stats, signals: signals.length, skippedValues: { ...skippedValues }, partFailures: { ...partFailures }, queuedSamples: queue.size + pending.length };
    },
    nodeStatus() {
      return [...statuses.values()];
    },
    serverLimits() {
      return limits;
    },
    async start(signal) {
      if (state !== 'idle' || stopped) {
        if (state === 'closed' || stopped) return;
        throw new RongtongError('FAILED_PRECONDITION', `opcua source "${config.id}" was already started`);
      }
      if (signal?.aborted) return source.stop();
      setState('connecting');
      pki = createClientPki(config.pkiDir, config.pinnedServerCertificates, logger);
      try {
        await pki.refresh();
      } catch (err) {
        const reason = `cannot use the PKI folder: ${asError(err).message}`;
        const error = new RongtongError('FAILED_PRECONDITION', `opcua source "${config.id}": pkiDir ${config.pkiDir}: ${reason}`, {
          fieldViolations: [{ path: 'pkiDir', reason }],
          cause: err,
        });
        await pki.dispose();
        pki = undefined;
        lastError = error;
        setState('closed', error);
        throw error;
      }
      if (stopped) return;
      if (signal) {
        const onAbort = () => void source.stop();
        signal.addEventListener('abort', onAbort, { once: true });
        detachAbort = () => signal.removeEventListener('abort', onAbort);
      }
      logger.info({ ...where, signals: signals.length, pkiDir: config.pkiDir }, 'opcua source started');
      attempting = attempt();
    },
    stop() {
      stopped ??= (async () => {
        clearTimeout(timer);
        timer = undefined;
        detachAbort?.();
        const conn = current;
        current = undefined;
        // An attempt in progress ends at its next step; disconnecting its client cuts a pending connect short.
        const inFlight = attempting;
        if (connecting) void teardown(connecting);
        if (conn) await teardown(conn);
        if (inFlight) await inFlight;
        await Promise.allSettled([...closing]);
        await drain();
        stats.droppedSamples += queue.clear();
        await pki?.dispose();
        if (pki) logger.info({ ...where, ...stats }, 'opcua source stopped');
        setState('closed', sinkError);
      })();
      return stopped;
    },
  };
  return source;
}
