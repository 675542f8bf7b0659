import type Database from 'better-sqlite3';
import { RongtongError } from '@rongtong/core';
import type { EquipmentRecord, NewFeedEvent, Page, PageRequest } from '../records.js';
import type { FeedTable } from './feed-table.js';
import { parseRecord, stringifyRecord } from './json-codec.js';
import { pageAfter, pageOf, pageSizeOf } from './page-token.js';
import { toStoreError } from './sqlite-errors.js';

/** The equipment table: the declared object as JSON, keyed by (tenant, id), with its enterprise and agent as columns. */
export interface EquipmentTable {
  upsert(equipment: readonly EquipmentRecord[], events: readonly NewFeedEvent[]): EquipmentRecord[];
  get(tenantId: string, id: string): EquipmentRecord | undefined;
  list(tenantId: string, enterpriseId: string, page: PageRequest): Page<EquipmentRecord>;
}

/** Prepares the equipment statements of `db`; events go to `feed` in the same transaction. */
export function createEquipmentTable(db: Database.Database, feed: FeedTable): EquipmentTable {
  const owner = db.prepare<[string, string], { enterprise_id: string }>('SELECT enterprise_id FROM equipment WHERE tenant_id = ? AND id = ?');
  const upsert = db.prepare<[string, string, string, string, string]>(
    `INSERT INTO equipment (tenant_id, id, enterprise_id, agent_id, body) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, id) DO UPDATE SET enterprise_id = excluded.enterprise_id, agent_id = excluded.agent_id, body = excluded.body`,
  );
  const select = db.prepare<[string, string], { body: string }>('SELECT body FROM equipment WHERE tenant_id = ? AND id = ?');
  const list = db.prepare<[{ tenant: string; enterprise: string; after: string; limit: number }], { id: string; body: string }>(
    `SELECT id, body FROM equipment
     WHERE tenant_id = @tenant AND (@enterprise = '' OR enterprise_id = @enterprise) AND id > @after
     ORDER BY id LIMIT @limit`,
  );

  const upsertAll = db.transaction((equipment: readonly EquipmentRecord[], events: readonly NewFeedEvent[]) => {
    for (const e of equipment) {
      const current = owner.get(e.tenantId, e.id);
      if (current && current.enterprise_id !== e.enterpriseId) {
        throw new RongtongError('ALREADY_EXISTS', `equipment id "${e.id}" is already used by another enterprise of the tenant`);
      }
      upsert.run(e.tenantId, e.id, e.enterpriseId, e.agentId, stringifyRecord(e));
    }
    feed.append(events);
  });

  return {
    upsert(equipment, events) {
      try {
        upsertAll.immediate(equipment, events);
      } catch (err) {
        throw toStoreError(err, 'equipment');
      }
      return equipment.map((e) => parseRecord<EquipmentRecord>(stringifyRecord(e)));
    },
    get(tenantId, id) {
      const row = select.get(tenantId, id);
      return row && parseRecord<EquipmentRecord>(row.body);
    },
    list(tenantId, enterpriseId, page) {
      const size = pageSizeOf(page);
      const rows = list.all({ tenant: tenantId, enterprise: enterpriseId, after: pageAfter(page), limit: size + 1 });
      return pageOf(
        rows.map((r) => parseRecord<EquipmentRecord>(r.body)),
        size,
        (e) => e.id,
      );
    },
  };
}
