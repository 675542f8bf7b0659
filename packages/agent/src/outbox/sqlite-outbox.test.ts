import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type RongtongError, generateAgentKeyPair, isRongtongError } from '@rongtong/core';
import { outboxContractSuite, testRecord } from '@rongtong/testkit';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX_MIGRATIONS } from './migrations.js';
import { createSqliteOutbox } from './sqlite-outbox.js';
import type { SqliteOutboxOptions } from './sqlite-outbox-options.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-outbox-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

outboxContractSuite('SQLite file', (config) => {
  const dir = tempDir();
  const options: SqliteOutboxOptions = { ...config, path: join(dir, 'outbox.db') };
  return Promise.resolve({
    outbox: createSqliteOutbox(options),
    reopen: () => Promise.resolve(createSqliteOutbox(options)),
  });
});

outboxContractSuite('SQLite :memory:', (config) => Promise.resolve({ outbox: createSqliteOutbox({ ...config, path: ':memory:' }) }), {
  durable: false,
});

const keys = generateAgentKeyPair();

function baseOptions(path: string): SqliteOutboxOptions {
  return {
    path,
    agentId: 'agt-1',
    privateKeyPem: keys.privateKeyPem,
    sharingLevel: 'SHARING_LEVEL_RAW',
    quota: { maxBytes: 1_000_000, maxAgeMs: 3_600_000 },
  };
}

/** The RongtongError `fn` throws. */
function thrown(fn: () => unknown): RongtongError {
  try {
    fn();
  } catch (err) {
    if (isRongtongError(err)) return err;
    throw err;
  }
  throw new Error('expected a RongtongError, nothing was thrown');
}

describe('createSqliteOutbox', () => {
  it('refuses invalid options with INVALID_CONFIG naming every field, without echoing the key', () => {
    const path = join(tempDir(), 'o.db');
    const err = thrown(() =>
      createSqliteOutbox({
        ...baseOptions(path),
        agentId: '',
        sharingLevel: 'SHARING_LEVEL_UNSPECIFIED' as 'SHARING_LEVEL_RAW',
        quota: { maxBytes: 0, maxAgeMs: 1.5 },
        liveWindowMs: -1,
        durability: 'sometimes' as 'full',
      }),
    );
    expect(err.code).toBe('INVALID_CONFIG');
    expect(err.fieldViolations.map((v) => v.path).sort()).toEqual([
      'agentId',
      'durability',
      'liveWindowMs',
      'quota.maxAgeMs',
      'quota.maxBytes',
      'sharingLevel',
    ]);
    const badKey = thrown(() => createSqliteOutbox({ ...baseOptions(path), privateKeyPem: '-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----' }));
    expect([badKey.code, badKey.fieldViolations]).toEqual(['INVALID_CONFIG', [{ path: 'privateKeyPem', reason: 'not a PKCS#8 PEM Ed25519 private key' }]]);
    expect(badKey.message).not.toContain('secret');
  });

  it('refuses a file that is not a database, or in a missing directory, with INVALID_CONFIG naming path', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'junk.db'), 'this is not a SQLite database, just text long enough to have a header');
    for (const path of [join(dir, 'junk.db'), join(dir, 'missing', 'o.db')]) {
      const err = thrown(() => createSqliteOutbox(baseOptions(path)));
      expect([err.code, err.fieldViolations[0]?.path]).toEqual(['INVALID_CONFIG', 'path']);
    }
  });

  it('binds a file to its agent id and sharing level (FAILED_PRECONDITION for another)', async () => {
    const path = join(tempDir(), 'o.db');
    await createSqliteOutbox(baseOptions(path)).close();
    const other = thrown(() => createSqliteOutbox({ ...baseOptions(path), agentId: 'agt-2' }));
    expect([other.code, other.fieldViolations[0]?.path]).toEqual(['FAILED_PRECONDITION', 'agentId']);
    const level = thrown(() => createSqliteOutbox({ ...baseOptions(path), sharingLevel: 'SHARING_LEVEL_KPI' }));
    expect([level.code, level.fieldViolations[0]?.path]).toEqual(['FAILED_PRECONDITION', 'sharingLevel']);
    await createSqliteOutbox(baseOptions(path)).close();
  });

  it('applies the versioned migrations once and refuses a file newer than this code', async () => {
    const path = join(tempDir(), 'o.db');
    await createSqliteOutbox(baseOptions(path)).close();
    await createSqliteOutbox(baseOptions(path)).close();
    const db = new Database(path);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(
      OUTBOX_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    db.prepare('INSERT INTO schema_migrations (version, name, applied_time) VALUES (?, ?, ?)').run(OUTBOX_MIGRATIONS.length + 1, 'from-the-future', 0);
    db.close();
    expect(thrown(() => createSqliteOutbox(baseOptions(path))).code).toBe('FAILED_PRECONDITION');
  });

  it('marks backlog payloads historical by appending exactly the two bytes 0x18 0x01', async () => {
    let now = 1_000_000;
    const outbox = createSqliteOutbox({ ...baseOptions(':memory:'), now: () => now });
    const r = testRecord(1);
    await outbox.enqueue(r.payload, r.meta);
    now += 60_000;
    const [sealed] = await outbox.seal(1, { now });
    expect(sealed?.historical).toBe(true);
    expect(Array.from(sealed!.payload)).toEqual([...Array.from(r.payload), 0x18, 0x01]);
    await outbox.close();
  });

  it('logs quota evictions as a warning with the exact totals, and never the private key', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const records = [testRecord(1), testRecord(2)];
    const outbox = createSqliteOutbox({ ...baseOptions(':memory:'), quota: { maxBytes: records[0]!.payload.length, maxAgeMs: 3_600_000 }, logger });
    for (const r of records) await outbox.enqueue(r.payload, r.meta);
    await outbox.seal(10, { now: Date.now() });
    await outbox.close();
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const warning = logged.find((l) => l.level === 40);
    expect(warning?.dropped).toEqual({ samples: 2, batches: 1, bytes: records[0]!.payload.length });
    expect(warning?.component).toBe('outbox');
    expect(lines.join('\n')).not.toContain('PRIVATE KEY');
    expect(logged.map((l) => l.msg)).toContain('outbox open');
  });

  it('keeps the pending counters in step with the pending rows', async () => {
    const path = join(tempDir(), 'o.db');
    const records = [1, 2, 3, 4, 5, 6].map((n) => testRecord(n));
    const outbox = createSqliteOutbox({ ...baseOptions(path), quota: { maxBytes: records[0]!.payload.length * 3, maxAgeMs: 3_600_000 } });
    for (const r of records) await outbox.enqueue(r.payload, r.meta);
    await outbox.seal(2, { now: Date.now() });
    const stats = await outbox.stats();
    await outbox.close();
    const db = new Database(path, { readonly: true });
    const row = db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(length(payload)), 0) AS bytes FROM pending').get() as { n: number; bytes: number };
    db.close();
    expect([stats.pendingRecords, stats.pendingBytes]).toEqual([row.n, row.bytes]);
    expect(stats.pendingRecords).toBe(2);
  });
});
