import type { Logger } from 'pino';
import type { Authenticator } from './auth/authenticator.js';
import type { Bus } from './bus/bus.js';
import type { PlatformEvents } from './platform-events.js';
import type { Store } from './store/store.js';

/** Limits a platform enforces (all have defaults; see `DEFAULT_LIMITS`). */
export interface PlatformLimits {
  /** Largest accepted `SignedBatch.payload`, in bytes (≥ 1 MiB per the contract). */
  maxBatchBytes: number;
  /** Unacknowledged batches an agent may have in flight on one stream. */
  maxInFlight: number;
  /** Feed events a subscriber may have queued but unread before it is cut (SLOW_CONSUMER). */
  feedBufferEvents: number;
  /** How long a subscriber may leave its queue full before it is cut, in ms. */
  feedSlowConsumerMs: number;
  /** Heartbeat interval of idle feed subscriptions, in ms. */
  feedHeartbeatMs: number;
  /** Longest lifetime of an enrollment token, in ms (the contract says 30 days). */
  maxEnrollmentTokenTtlMs: number;
}

/** The defaults of `PlatformLimits`. */
export const DEFAULT_LIMITS: Readonly<PlatformLimits> = Object.freeze({
  maxBatchBytes: 4 * 1024 * 1024,
  maxInFlight: 32,
  feedBufferEvents: 1000,
  feedSlowConsumerMs: 10_000,
  feedHeartbeatMs: 15_000,
  maxEnrollmentTokenTtlMs: 30 * 24 * 3600 * 1000,
});

/** What every service implementation is built from. */
export interface PlatformContext {
  readonly store: Store;
  readonly bus: Bus;
  readonly auth: Authenticator;
  readonly logger: Logger;
  readonly limits: PlatformLimits;
  /** Typed hooks a vendor can listen to (batch committed, equipment declared, …). */
  readonly events: PlatformEvents;
  /** Clock in ms since the epoch. */
  readonly now: () => number;
}
