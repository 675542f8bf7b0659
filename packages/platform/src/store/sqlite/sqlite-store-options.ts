import { z } from 'zod';

/**
 * Configuration of the SQLite store (everything but the logger), parsed once by
 * `createSqliteStore`; errors name the field (`path`, `durability`, `busyTimeoutMs`).
 */
export const SqliteStoreConfigSchema = z
  .object({
    /** Database file (created if missing; its directory must exist), or ':memory:' for a store that keeps nothing. */
    path: z.string().min(1, { error: 'must name a database file or ":memory:"' }),
    /**
     * `normal` (default): WAL with `synchronous=NORMAL`. A commit is atomic and survives a
     * crash of the process, and the database is never corrupted; but after a power loss or
     * OS crash the last commits before it may be rolled back — batches the platform already
     * acknowledged (and the agent therefore dropped from its outbox) would be missing, and
     * the agent's next batch is then refused as out of order. Several times faster.
     * `full`: `synchronous=FULL`, every commit is on disk (fsync of the WAL) before it
     * returns: acknowledged means durable, also across power loss. Use it where that matters
     * more than ingest throughput.
     */
    durability: z.enum(['normal', 'full']).default('normal'),
    /** How long a write waits for another connection's lock (another process on the same file), in ms. */
    busyTimeoutMs: z.int().min(0).max(600_000).default(5000),
  })
  .describe('SQLite store configuration');

/** Parsed SQLite store configuration (defaults applied). */
export type SqliteStoreConfig = z.infer<typeof SqliteStoreConfigSchema>;
