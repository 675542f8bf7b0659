import type { Logger } from 'pino';
import { z } from 'zod';

/** Default `liveWindowMs`: records enqueued in the last 10 s are live, older ones backlog. */
export const DEFAULT_LIVE_WINDOW_MS = 10_000;

/**
 * Configuration of the SQLite outbox (everything but the logger and the clock), parsed once
 * by `createSqliteOutbox`; errors name the field (`quota.maxBytes`, `durability`, …).
 */
export const SqliteOutboxConfigSchema = z
  .object({
    /** Database file (created if missing; its directory must exist), or ':memory:' for an outbox that keeps nothing. */
    path: z.string().min(1, { error: 'must name a database file or ":memory:"' }),
    /** The agent id of this chain (from enrolment). A file is bound to the first agent id that opened it. */
    agentId: z.string().min(1, { error: 'must not be empty' }),
    /** The agent's Ed25519 private key, PKCS#8 PEM. Read by the caller (the CLI keeps it in a 0600 file); never logged. */
    privateKeyPem: z.string().min(1, { error: 'must be a PKCS#8 PEM Ed25519 private key' }),
    /** Sharing level of the uplink; every payload of the outbox is made at it. A file is bound to it. */
    sharingLevel: z.enum(['SHARING_LEVEL_RAW', 'SHARING_LEVEL_KPI', 'SHARING_LEVEL_CAPACITY']),
    /** Bounds of the pending (unsealed) stage; beyond them the oldest pending records are discarded and reported as a gap. */
    quota: z.object({
      /** Largest total payload size of the pending records, bytes. */
      maxBytes: z.int().min(1),
      /** Oldest a pending record may get (by enqueue time) before it is discarded, ms. */
      maxAgeMs: z.int().min(1),
    }),
    /** Records enqueued within this many ms before `seal`'s `now` are live (sealed first, not historical). */
    liveWindowMs: z.int().min(0).default(DEFAULT_LIVE_WINDOW_MS),
    /**
     * `full` (default): `synchronous=FULL`, every commit is fsynced before it returns. The agent
     * acknowledges data to no one, so throughput is rarely the limit; but a sealed batch lost
     * in a power cut after it was sent breaks the chain: the platform holds seq n that the
     * agent no longer has, and the agent re-seals other content (order, `historical` and gap
     * batches depend on when it seals) under n — the uplink cannot resume and the agent must
     * enrol again. `normal`:
     * `synchronous=NORMAL`, atomic and crash-safe for the process, but the last commits may
     * roll back on power loss; only for hosts with reliable power or throwaway data.
     */
    durability: z.enum(['normal', 'full']).default('full'),
    /** How long a write waits for another connection's lock (e.g. a `status` reader), ms. */
    busyTimeoutMs: z.int().min(0).max(600_000).default(5000),
  })
  .describe('SQLite outbox configuration');

/** Parsed SQLite outbox configuration (defaults applied). */
export type SqliteOutboxConfig = z.infer<typeof SqliteOutboxConfigSchema>;

/** Options of `createSqliteOutbox` (see `SqliteOutboxConfigSchema` for each field). */
export type SqliteOutboxOptions = z.input<typeof SqliteOutboxConfigSchema> & {
  /** pino logger; silent by default. The private key is never logged. */
  logger?: Logger;
  /** The agent's clock for enqueue times (quota age, live window), ms since the epoch; `Date.now` by default. */
  now?: () => number;
};
