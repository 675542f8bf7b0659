import * as grpc from '@grpc/grpc-js';
import type { ProtoGrpcType, PublishRequest, PublishResponse__Output } from '@rongtong/protocol';
import type { Logger } from 'pino';
import type { Outbox, OutboxSharingLevel, SealedBatch } from '../outbox/outbox.js';
import type { HistoricalPacer } from './historical-pacer.js';
import { rejectOutcome, statusOutcome, type SessionOutcome } from './uplink-outcome.js';

type IngestClient = InstanceType<ProtoGrpcType['rongtong']['v1']['IngestService']>;

/** What one Publish session needs from its uplink. */
export interface PublishSessionOptions {
  readonly client: IngestClient;
  readonly token: string;
  readonly agentId: string;
  readonly agentVersion: string;
  readonly sharingLevel: OutboxSharingLevel;
  readonly outbox: Outbox;
  readonly window: number;
  readonly pollMs: number;
  readonly liveWindowMs: number;
  readonly pacer: HistoricalPacer;
  readonly logger: Logger;
  readonly now: () => number;
  /** The platform answered Hello with Welcome. */
  readonly onConnected: () => void;
  /** The platform acknowledged every batch up to `seq` (already applied to the outbox). */
  readonly onAck: (seq: bigint) => void;
  /** The platform rejected a batch. */
  readonly onReject: (seq: bigint, code: string, message: string) => void;
}

/** One Publish stream: Hello, Welcome, resume, then send and acknowledge until it ends. */
export interface PublishSession {
  /** Resolves once the session is over, with why. */
  readonly done: Promise<SessionOutcome>;
  /** Batches sent and not yet answered. */
  inFlight(): number;
  /** Stops sealing, waits up to `drainMs` for answers, half-closes, then cancels. */
  stop(drainMs: number): Promise<void>;
}

const wire = (b: SealedBatch): PublishRequest => ({
  batch: { agentId: b.agentId, seq: b.seq.toString(), prevHash: Buffer.from(b.prevHash), payload: Buffer.from(b.payload), signature: Buffer.from(b.signature) },
});

/** Opens a Publish stream and runs it until it ends, fails or is stopped. */
export function openPublishSession(o: PublishSessionOptions): PublishSession {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${o.token}`);
  const call = o.client.Publish(metadata);
  const inFlight: bigint[] = [];
  let window = 0;
  let lastSent = -1n;
  let stopping = false;
  let finished = false;
  let pumping = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let answered: (() => void) | undefined;
  let settle!: (outcome: SessionOutcome) => void;
  const done = new Promise<SessionOutcome>((resolve) => (settle = resolve));

  const finish = (outcome: SessionOutcome): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    answered?.();
    if (outcome.kind !== 'stopped') call.cancel();
    settle(outcome);
  };
  const fail = (error: unknown): void => finish({ kind: 'retry', code: 'AGENT_ERROR', message: error instanceof Error ? error.message : String(error) });
  const schedule = (ms: number): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void pump(), ms);
  };

  /** How many batches may be sealed now, given the historical budget. 0 means wait. */
  const sealBudget = async (room: number): Promise<number> => {
    const stats = await o.outbox.stats();
    const backlog = stats.oldestPendingTime !== undefined && stats.oldestPendingTime < o.now() - o.liveWindowMs;
    if (!backlog) return room;
    return Math.min(room, o.pacer.available());
  };

  const pump = async (): Promise<void> => {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        while (!finished && !stopping && window > 0 && inFlight.length < window) {
          const room = window - inFlight.length;
          let batches = await o.outbox.sealed(lastSent, room);
          if (batches.length === 0) {
            const budget = await sealBudget(room);
            if (budget === 0) {
              schedule(Math.min(o.pollMs, Math.max(1, o.pacer.msUntilToken())));
              break;
            }
            batches = await o.outbox.seal(budget, { now: o.now() });
            o.pacer.take(batches.filter((b) => b.historical).length);
          }
          if (batches.length === 0) {
            schedule(o.pollMs);
            break;
          }
          if (finished || stopping) break;
          for (const b of batches) {
            call.write(wire(b));
            inFlight.push(b.seq);
            lastSent = b.seq;
          }
        }
      } while (again && !finished && !stopping);
    } catch (error) {
      fail(error);
    } finally {
      pumping = false;
    }
  };

  const handle = async (r: PublishResponse__Output): Promise<void> => {
    if (finished) return;
    if (r.welcome) {
      const seq = BigInt(r.welcome.lastCommittedSeq);
      const resumed = await o.outbox.resume(seq, r.welcome.lastCommittedDigest);
      if (!resumed.ok) return finish({ kind: 'fatal', code: resumed.reason, message: resumed.message });
      lastSent = resumed.resendFrom - 1n;
      window = Math.max(1, Math.min(r.welcome.maxInFlight || 1, o.window));
      o.logger.info({ lastCommittedSeq: seq.toString(), resendFrom: resumed.resendFrom.toString(), window }, 'uplink welcomed');
      o.onConnected();
    } else if (r.ack) {
      const seq = BigInt(r.ack.seq);
      await o.outbox.acknowledge(seq);
      while (inFlight.length > 0 && inFlight[0]! <= seq) inFlight.shift();
      o.onAck(seq);
    } else if (r.reject) {
      const seq = BigInt(r.reject.seq);
      o.onReject(seq, r.reject.code, r.reject.message);
      return finish(rejectOutcome(r.reject.code, r.reject.message));
    } else {
      return;
    }
    if (inFlight.length === 0) answered?.();
    await pump();
  };

  let chain = Promise.resolve();
  call.on('data', (r: PublishResponse__Output) => {
    chain = chain.then(() => handle(r)).catch(fail);
  });
  call.on('error', () => undefined);
  call.on('status', (status: grpc.StatusObject) => {
    void chain.then(() => finish(stopping ? { kind: 'stopped' } : statusOutcome(status)));
  });

  void o.outbox
    .stats()
    .then((stats) => {
      if (finished) return;
      call.write({ hello: { agentId: o.agentId, agentVersion: o.agentVersion, sharingLevel: o.sharingLevel, highestLocalSeq: stats.lastSealedSeq.toString() } });
    })
    .catch(fail);

  return {
    done,
    inFlight: () => inFlight.length,
    async stop(drainMs) {
      if (finished) return;
      stopping = true;
      clearTimeout(timer);
      if (inFlight.length > 0) {
        let drainTimer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          answered = resolve;
          drainTimer = setTimeout(resolve, drainMs);
        });
        clearTimeout(drainTimer);
      }
      if (!finished) call.end();
      let endTimer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((resolve) => (endTimer = setTimeout(resolve, drainMs)))]);
      clearTimeout(endTimer);
      if (!finished) {
        call.cancel();
        finish({ kind: 'stopped' });
      }
    },
  };
}
