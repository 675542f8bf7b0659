import type { SignedBatch } from '@rongtong/core';

/**
 * The sharing level of one uplink, by its `rongtong.v1.SharingLevel` name. Every payload of
 * an outbox is made at this level (the outbox writes it into the gap batches it makes).
 */
export type OutboxSharingLevel = 'SHARING_LEVEL_RAW' | 'SHARING_LEVEL_KPI' | 'SHARING_LEVEL_CAPACITY';

/** What the outbox needs to know about an enqueued payload without decoding it. */
export interface EnqueueMeta {
  /** Number of samples the payload carries (counted into the gap record if it is dropped). A non-negative integer. */
  readonly samples: number;
  /** Source time of the earliest data in the payload, integer ms since the Unix epoch (round sub-ms times down). */
  readonly firstTime: number;
  /** Source time of the latest data in the payload, integer ms since the Unix epoch (round up); not before `firstTime`. */
  readonly lastTime: number;
  /**
   * Ids of the signals the payload carries data of. Empty means "not signal-specific": if
   * such a payload is dropped, the gap record names no signals, which means all signals.
   */
  readonly signalIds: readonly string[];
}

/**
 * How far the pipeline has fed an outbox, stored in the same transaction as the data it
 * accounts for, so that after a crash the agent knows exactly which source data this outbox
 * already holds (DESIGN §3: nothing lost, nothing twice).
 */
export interface OutboxCheckpoint {
  /**
   * Per signal id: source time (integer ms since the Unix epoch) of the newest sample the
   * pipeline has accounted for in this outbox — enqueued, or consumed by a deriver. Saving
   * merges per signal and never moves a time back.
   */
  readonly sourceTimes: Readonly<Record<string, number>>;
  /** State of the deriver feeding this outbox (opaque text, e.g. JSON); when given it replaces the saved one. */
  readonly deriverState?: string;
}

/** Options of `Outbox.seal`. */
export interface SealOptions {
  /**
   * The agent's clock, integer ms since the Unix epoch: pending records enqueued at or after
   * `now − liveWindowMs` are live, older ones backlog; also the `create_time` of a gap batch.
   */
  readonly now: number;
}

/** A sealed batch: signed, chained, kept until the platform acknowledged its seq. */
export interface SealedBatch extends SignedBatch {
  /** The batch digest (`batchDigest`): the `prevHash` of the batch with the next seq. */
  readonly digest: Uint8Array;
  /** `data` for an enqueued payload, `gap` for a gap-only payload the outbox made itself. */
  readonly kind: 'data' | 'gap';
  /** True when the payload was sealed from the backlog (its `historical` field is set). */
  readonly historical: boolean;
  /** Samples in the payload (from `EnqueueMeta`; 0 for a gap batch). */
  readonly samples: number;
  /** Source time range of the payload (for a gap batch: the gap's start and exclusive end), ms. */
  readonly firstTime: number;
  /** See `firstTime`. */
  readonly lastTime: number;
  /** When it was sealed (`SealOptions.now`), ms. */
  readonly sealTime: number;
}

/** Data the outbox discarded because of its quota, all time. */
export interface DroppedTotals {
  readonly samples: number;
  readonly batches: number;
  readonly bytes: number;
}

/** A snapshot of an outbox, for status, health and metrics. */
export interface OutboxStats {
  /** Pending (unsealed) records. */
  readonly pendingRecords: number;
  /** Payload bytes of the pending records (what `quota.maxBytes` bounds). */
  readonly pendingBytes: number;
  /** Enqueue time (agent clock, ms) of the oldest pending record; undefined when none. */
  readonly oldestPendingTime: number | undefined;
  /** Sealed batches not yet acknowledged. */
  readonly sealedBatches: number;
  /** Highest seq sealed so far (0 when none): `Hello.highest_local_seq`. */
  readonly lastSealedSeq: bigint;
  /** Highest seq the platform acknowledged (0 when none). */
  readonly lastAckedSeq: bigint;
  /** Totals of what the quota discarded, since the outbox was created. */
  readonly dropped: DroppedTotals;
  /** True when discarded data is not yet reported: the next `seal` starts with a gap batch. */
  readonly gapPending: boolean;
}

/** Why `resume` cannot continue the chain from the platform's Welcome. */
export type ResumeFailure =
  /** The platform committed a seq this outbox never sealed: the outbox was reset or belongs to another agent. Enrol again. */
  | 'PLATFORM_AHEAD'
  /** The platform's digest at its last committed seq is not ours: the chains diverged. */
  | 'DIGEST_MISMATCH'
  /** The platform is behind a seq it acknowledged earlier: those batches are deleted here and cannot be resent. */
  | 'ACKNOWLEDGED_DATA_MISSING';

/** What `resume` found. */
export type ResumeResult =
  | { readonly ok: true; readonly resendFrom: bigint }
  | { readonly ok: false; readonly reason: ResumeFailure; readonly message: string };

/**
 * The durable, signed outbox of one uplink chain (one platform enrolment: one agent id, one
 * key, one sequence). Data goes through two stages:
 *
 * 1. `enqueue` stores an encoded `BatchPayload` as a pending record. A quota (bytes and age)
 *    bounds the pending stage: the oldest pending records are discarded to make room and
 *    their loss is added to a gap summary. Enqueue never fails because of the quota.
 * 2. `seal` turns pending work into signed, hash-chained batches: first a gap-only batch if
 *    data was discarded, then live records (enqueued within the live window) oldest-first,
 *    then the backlog oldest-first, flagged `historical`. Sealed batches are never
 *    discarded (they have a seq); they stay until `acknowledge` (cumulative) removes them.
 *
 * Every method rejects with UNAVAILABLE after `close()`; invalid arguments reject with
 * INVALID_ARGUMENT and change nothing.
 */
export interface Outbox {
  /** The agent id the batches are sealed for. */
  readonly agentId: string;
  /** The sharing level of every payload in this outbox. */
  readonly sharingLevel: OutboxSharingLevel;
  /**
   * Stores one encoded `BatchPayload` (made at `sharingLevel`, `historical` unset) durably
   * as a pending record, and the `checkpoint` with it in the same transaction; discards the
   * oldest pending records first if the quota requires (the checkpoint still advances: that
   * data is reported by the gap record, not produced again).
   */
  enqueue(payload: Uint8Array, meta: EnqueueMeta, checkpoint?: OutboxCheckpoint): Promise<void>;
  /**
   * Saves a checkpoint without data (a deriver consumed samples but had nothing to send yet).
   * `enqueue` takes the checkpoint of its payload itself, in the same transaction.
   */
  saveCheckpoint(checkpoint: OutboxCheckpoint): Promise<void>;
  /** The saved checkpoint: empty `sourceTimes` and no `deriverState` for a new outbox. */
  checkpoint(): Promise<OutboxCheckpoint>;
  /**
   * Seals up to `max` batches (gap batch first, then live, then backlog; see the interface
   * comment) in one transaction and returns them in seq order. Returns [] when there is
   * nothing to seal.
   */
  seal(max: number, options: SealOptions): Promise<SealedBatch[]>;
  /** Sealed, unacknowledged batches with seq > `after`, in seq order, at most `limit` — for (re)sending. */
  sealed(after: bigint, limit: number): Promise<SealedBatch[]>;
  /**
   * The platform committed every batch up to `seq`: deletes them. A seq at or below the
   * last acknowledged one does nothing; a seq above the last sealed one rejects with
   * FAILED_PRECONDITION (the platform cannot have committed what was never sealed).
   */
  acknowledge(seq: bigint): Promise<void>;
  /**
   * Checks the platform's Welcome (`last_committed_seq`, `last_committed_digest`) against
   * this outbox. When the chains agree it acknowledges everything up to that seq and says
   * where to resend from; otherwise it changes nothing and says why (never throws for that:
   * the agent reports it and must not invent data).
   */
  resume(lastCommittedSeq: bigint, lastCommittedDigest: Uint8Array): Promise<ResumeResult>;
  /** Counts and positions (see `OutboxStats`). */
  stats(): Promise<OutboxStats>;
  /** Releases the storage. Idempotent. */
  close(): Promise<void>;
}
