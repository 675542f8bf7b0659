import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { rongtongPackageDefinition, type ProtoGrpcType } from '@rongtong/protocol';
import { pino } from 'pino';
import type { OutboxStats } from '../outbox/outbox.js';
import { createHistoricalPacer } from './historical-pacer.js';
import { openPublishSession, type PublishSession } from './publish-session.js';
import { nextBackoffMs } from '@rongtong/core';
import { uplinkChannelOptions, uplinkCredentials } from './uplink-credentials.js';
import type { UplinkOptions } from './uplink-options.js';
import { resolveUplinkSettings } from './uplink-settings.js';
import type { SessionOutcome } from './uplink-outcome.js';

/** Where an uplink is in its life, as one value (DESIGN §8). */
export type UplinkState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'closed';

/** Why an uplink stopped for good without `stop()`: the code (`ERROR_CODE_…` or a `ResumeFailure`) and detail. */
export interface UplinkFatal {
  readonly code: string;
  readonly message: string;
}

/** A batch the platform refused. */
export interface UplinkReject {
  readonly seq: bigint;
  readonly code: string;
  readonly message: string;
}

/** A snapshot of an uplink, for status, health and metrics. */
export interface UplinkStats {
  readonly state: UplinkState;
  /** Highest seq acknowledged through this uplink (0 when none yet). */
  readonly lastAckSeq: bigint;
  /** When that ack arrived (agent clock, ms); undefined when none yet. */
  readonly lastAckTime: number | undefined;
  /** Batches sent and not yet answered. */
  readonly inFlight: number;
  /** Rejects received, by error code. */
  readonly rejects: Readonly<Record<string, number>>;
  /** Connection attempts after the first. */
  readonly reconnects: number;
  /** The outbox's own statistics (pending, sealed, dropped). */
  readonly backlog: OutboxStats;
}

/** Listeners of the uplink's events. */
export interface UplinkEvents {
  state: [state: UplinkState];
  reject: [reject: UplinkReject];
  fatal: [fatal: UplinkFatal];
}

/** One gRPC Publish stream to one platform, draining one outbox. */
export interface Uplink {
  /** The uplink's name. */
  readonly name: string;
  /** Current connection state. */
  readonly state: UplinkState;
  /** Connects and keeps sending until `stop()`, `signal` aborts, or a fatal error. Idempotent. */
  start(signal?: AbortSignal): void;
  /** Stops sealing, waits briefly for acks in flight, ends the stream and clears every timer. */
  stop(): Promise<void>;
  /** A snapshot (reads the outbox statistics). */
  stats(): Promise<UplinkStats>;
  /** Subscribes to state changes, rejects, or the fatal error. */
  on<K extends keyof UplinkEvents>(event: K, listener: (...args: UplinkEvents[K]) => void): this;
}

const proto = grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType;

/** Creates an uplink (idle until `start`). */
export function createUplink(options: UplinkOptions): Uplink {
  const settings = resolveUplinkSettings(options);
  const { backoff, window, drainMs, maxResyncAttempts: maxResync } = settings;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'uplink', uplink: options.name });
  const pacer = createHistoricalPacer(settings.maxBatchesPerSecond, now);
  const events = new EventEmitter();
  events.on('error', () => undefined);

  let state: UplinkState = 'idle';
  let started = false;
  let stopping = false;
  let session: PublishSession | undefined;
  let client: InstanceType<ProtoGrpcType['rongtong']['v1']['IngestService']> | undefined;
  let wake: (() => void) | undefined;
  let loopDone: Promise<void> = Promise.resolve();
  let attempt = 0;
  let resyncs = 0;
  let reconnects = 0;
  let lastAckSeq = 0n;
  let lastAckTime: number | undefined;
  const rejects: Record<string, number> = {};

  const setState = (next: UplinkState): void => {
    if (state === next) return;
    state = next;
    logger.debug({ state }, 'uplink state');
    events.emit('state', next);
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const runOnce = (): Promise<SessionOutcome> => {
    client ??= new proto.rongtong.v1.IngestService(options.address, uplinkCredentials(options.tls), uplinkChannelOptions(options.tls, backoff));
    setState('connecting');
    session = openPublishSession({
      client,
      token: options.token,
      agentId: options.agentId,
      agentVersion: options.agentVersion,
      sharingLevel: options.sharingLevel,
      outbox: options.outbox,
      window,
      pollMs: settings.pollMs,
      liveWindowMs: settings.liveWindowMs,
      pacer,
      logger,
      now,
      onConnected: () => setState('connected'),
      onAck: (seq) => {
        attempt = 0;
        resyncs = 0;
        lastAckSeq = seq;
        lastAckTime = now();
      },
      onReject: (seq, code, message) => {
        rejects[code] = (rejects[code] ?? 0) + 1;
        logger.warn({ seq: seq.toString(), code, message }, 'batch rejected');
        events.emit('reject', { seq, code, message });
      },
    });
    return session.done;
  };

  const loop = async (): Promise<void> => {
    while (!stopping) {
      const outcome = await runOnce();
      session = undefined;
      if (outcome.kind === 'stopped' || stopping) break;
      if (outcome.kind === 'resync') resyncs += 1;
      if (outcome.kind === 'fatal' || resyncs > maxResync) {
        const fatal = outcome.kind === 'fatal' ? outcome : { code: outcome.code, message: `${outcome.message} (after ${maxResync} resume attempts)` };
        logger.error({ code: fatal.code, message: fatal.message }, 'uplink stopped: operator action needed');
        events.emit('fatal', { code: fatal.code, message: fatal.message });
        break;
      }
      const delay = nextBackoffMs(attempt, backoff, random);
      attempt += 1;
      logger.warn({ code: outcome.code, message: outcome.message, delayMs: Math.round(delay) }, 'uplink disconnected; reconnecting');
      setState('backoff');
      await sleep(delay);
      reconnects += 1;
    }
    client?.close();
    client = undefined;
    setState('closed');
  };

  const uplink: Uplink = {
    name: options.name,
    get state() {
      return state;
    },
    start(signal) {
      if (started) return;
      started = true;
      if (signal?.aborted) {
        setState('closed');
        return;
      }
      const onAbort = (): void => void uplink.stop();
      signal?.addEventListener('abort', onAbort, { once: true });
      loopDone = loop()
        .catch((error: unknown) => {
          logger.error({ err: error }, 'uplink loop failed');
          client?.close();
          setState('closed');
        })
        .finally(() => signal?.removeEventListener('abort', onAbort));
    },
    async stop() {
      if (!started) {
        started = true;
        setState('closed');
        return;
      }
      stopping = true;
      wake?.();
      await session?.stop(drainMs);
      await loopDone;
    },
    async stats() {
      return { state, lastAckSeq, lastAckTime, inFlight: session?.inFlight() ?? 0, rejects: { ...rejects }, reconnects, backlog: await options.outbox.stats() };
    },
    on(event, listener) {
      events.on(event, listener as (...args: unknown[]) => void);
      return uplink;
    },
  };
  return uplink;
}
