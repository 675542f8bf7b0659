import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { rongtongPackageDefinition, type ProtoGrpcType } from '@rongtong/protocol';
import { pino } from 'pino';
import type { OutboxStats } from '../outbox/outbox.js';
import { splitDeclaration, type DeclarationRequests } from './declaration-requests.js';
import { declareEquipment, type DeclarationResult, type OnboardingClient } from './declare-equipment.js';
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
  /** Equipment declarations (`OnboardingService.DeclareEquipment`) over all connections; absent from stats made by hand. */
  readonly declarations?: UplinkDeclarationStats;
  /** The outbox's own statistics (pending, sealed, dropped). */
  readonly backlog: OutboxStats;
}

/** What the platform made of an uplink's equipment declarations, counted over all connections. */
export interface UplinkDeclarationStats {
  /** Requests the platform accepted. */
  readonly accepted: number;
  /** Requests refused (streaming went on), by error code, e.g. `ERROR_CODE_INVALID_ARGUMENT`. */
  readonly rejects: Readonly<Record<string, number>>;
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
  let onboarding: OnboardingClient | undefined;
  let declaring: AbortController | undefined;
  let declaration: DeclarationRequests | undefined;
  let declarationsAccepted = 0;
  const declarationRejects: Record<string, number> = {};
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

  /** Declares the equipment on this connection (every uplink, whatever its sharing level); a session outcome ends the attempt. */
  const declare = async (): Promise<SessionOutcome | undefined> => {
    if (stopping) return { kind: 'stopped' };
    if (options.equipment === undefined || options.equipment.length === 0) return undefined;
    onboarding ??= new proto.rongtong.v1.OnboardingService(options.address, uplinkCredentials(options.tls), {
      ...uplinkChannelOptions(options.tls, backoff),
      // The response repeats the equipment with the platform's fields: room above a 4 MiB request.
      'grpc.max_receive_message_length': 16 * 1024 * 1024,
    });
    declaring = new AbortController();
    let result: DeclarationResult;
    try {
      declaration ??= splitDeclaration(options.equipment);
      result = await declareEquipment({ client: onboarding, token: options.token, declaration, logger, signal: declaring.signal });
    } catch (error) {
      // A fault of the agent's own (encoding the request): counted and logged; the batches still go out.
      logger.error({ err: error }, 'equipment declaration failed; streaming goes on');
      result = { kind: 'declared', accepted: 0, rejects: [{ code: 'AGENT_ERROR', message: String(error), fieldViolations: [], equipment: 0 }] };
    } finally {
      declaring = undefined;
    }
    if (result.kind !== 'declared') return result;
    declarationsAccepted += result.accepted;
    for (const r of result.rejects) declarationRejects[r.code] = (declarationRejects[r.code] ?? 0) + 1;
    return stopping ? { kind: 'stopped' } : undefined;
  };

  const runOnce = async (): Promise<SessionOutcome> => {
    client ??= new proto.rongtong.v1.IngestService(options.address, uplinkCredentials(options.tls), uplinkChannelOptions(options.tls, backoff));
    setState('connecting');
    const declared = await declare();
    if (declared !== undefined) return declared;
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
    onboarding?.close();
    onboarding = undefined;
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
          onboarding?.close();
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
      declaring?.abort();
      await session?.stop(drainMs);
      await loopDone;
    },
    async stats() {
      return {
        state,
        lastAckSeq,
        lastAckTime,
        inFlight: session?.inFlight() ?? 0,
        rejects: { ...rejects },
        reconnects,
        declarations: { accepted: declarationsAccepted, rejects: { ...declarationRejects } },
        backlog: await options.outbox.stats(),
      };
    },
    on(event, listener) {
      events.on(event, listener as (...args: unknown[]) => void);
      return uplink;
    },
  };
  return uplink;
}
