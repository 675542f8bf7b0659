import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRongtongError } from '@rongtong/core';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '@rongtong/runtime';
import { MIGRATIONS } from './migrations.js';
import { createSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'rongtong-sqlite-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newPath = () => join(dir, `m-${(n += 1)}.db`);
const open = (path: string) => openDatabase({ path, durability: 'normal', busyTimeoutMs: 1000 });

function applied(path: string): { version: bigint; name: string; applied_time: bigint }[] {
  const db = open(path);
  try {
    return db.prepare('SELECT version, name, applied_time FROM schema_migrations ORDER BY version').all() as never;
  } finally {
    db.close();
  }
}

const tables = (path: string) => {
  const db = open(path);
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter((t) => t !== 'sqlite_sequence');
  } finally {
    db.close();
  }
};

describe('SQLite migrations', () => {
  it('are numbered 1…n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1));
    expect(MIGRATIONS.length).toBe(3);
  });

  it('bring a new database to the last version, each recorded once, and do nothing on the next open', async () => {
    const path = newPath();
    await createSqliteStore({ path }).close();
    const first = applied(path);
    expect(first.map((m) => [m.version, m.name])).toEqual([
      [1n, 'tenants-enterprises-tokens-agents'],
      [2n, 'equipment-batches-feed-events'],
      [3n, 'facts-kpis-capacity-market'],
    ]);
    expect(tables(path)).toEqual([
      'agents',
      'batches',
      'capacity_records',
      'commitments',
      'demand_items',
      'dirty_marks',
      'enterprises',
      'equipment',
      'facts',
      'feed_events',
      'kpis',
      'matches',
      'schema_migrations',
      'supply_items',
      'tenants',
      'tokens',
    ]);
    await createSqliteStore({ path }).close();
    expect(applied(path)).toEqual(first);
  });

  it('upgrade a database at version N−1, keeping its data', async () => {
    const path = newPath();
    const db = open(path);
    expect(migrate(db, MIGRATIONS.slice(0, -1))).toEqual({ from: 0, to: MIGRATIONS.length - 1 });
    db.prepare('INSERT INTO tenants (id, name, create_time) VALUES (?, ?, ?)').run('tenant-a', 'old tenant', 1234);
    db.close();
    expect(tables(path)).not.toContain('kpis');

    const store = createSqliteStore({ path });
    try {
      expect(await store.getTenant('tenant-a')).toEqual({ id: 'tenant-a', name: 'old tenant', createTime: 1234 });
      expect(await store.appendEvents([{ tenantId: 'tenant-a', kind: 'kpi', enterpriseId: '', equipmentId: '', time: 1, body: new Uint8Array([7]) }])).toBe(1n);
    } finally {
      await store.close();
    }
    expect(applied(path).map((m) => m.version)).toEqual([1n, 2n, 3n]);
  });

  it('is idempotent when called again on an up-to-date database', () => {
    const db = open(newPath());
    try {
      expect(migrate(db, MIGRATIONS)).toEqual({ from: 0, to: 3 });
      expect(migrate(db, MIGRATIONS)).toEqual({ from: 3, to: 3 });
      expect(schemaVersion(db)).toBe(3);
    } finally {
      db.close();
    }
  });

  it('leave the database at the previous version when a migration fails', () => {
    const db = open(newPath());
    try {
      const broken = { version: 4, name: 'broken', sql: 'CREATE TABLE half_done (a INTEGER); SELECT * FROM no_such_table;' };
      expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/no_such_table/);
      expect(schemaVersion(db)).toBe(3);
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0n);
    } finally {
      db.close();
    }
  });

  it('refuse a list with a gap, and a database newer than the code (FAILED_PRECONDITION)', () => {
    const path = newPath();
    const db = open(path);
    try {
      expect(() => migrate(db, [MIGRATIONS[0]!, { ...MIGRATIONS[1]!, version: 3 }])).toThrow(/expected 2/);
      migrate(db, MIGRATIONS);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_time) VALUES (99, ?, 0)').run('from the future');
    } finally {
      db.close();
    }
    let error: unknown;
    try {
      createSqliteStore({ path });
    } catch (err) {
      error = err;
    }
    expect(isRongtongError(error) && error.code).toBe('FAILED_PRECONDITION');
    expect(String(error)).toMatch(/version 99/);
  });
});
