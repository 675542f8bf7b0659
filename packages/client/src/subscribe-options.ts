import type { EventKind, FeedEvent__Output } from '@rongtong/protocol';
import type { BackoffOptions } from '@rongtong/core';
import type { ConnectionState } from './connection-state.js';

/** How many received events a subscription holds before it pauses the stream. */
export const DEFAULT_FEED_QUEUE_SIZE = 256;

/** Options of `RongtongClient.subscribe`. */
export interface SubscribeOptions {
  /**
   * Start after this cursor (a `FeedEvent.cursor` from earlier). Empty or absent: from
   * the oldest retained event. `"now"`: live events only.
   */
  readonly after?: string;
  /** Only events of these kinds. Empty: all kinds. */
  readonly kinds?: readonly EventKind[];
  /** Only events about these enterprises. Empty: all the token may see. */
  readonly enterpriseIds?: readonly string[];
  /** Only events about these equipment ids. Empty: no equipment filter. */
  readonly equipmentIds?: readonly string[];
  /**
   * Cancels the subscription: the server call and any retry timer end, and the
   * iteration rejects with a `RongtongError` coded `CANCELLED`.
   */
  readonly signal?: AbortSignal;
  /** Reconnection backoff, over `DEFAULT_BACKOFF`. */
  readonly backoff?: Partial<BackoffOptions>;
  /**
   * Events held between the network and the consumer. When full, the gRPC stream is
   * paused (HTTP/2 flow control then holds the server back); it resumes once the
   * consumer has taken half of them. Default `DEFAULT_FEED_QUEUE_SIZE`.
   */
  readonly queueSize?: number;
}

/**
 * A resumable feed subscription: an async iterator of `FeedEvent`s, each delivered
 * once and in commit order across reconnections. Heartbeats advance the resume
 * position but are not yielded.
 *
 * Ends by throwing a `RongtongError` when the server ends the stream with an error a
 * retry cannot fix (UNAUTHENTICATED, e.g. TOKEN_REVOKED; PERMISSION_DENIED;
 * CURSOR_OUT_OF_RANGE; INVALID_ARGUMENT), after the events received before it.
 * `break` / `return()` cancels the server call; so does the `signal`.
 */
export interface FeedSubscription extends AsyncIterableIterator<FeedEvent__Output, undefined> {
  /** Cursor of the last event delivered to the consumer (initially `after`, or ""). */
  readonly cursor: string;
  /**
   * Where the subscription resumes after a disconnect: `cursor`, or a newer heartbeat
   * cursor once every event received before that heartbeat was delivered. Store this
   * to resume later without rescanning events the filters skipped.
   */
  readonly resumeCursor: string;
  /** Connection state of the subscription. */
  readonly state: ConnectionState;
  /**
   * The next event: opens the stream on the first call, waits while it is empty or
   * reconnecting. `done` once the subscription was stopped or the client closed.
   */
  next(): Promise<IteratorResult<FeedEvent__Output, undefined>>;
  /** Stops the subscription: cancels the server call and timers; pending `next()` calls end. */
  return(): Promise<IteratorResult<FeedEvent__Output, undefined>>;
}
