import type Database from 'better-sqlite3';
import { RongtongError } from '@rongtong/core';
import type { EnterpriseRecord, NewFeedEvent, Page, PageRequest } from '../records.js';
import type { FeedTable } from './feed-table.js';
import { parseRecord, stringifyRecord } from './json-codec.js';
import { pageAfter, pageOf, pageSizeOf } from './page-token.js';
import { isUniqueViolationOf, toStoreError } from './sqlite-errors.js';

/** The enterprises table (the record as JSON, with its tenant, credit code and etag as columns). */
export interface EnterpriseTable {
  create(enterprise: EnterpriseRecord, event: NewFeedEvent): EnterpriseRecord;
  update(enterprise: EnterpriseRecord, expectedEtag: string, event: NewFeedEvent): EnterpriseRecord;
  get(tenantId: string, id: string): EnterpriseRecord | undefined;
  list(tenantId: string, page: PageRequest): Page<EnterpriseRecord>;
}

function storeError(err: unknown, enterprise: EnterpriseRecord): RongtongError {
  if (isUniqueViolationOf(err, 'enterprises.credit_code')) {
    return new RongtongError(
      'ALREADY_EXISTS',
      `an enterprise with unified social credit code ${enterprise.unifiedSocialCreditCode} already exists in tenant "${enterprise.tenantId}"`,
      { cause: err },
    );
  }
  return toStoreError(err, `enterprise "${enterprise.id}"`);
}

/** Prepares the enterprise statements of `db`; events go to `feed` in the same transaction. */
export function createEnterpriseTable(db: Database.Database, feed: FeedTable): EnterpriseTable {
  const insert = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO enterprises (id, tenant_id, credit_code, etag, body) VALUES (?, ?, ?, ?, ?)',
  );
  const update = db.prepare<[string, string, string, string, string]>(
    'UPDATE enterprises SET credit_code = ?, etag = ?, body = ? WHERE tenant_id = ? AND id = ?',
  );
  const select = db.prepare<[string, string], { etag: string; body: string }>(
    'SELECT etag, body FROM enterprises WHERE tenant_id = ? AND id = ?',
  );
  const list = db.prepare<[string, string, number], { body: string }>(
    'SELECT body FROM enterprises WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?',
  );

  const create = db.transaction((enterprise: EnterpriseRecord, event: NewFeedEvent) => {
    insert.run(enterprise.id, enterprise.tenantId, enterprise.unifiedSocialCreditCode, enterprise.etag, stringifyRecord(enterprise));
    feed.append([event]);
  });
  const replace = db.transaction((enterprise: EnterpriseRecord, expectedEtag: string, event: NewFeedEvent) => {
    const current = select.get(enterprise.tenantId, enterprise.id);
    if (!current) throw new RongtongError('NOT_FOUND', `enterprise "${enterprise.id}" not found`);
    if (expectedEtag !== '' && expectedEtag !== current.etag) {
      throw new RongtongError('CONFLICT', `enterprise "${enterprise.id}" was changed by someone else (etag ${current.etag}, expected ${expectedEtag}); re-read it and retry`);
    }
    update.run(enterprise.unifiedSocialCreditCode, enterprise.etag, stringifyRecord(enterprise), enterprise.tenantId, enterprise.id);
    feed.append([event]);
  });

  return {
    create(enterprise, event) {
      try {
        create.immediate(enterprise, event);
      } catch (err) {
        throw storeError(err, enterprise);
      }
      return parseRecord<EnterpriseRecord>(stringifyRecord(enterprise));
    },
    update(enterprise, expectedEtag, event) {
      try {
        replace.immediate(enterprise, expectedEtag, event);
      } catch (err) {
        throw storeError(err, enterprise);
      }
      return parseRecord<EnterpriseRecord>(stringifyRecord(enterprise));
    },
    get(tenantId, id) {
      const row = select.get(tenantId, id);
      return row && parseRecord<EnterpriseRecord>(row.body);
    },
    list(tenantId, page) {
      const size = pageSizeOf(page);
      const rows = list.all(tenantId, pageAfter(page), size + 1).map((r) => parseRecord<EnterpriseRecord>(r.body));
      return pageOf(rows, size, (e) => e.id);
    },
  };
}
