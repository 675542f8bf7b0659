import type { CapacityRecord } from '@rongtong/core';
import { newId } from '../auth/token-secret.js';
import type { PlatformContext } from '../context.js';
import { buildFeedEvent } from '../feed/feed-event.js';
import { capacityRecordToProto } from '../services/convert/capacity-record.js';
import { kpiToProto } from '../services/convert/kpi.js';
import type { CapacityRecordFilter, CapacityRecordRow, KpiFilter, KpiRecord } from '../store/capacity-records.js';
import type { Page, PageRequest } from '../store/records.js';
import { canonical, kpiKey, sameKpi } from './period-kpi.js';

const PAGE = 1000;

/** Every item of a paged listing. */
export async function listAll<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let pageToken = '';
  do {
    const page = await list({ pageSize: PAGE, pageToken });
    out.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return out;
}

/** Every KPI matching the filter. */
export function listAllKpis(ctx: PlatformContext, filter: KpiFilter): Promise<KpiRecord[]> {
  return listAll((page) => ctx.store.listKpis(filter, page));
}

/** Every current capacity record of an enterprise matching the rest of the filter. */
export function listAllRecords(
  ctx: PlatformContext,
  filter: Pick<CapacityRecordFilter, 'tenantId' | 'enterpriseId'> & Partial<CapacityRecordFilter>,
): Promise<CapacityRecordRow[]> {
  return listAll((page) =>
    ctx.store.listCapacityRecords({ equipmentIds: [], capabilityIds: [], types: [], minimumConfidence: 0, ...filter }, page),
  );
}

/** Identity of a capacity record within one enterprise: scope, capability, granularity, start, type. */
export function recordKey(r: Pick<CapacityRecord, 'scope' | 'capability' | 'granularity' | 'startTime' | 'type'>): string {
  const cap = r.capability === undefined ? '' : `${r.capability.kind}:${r.capability.id}`;
  return `${r.scope.level}|${r.scope.id ?? ''}|${cap}|${r.granularity}|${r.startTime}|${r.type}`;
}

/** The content of a record that matters for "changed": everything but id, compute time and supersession. */
function content(r: CapacityRecord): string {
  const { scope, capability, startTime, endTime, granularity, type, quantity, confidence, derivation, evidence, agentId } = r;
  return canonical({ scope, capability, startTime, endTime, granularity, type, quantity, confidence, derivation, evidence, agentId });
}

/**
 * Stores the KPIs whose values differ from the stored ones of the same identity (compute
 * time ignored), with one KPI feed event each. Returns the KPIs stored.
 */
export async function saveChangedKpis(ctx: PlatformContext, kpis: readonly KpiRecord[], existing: readonly KpiRecord[]): Promise<KpiRecord[]> {
  const stored = new Map(existing.map((k) => [kpiKey(k), k]));
  const changed = kpis.filter((k) => {
    const old = stored.get(kpiKey(k));
    return old === undefined || !sameKpi(old, k);
  });
  if (changed.length === 0) return [];
  const events = changed.map((k) =>
    buildFeedEvent({
      tenantId: k.tenantId,
      kind: 'kpi',
      enterpriseId: k.enterpriseId,
      ...(k.equipmentId === undefined ? {} : { equipmentId: k.equipmentId }),
      time: k.computeTime,
      payload: { kpi: kpiToProto(k) },
    }),
  );
  await ctx.store.putKpis(changed, events);
  return changed;
}

/**
 * Stores the records that differ from the current record of the same identity (id,
 * compute time ignored) under new ids (`cap_…`), with one CAPACITY_RECORD feed event each
 * (equipment id set for equipment scopes). Returns the rows stored.
 */
export async function saveChangedRecords(
  ctx: PlatformContext,
  tenantId: string,
  records: readonly CapacityRecord[],
  existing: readonly CapacityRecordRow[],
): Promise<CapacityRecordRow[]> {
  const current = new Map(existing.map((r) => [recordKey(r), r]));
  const rows: CapacityRecordRow[] = [];
  for (const r of records) {
    const old = current.get(recordKey(r));
    if (old !== undefined && content(old) === content(r)) continue;
    rows.push({ ...r, id: newId('cap'), tenantId, enterpriseId: r.scope.enterpriseId, supersededBy: '' });
  }
  if (rows.length === 0) return [];
  const events = rows.map((r) =>
    buildFeedEvent({
      tenantId,
      kind: 'capacity_record',
      enterpriseId: r.enterpriseId,
      ...(r.scope.level === 'equipment' && r.scope.id !== undefined ? { equipmentId: r.scope.id } : {}),
      time: r.computeTime,
      payload: { capacityRecord: capacityRecordToProto(r) },
    }),
  );
  return ctx.store.putCapacityRecords(rows, events);
}
