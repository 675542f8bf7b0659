import type * as grpc from '@grpc/grpc-js';
import { RongtongError } from '@rongtong/core';
import type { FeedEvent__Output, SubscribeRequest, SubscribeResponse__Output } from '@rongtong/protocol';
import type { Logger } from 'pino';
import { type BackoffOptions, nextBackoffMs, resolveBackoffOptions } from '@rongtong/core';
import type { CallContext } from './call-context.js';
import type { ConnectionState } from './connection-state.js';
import { contract } from './contract.js';
import { isRetryableFeedError, retryAfterMs } from './feed-retry.js';
import { fromGrpcError } from './from-grpc-error.js';
import { DEFAULT_FEED_QUEUE_SIZE, type FeedSubscription, type SubscribeOptions } from './subscribe-options.js';

/** A received stream message waiting for the consumer: an event, or a heartbeat's cursor. */
type QueueItem = { readonly event: FeedEvent__Output } | { readonly heartbeat: string };

/** How the current call ended: `error` undefined for a clean end the caller did not ask for. */
interface StreamEnd {
  readonly error?: RongtongError;
}

type FeedCall = grpc.ClientReadableStream<SubscribeResponse__Output>;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });
const ignore = (): void => undefined;

/** Hooks of a subscription into its client. */
export interface FeedSubscriptionHooks {
  /** Called once when the subscription closes, for whatever reason. */
  readonly onClose?: (subscription: FeedSubscription) => void;
}

/**
 * Opens nothing yet: the first `next()` opens `FeedService.Subscribe`. See
 * `FeedSubscription` for the behaviour. Throws an `INVALID_ARGUMENT` RongtongError
 * for bad backoff or queue options.
 */
export function createFeedSubscription(
  context: CallContext,
  options: SubscribeOptions = {},
  hooks: FeedSubscriptionHooks = {},
): FeedSubscription {
  return new Subscription(context, options, hooks);
}

class Subscription implements FeedSubscription {
  readonly #context: CallContext;
  readonly #hooks: FeedSubscriptionHooks;
  readonly #logger: Logger;
  readonly #backoff: BackoffOptions;
  readonly #queueSize: number;
  readonly #filters: Omit<SubscribeRequest, 'after'>;
  readonly #signal: AbortSignal | undefined;
  readonly #queue: QueueItem[] = [];
  #state: ConnectionState = 'idle';
  #cursor: string;
  #resumeCursor: string;
  #call: FeedCall | undefined;
  #end: StreamEnd | undefined;
  #paused = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #failure: RongtongError | undefined;
  #wake: (() => void) | undefined;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(context: CallContext, options: SubscribeOptions, hooks: FeedSubscriptionHooks) {
    this.#context = context;
    this.#hooks = hooks;
    this.#logger = context.logger.child({ component: 'rongtong-feed' });
    this.#backoff = resolveBackoffOptions(options.backoff);
    this.#queueSize = options.queueSize ?? DEFAULT_FEED_QUEUE_SIZE;
    if (!Number.isInteger(this.#queueSize) || this.#queueSize < 1) {
      throw new RongtongError('INVALID_ARGUMENT', 'invalid subscribe options: queueSize: must be an integer ≥ 1', {
        fieldViolations: [{ path: 'queueSize', reason: 'must be an integer ≥ 1' }],
      });
    }
    this.#filters = {
      kinds: [...(options.kinds ?? [])],
      enterpriseIds: [...(options.enterpriseIds ?? [])],
      equipmentIds: [...(options.equipmentIds ?? [])],
    };
    this.#cursor = this.#resumeCursor = options.after ?? '';
    this.#signal = options.signal;
    if (this.#signal?.aborted) this.#onAbort();
    else this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  get cursor(): string {
    return this.#cursor;
  }

  get resumeCursor(): string {
    return this.#resumeCursor;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<FeedEvent__Output, undefined>> {
    const result = this.#tail.then(() => this.#pull());
    this.#tail = result.then(ignore, ignore);
    return result;
  }

  return(): Promise<IteratorResult<FeedEvent__Output, undefined>> {
    this.#close(undefined);
    return Promise.resolve(DONE);
  }

  /** Takes the next event, opening, draining and reopening the stream as needed. */
  async #pull(): Promise<IteratorResult<FeedEvent__Output, undefined>> {
    for (;;) {
      if (this.#state === 'closed') {
        const failure = this.#failure;
        this.#failure = undefined;
        if (failure !== undefined) throw failure;
        return DONE;
      }
      const item = this.#queue.shift();
      if (item !== undefined) {
        this.#maybeResume();
        if ('heartbeat' in item) {
          this.#resumeCursor = item.heartbeat;
          continue;
        }
        this.#cursor = this.#resumeCursor = item.event.cursor;
        return { done: false, value: item.event };
      }
      if (this.#state === 'idle') this.#open();
      else if (this.#end !== undefined) this.#afterEnd(this.#end);
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #open(): void {
    this.#state = 'connecting';
    this.#end = undefined;
    this.#paused = false;
    const method = contract().FeedService.service.Subscribe;
    const request: SubscribeRequest = { after: this.#resumeCursor, ...this.#filters };
    let call: FeedCall;
    try {
      this.#context.assertOpen();
      call = this.#context.client.makeServerStreamRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        this.#context.metadata(),
      );
    } catch (error) {
      this.#close(fromGrpcError(error));
      return;
    }
    this.#logger.debug({ after: request.after, attempt: this.#attempt }, 'feed subscribe');
    this.#call = call;
    call.on('metadata', () => {
      if (this.#call === call && this.#state === 'connecting') this.#state = 'connected';
    });
    call.on('data', (message: SubscribeResponse__Output) => this.#onMessage(call, message));
    call.on('error', (error: unknown) => this.#onEnd(call, { error: fromGrpcError(error) }));
    call.on('end', () => this.#onEnd(call, {}));
  }

  #onMessage(call: FeedCall, message: SubscribeResponse__Output): void {
    if (this.#call !== call) return;
    if (this.#state === 'connecting') this.#state = 'connected';
    if (message.event) {
      this.#queue.push({ event: message.event });
      this.#attempt = 0;
    } else if (message.heartbeat && message.heartbeat.cursor !== '') {
      // With nothing undelivered, the heartbeat's cursor is the resume position now;
      // otherwise it takes effect once the events before it were delivered.
      if (this.#queue.length === 0) this.#resumeCursor = message.heartbeat.cursor;
      else this.#queue.push({ heartbeat: message.heartbeat.cursor });
    }
    if (!this.#paused && this.#queue.length >= this.#queueSize) {
      this.#paused = true;
      call.pause();
    }
    this.#notify();
  }

  #onEnd(call: FeedCall, end: StreamEnd): void {
    if (this.#call !== call || this.#end !== undefined) return;
    this.#end = end;
    this.#notify();
  }

  #maybeResume(): void {
    if (this.#paused && this.#queue.length <= this.#queueSize >> 1) {
      this.#paused = false;
      this.#call?.resume();
    }
  }

  /** The stream ended and every event it brought was delivered: resume later, or fail. */
  #afterEnd(end: StreamEnd): void {
    this.#detach();
    const { error } = end;
    if (error !== undefined && !isRetryableFeedError(error)) {
      this.#logger.debug({ code: error.code }, 'feed stream ended with a non-retryable error');
      this.#close(error);
      return;
    }
    const backoffMs = nextBackoffMs(this.#attempt, this.#backoff);
    const delayMs = Math.max(backoffMs, Math.min(retryAfterMs(error) ?? 0, this.#backoff.maxMs));
    this.#attempt += 1;
    this.#logger.info(
      { code: error?.code ?? 'END', attempt: this.#attempt, delayMs: Math.round(delayMs), after: this.#resumeCursor },
      'feed stream ended; resuming',
    );
    this.#state = 'backoff';
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#state !== 'backoff') return;
      this.#open();
      this.#notify();
    }, delayMs);
  }

  /** Forgets the current call and cancels it (a no-op when it already ended). */
  #detach(): void {
    const call = this.#call;
    this.#call = undefined;
    this.#end = undefined;
    this.#paused = false;
    if (call === undefined) return;
    call.removeAllListeners();
    call.on('error', ignore);
    call.cancel();
  }

  readonly #onAbort = (): void => {
    const reason: unknown = this.#signal?.reason;
    this.#close(new RongtongError('CANCELLED', 'the subscription was cancelled by its AbortSignal', { cause: reason }));
  };

  /** Ends the subscription for good; `failure` is thrown by the next `next()`. */
  #close(failure: RongtongError | undefined): void {
    if (this.#state === 'closed') return;
    this.#detach();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
    this.#state = 'closed';
    this.#failure = failure;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#hooks.onClose?.(this);
    this.#notify();
  }
}
