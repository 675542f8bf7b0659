import type { ServerWritableStream } from '@grpc/grpc-js';
import { RongtongError, isRongtongError } from '@rongtong/core';
import { timestampFromMillis, type SubscribeRequest__Output, type SubscribeResponse } from '@rongtong/protocol';
import { checkUsable } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import type { PlatformContext } from '../context.js';
import { toGrpcStatus } from '../grpc/grpc-error.js';
import type { FeedEventRecord } from '../store/records.js';
import { encodeCursor } from './cursor.js';
import { eventResponse } from './feed-wire.js';
import type { FeedFilter } from './subscribe-request.js';

/** A Subscribe call as grpc-js hands it to the handler. */
export type SubscribeCall = ServerWritableStream<SubscribeRequest__Output, SubscribeResponse>;

/** Where a subscription is. */
export type SubscriptionState = 'replaying' | 'live' | 'closed';

/** What a subscription holds and has done, for metrics and tests. */
export interface SubscriptionStats {
  readonly id: number;
  readonly tenantId: string;
  readonly tokenId: string;
  readonly state: SubscriptionState;
  /** Newest seq examined (delivered or filtered out); resuming after it loses nothing. */
  readonly position: bigint;
  /** Events sent. */
  readonly delivered: number;
  /** Heartbeats sent. */
  readonly heartbeats: number;
  /** Events held for this subscriber now: written but not yet taken by the transport, plus read but not yet written. */
  readonly queued: number;
  /** The most `queued` has ever been. Never above `bound`. */
  readonly maxQueued: number;
  /** The limit of `queued` (`PlatformLimits.feedBufferEvents`). */
  readonly bound: number;
  /** The Rongtong code the subscription ended with ('' while open, 'CANCELLED' when the client left). */
  readonly endCode: string;
}

/** One running subscription. */
export interface FeedSubscription {
  readonly tokenId: string;
  /** A feed event with seq `seq` was committed somewhere: re-read the store if it is new to us. */
  wake(seq: bigint): void;
  /** Ends the subscription now with `error` as its status. */
  end(error: unknown): void;
  stats(): SubscriptionStats;
  /** Resolves when the subscription has ended and released everything. */
  readonly closed: Promise<void>;
}

/** What a subscription runs with. */
export interface SubscriptionOptions {
  id: number;
  ctx: PlatformContext;
  call: SubscribeCall;
  principal: Principal;
  filter: FeedFilter;
  /** Deliver events with seq > after. */
  after: bigint;
  /** Called once when the subscription has ended. */
  onClose(subscription: FeedSubscription): void;
}

/** Largest page read from the store at once. */
const MAX_PAGE = 500;

/**
 * Runs one subscription: reads the store in pages after its position and writes each
 * event with its cursor (spliced into the stored bytes, see `feed-wire.ts`). When a read
 * comes back short the subscription is live: it waits for a bus wake-up, or for its
 * heartbeat time, when it re-reads the store anyway (a lost wake-up costs one interval)
 * and sends a heartbeat with its position if nothing was sent meanwhile. Its token is
 * re-checked in the store once per heartbeat interval, in case a revocation message was
 * lost. Memory is bounded by `feedBufferEvents`: a page is never larger than the room
 * left, and writing waits while `call.write()` asks to (`drain`) or the transport holds
 * the bound. Waiting longer than `feedSlowConsumerMs` without any progress ends the call
 * with RESOURCE_EXHAUSTED / SLOW_CONSUMER; the client resumes from its last cursor.
 */
export function startSubscription(options: SubscriptionOptions): FeedSubscription {
  const { ctx, call, filter, principal } = options;
  const logger = ctx.logger.child({ component: 'feed' });
  const bound = Math.max(1, ctx.limits.feedBufferEvents);
  let state: SubscriptionState = 'replaying';
  let position = options.after;
  let delivered = 0;
  let heartbeats = 0;
  let unflushed = 0;
  let unwritten = 0;
  let maxQueued = 0;
  let endCode = '';
  let dirty = false;
  let lastSendAt = Date.now();
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));

  /** Read through a function: `state` changes in callbacks while `run` awaits. */
  const isClosed = (): boolean => state === 'closed';
  /** Who `run` is waiting for: the transport (room) or the feed (a wake-up); signals of the other kind are ignored. */
  let waiter: { readonly kind: 'room' | 'wake'; readonly resume: () => void } | undefined;
  const signal = (kind: 'room' | 'wake' | 'any'): void => {
    if (!waiter || (kind !== 'any' && waiter.kind !== kind)) return;
    const { resume } = waiter;
    waiter = undefined;
    resume();
  };
  /** Resolves on the next signal of `kind` or after `ms`; true when signalled. */
  const pause = (kind: 'room' | 'wake', ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiter = undefined;
        resolve(false);
      }, Math.max(0, ms));
      waiter = {
        kind,
        resume: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
    });
  const onDrain = (): void => signal('room');

  const observe = (): void => {
    maxQueued = Math.max(maxQueued, unflushed + unwritten);
  };
  const flushed = (): void => {
    unflushed -= 1;
    signal('room');
  };
  const hasRoom = (): boolean => !call.writableNeedDrain && unflushed < bound;

  /** Waits until the subscriber can take another message; SLOW_CONSUMER when it makes no room in time. */
  const room = async (): Promise<void> => {
    while (!isClosed() && !hasRoom()) {
      const progressed = await pause('room', ctx.limits.feedSlowConsumerMs);
      if (!progressed && !isClosed() && !hasRoom()) {
        throw new RongtongError('SLOW_CONSUMER', `the subscriber read nothing for ${ctx.limits.feedSlowConsumerMs} ms; resume from the last cursor received`);
      }
    }
  };

  const send = (message: SubscribeResponse): void => {
    unflushed += 1;
    lastSendAt = Date.now();
    call.write(message, flushed);
  };

  const sendEvent = (record: FeedEventRecord): void => {
    send(eventResponse(record));
    position = record.seq;
    delivered += 1;
  };

  const checkToken = async (): Promise<void> => {
    const token = await ctx.store.getToken(principal.tenantId, principal.tokenId);
    if (!token) throw new RongtongError('UNAUTHENTICATED', 'the token no longer exists');
    checkUsable(token, ctx.now());
  };

  const run = async (): Promise<void> => {
    let tokenCheckedAt = Date.now();
    let heartbeatDue = false;
    while (!isClosed()) {
      await room();
      // Revocation normally arrives on the bus; this re-check covers a lost message.
      if (Date.now() - tokenCheckedAt >= ctx.limits.feedHeartbeatMs) {
        tokenCheckedAt = Date.now();
        await checkToken();
        if (isClosed()) return;
      }
      const last = await ctx.store.lastEventSeq();
      const limit = Math.min(MAX_PAGE, bound - unflushed);
      dirty = false;
      const page = await ctx.store.readEvents({ ...filter, after: position, limit });
      unwritten = page.length;
      observe();
      for (const record of page) {
        await room();
        if (isClosed()) return;
        unwritten -= 1;
        sendEvent(record);
        observe();
      }
      if (page.length === limit) continue;
      if (last > position) position = last;
      if (state === 'replaying') state = 'live';
      if (heartbeatDue && Date.now() - lastSendAt >= ctx.limits.feedHeartbeatMs && hasRoom()) {
        send({ heartbeat: { cursor: position === 0n ? '' : encodeCursor(position), serverTime: timestampFromMillis(ctx.now()) } });
        heartbeats += 1;
      }
      heartbeatDue = false;
      if (dirty || isClosed()) continue;
      const woken = await pause('wake', lastSendAt + ctx.limits.feedHeartbeatMs - Date.now());
      if (!woken) heartbeatDue = true;
    }
  };

  const release = (code: string): void => {
    state = 'closed';
    endCode = code;
    unwritten = 0;
    call.off('cancelled', onCancelled);
    call.off('drain', onDrain);
    signal('any');
    options.onClose(subscription);
    resolveClosed();
  };

  function end(error: unknown): void {
    if (state === 'closed') return;
    const status = toGrpcStatus(error, logger);
    release(isRongtongError(error) ? error.code : 'INTERNAL');
    call.emit('error', status);
  }

  const onCancelled = (): void => {
    if (state !== 'closed') release('CANCELLED');
  };

  const subscription: FeedSubscription = {
    tokenId: principal.tokenId,
    wake(seq) {
      if (seq <= position) return;
      dirty = true;
      signal('wake');
    },
    end,
    stats: () => ({
      id: options.id,
      tenantId: filter.tenantId,
      tokenId: principal.tokenId,
      state,
      position,
      delivered,
      heartbeats,
      queued: unflushed + unwritten,
      maxQueued,
      bound,
      endCode,
    }),
    closed,
  };

  call.on('cancelled', onCancelled);
  call.on('drain', onDrain);
  run().catch(end);
  return subscription;
}
