import type Database from 'better-sqlite3';
import type { DirtyMark, EquipmentFact, FactQuery } from '../capacity-records.js';
import { parseRecord, stringifyRecord } from './json-codec.js';
import { bigintOf, numberOf } from '@rongtong/runtime';

/** Most dirty marks one `takeDirtyMarks` returns. */
export const MAX_DIRTY_MARKS = 10_000;

interface MarkRow {
  mark_id: bigint;
  tenant_id: string;
  enterprise_id: string;
  equipment_id: string;
  from_time: bigint;
  to_time: bigint;
}

/** The facts and dirty_marks tables: facts of committed batches and the equipment they made dirty. */
export interface FactTable {
  /** Stores facts and one dirty mark per (tenant, enterprise, equipment) covering them. Call inside a transaction. */
  insert(facts: readonly EquipmentFact[]): void;
  list(query: FactQuery): EquipmentFact[];
  takeDirtyMarks(limit: number): DirtyMark[];
  clearDirtyMarks(marks: readonly DirtyMark[]): void;
}

/** Prepares the fact and dirty-mark statements of `db`. */
export function createFactTable(db: Database.Database): FactTable {
  const insertFact = db.prepare<unknown[]>(
    `INSERT INTO facts (tenant_id, enterprise_id, agent_id, seq, equipment_id, kind, start_time, end_time, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMark = db.prepare<[string, string, string, number, number]>(
    'INSERT INTO dirty_marks (tenant_id, enterprise_id, equipment_id, from_time, to_time) VALUES (?, ?, ?, ?, ?)',
  );
  const list = db.prepare<[string, string, number, number], { body: string }>(
    `SELECT body FROM facts WHERE tenant_id = ? AND equipment_id = ? AND start_time < ? AND end_time > ?
     ORDER BY start_time, seq, id`,
  );
  const take = db.prepare<[number], MarkRow>(
    'SELECT mark_id, tenant_id, enterprise_id, equipment_id, from_time, to_time FROM dirty_marks ORDER BY mark_id LIMIT ?',
  );
  const clear = db.prepare<[string]>('DELETE FROM dirty_marks WHERE mark_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))');

  return {
    insert(facts) {
      const marks = new Map<string, { tenantId: string; enterpriseId: string; equipmentId: string; from: number; to: number }>();
      for (const f of facts) {
        insertFact.run(f.tenantId, f.enterpriseId, f.agentId, f.seq, f.equipmentId, f.kind, f.startTime, f.endTime, stringifyRecord(f));
        const key = JSON.stringify([f.tenantId, f.enterpriseId, f.equipmentId]);
        const mark = marks.get(key);
        if (mark) {
          mark.from = Math.min(mark.from, f.startTime);
          mark.to = Math.max(mark.to, f.endTime);
        } else {
          marks.set(key, { tenantId: f.tenantId, enterpriseId: f.enterpriseId, equipmentId: f.equipmentId, from: f.startTime, to: f.endTime });
        }
      }
      for (const m of marks.values()) insertMark.run(m.tenantId, m.enterpriseId, m.equipmentId, m.from, m.to);
    },
    list(query) {
      if (!(query.from < query.to)) return [];
      return list.all(query.tenantId, query.equipmentId, query.to, query.from).map((r) => parseRecord<EquipmentFact>(r.body));
    },
    takeDirtyMarks(limit) {
      const n = Math.min(MAX_DIRTY_MARKS, Math.max(1, Math.floor(Number.isFinite(limit) ? limit : MAX_DIRTY_MARKS)));
      return take.all(n).map((r) => ({
        markId: bigintOf(r.mark_id),
        tenantId: r.tenant_id,
        enterpriseId: r.enterprise_id,
        equipmentId: r.equipment_id,
        from: numberOf(r.from_time),
        to: numberOf(r.to_time),
      }));
    },
    clearDirtyMarks(marks) {
      if (marks.length === 0) return;
      // Mark ids are 64-bit: bound as decimal strings so JSON keeps them exact.
      clear.run(JSON.stringify(marks.map((m) => m.markId.toString())));
    },
  };
}
