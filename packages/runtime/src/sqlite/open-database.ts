import Database from 'better-sqlite3';
import { RongtongError } from '@rongtong/core';

/** How hard a commit is pushed to disk: `full` fsyncs every commit, `normal` only at WAL checkpoints. */
export type Durability = 'normal' | 'full';

/** Options of `openDatabase`. */
export interface OpenDatabaseOptions {
  /** File path, or ':memory:'. */
  path: string;
  durability: Durability;
  /** Enforce foreign keys (default true). */
  foreignKeys?: boolean;
  /** How long a statement waits for another connection's lock before failing, in ms. */
  busyTimeoutMs: number;
}

/**
 * Opens a SQLite database the way Rongtong uses it (platform store, agent outbox): WAL journal (files only; readers
 * never block the writer), `synchronous` NORMAL or FULL, a busy timeout, foreign keys on
 * (unless turned off),
 * and 64-bit integers read as bigint (`safeIntegers`), so sequence numbers above 2^53 keep
 * every digit. Closes the handle again if any of that fails. A file that cannot be opened
 * (missing directory, not a database, no permission) is INVALID_CONFIG naming `path`.
 */
export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(options.path, { timeout: options.busyTimeoutMs });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new RongtongError('INVALID_CONFIG', `cannot open the SQLite database "${options.path}": ${reason}`, {
      fieldViolations: [{ path: 'path', reason }],
      cause: err,
    });
  }
  try {
    if (!db.memory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new RongtongError('FAILED_PRECONDITION', `cannot use WAL on ${options.path} (journal_mode is ${String(mode)})`);
    }
    db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma(`busy_timeout = ${Math.floor(options.busyTimeoutMs)}`);
    if (options.foreignKeys !== false) db.pragma('foreign_keys = ON');
    db.defaultSafeIntegers(true);
    return db;
  } catch (err) {
    db.close();
    if ((err as { code?: unknown }).code === 'SQLITE_NOTADB') {
      throw new RongtongError('INVALID_CONFIG', `"${options.path}" is not a SQLite database`, {
        fieldViolations: [{ path: 'path', reason: 'not a SQLite database' }],
        cause: err,
      });
    }
    throw err;
  }
}
