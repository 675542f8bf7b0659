import type { Logger } from 'pino';
import type { Outbox, OutboxSharingLevel } from '../outbox/outbox.js';
import type { BackoffOptions } from '@rongtong/core';
import type { Equipment } from '@rongtong/protocol';

/** TLS settings of an uplink; `false` means plaintext (loopback and tests only: the token travels unencrypted). */
export interface UplinkTlsOptions {
  /** PEM of the CA(s) that signed the platform certificate. Default: the system's root CAs. */
  readonly ca?: Buffer | string;
  /** PEM of the client certificate, for mutual TLS (needs `key`). */
  readonly cert?: Buffer | string;
  /** PEM of the client private key, for mutual TLS (needs `cert`). */
  readonly key?: Buffer | string;
  /** Name to check the platform certificate against instead of the host of `address`. */
  readonly serverNameOverride?: string;
}

/**
 * Pacing of historical (backlog) batches. The outbox already seals live records before
 * backlog; this additionally caps how many historical batches per second go out, so a large
 * backlog after an outage does not monopolise the link and the platform's ingest.
 *
 * Trade-off: `Outbox.seal` cannot be asked for live records only, so while the historical
 * budget is used up and a backlog exists the uplink seals nothing until the budget refills;
 * a live record that arrives in that moment waits at most `1 / maxBatchesPerSecond` seconds.
 * A lower rate protects live latency and the link; a higher rate drains the backlog sooner.
 */
export interface HistoricalPacing {
  /** Most historical batches sent per second (> 0). Default 20. */
  readonly maxBatchesPerSecond: number;
}

/** Options of `createUplink`. */
export interface UplinkOptions {
  /** Name of the uplink (the platform it talks to), for logs and metrics. */
  readonly name: string;
  /** `host:port` of the platform's gRPC endpoint. */
  readonly address: string;
  /** The agent credential from enrolment, sent as `authorization: Bearer <token>`. Never logged. */
  readonly token: string;
  /** TLS settings; `false` for plaintext. Default: TLS with the system's root CAs. */
  readonly tls?: false | UplinkTlsOptions;
  /** The agent id from enrolment (`Hello.agent_id`). */
  readonly agentId: string;
  /** Version of the agent software (`Hello.agent_version`). */
  readonly agentVersion: string;
  /** Sharing level of this uplink (`Hello.sharing_level`). */
  readonly sharingLevel: OutboxSharingLevel;
  /** The durable outbox of this uplink's chain. The uplink does not close it. */
  readonly outbox: Outbox;
  /** Most batches sent and not yet answered; also capped by `Welcome.max_in_flight`. Default 8. */
  readonly window?: number;
  /** Jittered exponential backoff between connection attempts. Default 0.5 s doubling to 30 s, 20 % jitter. */
  readonly backoff?: Partial<BackoffOptions>;
  /** How often to look for new pending data while nothing is in flight, ms. Default 200. */
  readonly pollMs?: number;
  /** Pacing of historical batches (see `HistoricalPacing`). */
  readonly historicalPacing?: HistoricalPacing;
  /** The outbox's live window, ms (to tell whether a backlog exists). Default `DEFAULT_LIVE_WINDOW_MS`. */
  readonly liveWindowMs?: number;
  /** How long `stop()` waits for acks of batches in flight before it ends the stream, ms. Default 2000. */
  readonly drainMs?: number;
  /** Consecutive SEQ_GAP / CHAIN_BROKEN rejects (without an ack in between) before the uplink gives up. Default 5. */
  readonly maxResyncAttempts?: number;
  /**
   * The equipment (with its signals) to declare with `OnboardingService.DeclareEquipment`
   * after each connect, before the Publish stream opens (see `declareEquipment`). Absent or
   * empty: nothing is declared.
   */
  readonly equipment?: readonly Equipment[];
  /** pino logger; silent by default. */
  readonly logger?: Logger;
  /** The agent clock, ms since the epoch (seal times). Default `Date.now`. */
  readonly now?: () => number;
  /** Random source in [0, 1) for backoff jitter. Default `Math.random`. */
  readonly random?: () => number;
}

/** Default `UplinkOptions.window`. */
export const DEFAULT_UPLINK_WINDOW = 8;
/** Default `UplinkOptions.pollMs`. */
export const DEFAULT_UPLINK_POLL_MS = 200;
/** Default `HistoricalPacing.maxBatchesPerSecond`. */
export const DEFAULT_HISTORICAL_BATCHES_PER_SECOND = 20;
