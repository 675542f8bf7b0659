import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isRongtongError, type ErrorCode } from '@rongtong/core';
import {
  batchRecord,
  enrollInput,
  enrollmentTokenRecord,
  enterpriseRecord,
  equipmentRecord,
  feedEvent,
  storeContractSuite,
  tenantRecord,
} from '@rongtong/testkit';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@rongtong/runtime';
import { createSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'rongtong-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Sets an agent's chain head through a second connection to the file (test hook of the contract suite). */
function headSetter(path: string) {
  return (_store: unknown, tenantId: string, agentId: string, lastSeq: bigint, lastDigest: Uint8Array) => {
    const db = new Database(path);
    try {
      const changed = db.prepare('UPDATE agents SET last_seq = ?, last_digest = ? WHERE tenant_id = ? AND id = ?').run(lastSeq, lastDigest, tenantId, agentId).changes;
      if (changed !== 1) throw new Error(`agent ${agentId} not found`);
    } finally {
      db.close();
    }
    return Promise.resolve();
  };
}

const paths = new WeakMap<object, string>();

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(() => undefined, (err: unknown) => err);
  expect(isRongtongError(error) ? error.code : error).toBe(code);
}

storeContractSuite(
  'SQLite file',
  () => {
    files += 1;
    const path = join(dir, `store-${files}.db`);
    const store = createSqliteStore({ path });
    paths.set(store, path);
    return Promise.resolve({
      store,
      cleanup: () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
        return Promise.resolve();
      },
    });
  },
  {
    setAgentHead: (store, ...rest) => headSetter(paths.get(store)!)(store, ...rest),
  },
);

storeContractSuite('SQLite :memory:', () => Promise.resolve({ store: createSqliteStore({ path: ':memory:' }) }));

describe('SQLite store', () => {
  const newPath = () => join(dir, `specific-${(files += 1)}.db`);

  it('opens files in WAL mode with foreign keys, a busy timeout and the chosen synchronous level', async () => {
    const path = newPath();
    const store = createSqliteStore({ path });
    const peek = new Database(path);
    expect(peek.pragma('journal_mode', { simple: true })).toBe('wal');
    peek.close();
    await store.close();
    const pragmas = (durability: 'normal' | 'full') => {
      const db = openDatabase({ path, durability, busyTimeoutMs: 1234 });
      try {
        return ['synchronous', 'foreign_keys', 'busy_timeout', 'journal_mode'].map((p) => db.pragma(p, { simple: true }));
      } finally {
        db.close();
      }
    };
    expect(pragmas('normal')).toEqual([1n, 1n, 1234n, 'wal']);
    expect(pragmas('full')).toEqual([2n, 1n, 1234n, 'wal']);
  });

  it('keeps everything across close and reopen, and continues chains and event seqs', async () => {
    const path = newPath();
    const first = createSqliteStore({ path, durability: 'full' });
    await first.createTenant(tenantRecord('tenant-a'));
    await first.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 1), feedEvent('tenant-a', 'enterprise_changed'));
    await first.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'enr-1'));
    expect((await first.enrollAgent(enrollInput('enr-1', 'agt-1'))).ok).toBe(true);
    await first.upsertEquipment([equipmentRecord('tenant-a', 'ent-1', 'lathe-1')], []);
    expect((await first.commitBatch({ batch: batchRecord('tenant-a', 'agt-1', 1n), events: [feedEvent('tenant-a', 'batch_committed')] })).status).toBe('committed');
    const last = await first.lastEventSeq();
    await first.close();

    const second = createSqliteStore({ path });
    try {
      expect(await second.getEnterprise('tenant-a', 'ent-1')).toEqual(enterpriseRecord('tenant-a', 'ent-1', 1));
      expect(await second.getEquipment('tenant-a', 'lathe-1')).toEqual(equipmentRecord('tenant-a', 'ent-1', 'lathe-1'));
      expect((await second.getToken('tenant-a', 'enr-1'))?.agentId).toBe('agt-1');
      expect(await second.getBatches('tenant-a', 'agt-1', 1n, 1n)).toEqual([batchRecord('tenant-a', 'agt-1', 1n)]);
      expect(await second.lastEventSeq()).toBe(last);
      expect(last).toBe(3n);
      expect((await second.commitBatch({ batch: batchRecord('tenant-a', 'agt-1', 2n), events: [feedEvent('tenant-a', 'kpi')] }))).toEqual({
        status: 'committed',
        lastEventSeq: 4n,
      });
    } finally {
      await second.close();
    }
  });

  it('lets exactly one of two connections enrol with one token, and shares chain heads between them', async () => {
    const path = newPath();
    const a = createSqliteStore({ path });
    const b = createSqliteStore({ path });
    try {
      await a.createTenant(tenantRecord('tenant-a'));
      await a.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 1), feedEvent('tenant-a', 'enterprise_changed'));
      await a.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'enr-1'));
      const results = await Promise.all([a.enrollAgent(enrollInput('enr-1', 'agt-a')), b.enrollAgent(enrollInput('enr-1', 'agt-b'))]);
      expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'already_used']);
      expect((await b.getAgent('tenant-a', 'agt-a'))?.lastSeq).toBe(0n);
      expect((await a.commitBatch({ batch: batchRecord('tenant-a', 'agt-a', 1n), events: [feedEvent('tenant-a', 'kpi')] })).status).toBe('committed');
      expect(await b.commitBatch({ batch: batchRecord('tenant-a', 'agt-a', 1n), events: [] })).toEqual({ status: 'duplicate' });
      expect((await b.commitBatch({ batch: batchRecord('tenant-a', 'agt-a', 2n), events: [feedEvent('tenant-a', 'kpi')] })).status).toBe('committed');
      expect(await a.lastEventSeq()).toBe(await b.lastEventSeq());
      expect((await a.getAgent('tenant-a', 'agt-a'))?.lastSeq).toBe(2n);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses records that refer to a missing tenant or enterprise (NOT_FOUND) and empty ids (INVALID_ARGUMENT)', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    try {
      await expectCode(store.createEnterprise(enterpriseRecord('nope', 'ent-1', 1), feedEvent('nope', 'enterprise_changed')), 'NOT_FOUND');
      expect(await store.readEvents({ tenantId: 'nope', after: 0n, limit: 10 })).toEqual([]);
      await store.createTenant(tenantRecord('tenant-a'));
      await expectCode(store.upsertEquipment([equipmentRecord('tenant-a', 'ent-404', 'lathe-1')], []), 'NOT_FOUND');
      await expectCode(store.createTenant(tenantRecord('')), 'INVALID_ARGUMENT');
    } finally {
      await store.close();
    }
  });

  it('rejects every call after close with UNAVAILABLE', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    await store.close();
    await store.close();
    await expectCode(store.getTenant('tenant-a'), 'UNAVAILABLE');
    await expectCode(store.lastEventSeq(), 'UNAVAILABLE');
  });

  it('refuses bad options with INVALID_CONFIG naming the field', () => {
    const fields = (options: Parameters<typeof createSqliteStore>[0]) => {
      try {
        createSqliteStore(options);
      } catch (err) {
        if (isRongtongError(err)) return [err.code, ...err.fieldViolations.map((v) => v.path)];
        throw err;
      }
      return ['opened'];
    };
    expect(fields({ path: '' })).toEqual(['INVALID_CONFIG', 'path']);
    expect(fields({ path: ':memory:', durability: 'fast' as 'full', busyTimeoutMs: -1 })).toEqual(['INVALID_CONFIG', 'durability', 'busyTimeoutMs']);
    expect(fields({ path: join(dir, 'no-such-dir', 'x.db') })).toEqual(['INVALID_CONFIG', 'path']);
    const notADatabase = join(dir, 'not-a-db.txt');
    writeFileSync(notADatabase, 'this is not SQLite, just some text that is long enough to have a header '.repeat(4));
    expect(fields({ path: notADatabase })).toEqual(['INVALID_CONFIG', 'path']);
  });

  it('logs through the given pino logger as component sqlite-store', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    await createSqliteStore({ path: ':memory:', logger }).close();
    const records = lines.map((l) => JSON.parse(l) as { component?: string; msg?: string; schemaVersion?: number });
    expect(records.map((r) => [r.component, r.msg])).toContainEqual(['sqlite-store', 'SQLite store open']);
    expect(records.find((r) => r.msg === 'SQLite store open')?.schemaVersion).toBe(3);
  });
});
