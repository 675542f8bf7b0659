import type Database from 'better-sqlite3';
import type { Page, PageRequest, TenantRecord } from '../records.js';
import { pageAfter, pageOf, pageSizeOf } from './page-token.js';
import { toStoreError } from './sqlite-errors.js';
import { numberOf } from '@rongtong/runtime';

interface TenantRow {
  id: string;
  name: string;
  create_time: bigint;
}

/** The tenants table. */
export interface TenantTable {
  create(tenant: TenantRecord): TenantRecord;
  get(id: string): TenantRecord | undefined;
  list(page: PageRequest): Page<TenantRecord>;
}

const recordOf = (row: TenantRow): TenantRecord => ({ id: row.id, name: row.name, createTime: numberOf(row.create_time) });

/** Prepares the tenant statements of `db`. */
export function createTenantTable(db: Database.Database): TenantTable {
  const insert = db.prepare<[string, string, number]>('INSERT INTO tenants (id, name, create_time) VALUES (?, ?, ?)');
  const select = db.prepare<[string], TenantRow>('SELECT id, name, create_time FROM tenants WHERE id = ?');
  const list = db.prepare<[string, number], TenantRow>('SELECT id, name, create_time FROM tenants WHERE id > ? ORDER BY id LIMIT ?');
  return {
    create(tenant) {
      try {
        insert.run(tenant.id, tenant.name, tenant.createTime);
      } catch (err) {
        throw toStoreError(err, `tenant "${tenant.id}"`);
      }
      return { id: tenant.id, name: tenant.name, createTime: tenant.createTime };
    },
    get(id) {
      const row = select.get(id);
      return row && recordOf(row);
    },
    list(page) {
      const size = pageSizeOf(page);
      return pageOf(list.all(pageAfter(page), size + 1).map(recordOf), size, (t) => t.id);
    },
  };
}
