import type Database from 'better-sqlite3';
import { RongtongError } from '@rongtong/core';
import type { Logger } from 'pino';

/** One step of a SQLite schema. Applied once, in `version` order, each in its own transaction. */
export interface Migration {
  /** 1, 2, 3, … without gaps; recorded in `schema_migrations` once applied. */
  readonly version: number;
  /** Short kebab-case description, recorded with the version. */
  readonly name: string;
  /** The DDL (and any data changes) of this step. */
  readonly sql: string;
}

const CREATE_SCHEMA_MIGRATIONS = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_time INTEGER NOT NULL
  ) STRICT`;

/** What `migrate` did. */
export interface MigrateResult {
  /** Schema version before. */
  from: number;
  /** Schema version after (the last migration's). */
  to: number;
}

/** The schema version of a database: the highest applied migration, 0 when none. */
export function schemaVersion(db: Database.Database): number {
  db.exec(CREATE_SCHEMA_MIGRATIONS);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: bigint | number | null };
  return row.version === null ? 0 : Number(row.version);
}

/**
 * Brings a database up to the last of `migrations` (ordered 1…n without gaps). Each
 * migration runs in its own IMMEDIATE transaction that re-reads the version first, so two
 * processes opening the same file apply each step once; a failing step leaves the
 * database at the version before it. Idempotent. Throws FAILED_PRECONDITION when the
 * database is newer than this code.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], logger?: Logger): MigrateResult {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new RongtongError('INTERNAL', `migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new RongtongError(
      'FAILED_PRECONDITION',
      `the database schema is at version ${from}, newer than this software knows (${latest}); upgrade Rongtong`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_time) VALUES (?, ?, ?)');
  for (const migration of migrations.slice(from)) {
    db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    }).immediate();
    logger?.info({ version: migration.version, migration: migration.name }, 'applied schema migration');
  }
  return { from, to: latest };
}
