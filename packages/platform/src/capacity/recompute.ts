import { periodsIn, type CapacityRecord, type EvidenceRef, type ShiftCalendarInput, type StateMapping } from '@rongtong/core';
import type { PlatformContext } from '../context.js';
import type { CommitmentRecord, KpiRecord } from '../store/capacity-records.js';
import type { EquipmentRecord } from '../store/records.js';
import { calendarOf, type ResolvedCapacityOptions } from './options.js';
import { pastEquipmentRecords, seqRanges, type SeqRange } from './past-capacity.js';
import { pastSplitRecords } from './past-split.js';
import { enterprisePeriodKpi, equipmentPeriodKpi, overlaps, type EquipmentSubject, type GranularPeriod } from './period-kpi.js';
import { listAll, listAllKpis, listAllRecords, saveChangedKpis, saveChangedRecords } from './persist.js';
import { rollUpEnterprise } from './roll-ups.js';

/** What one recomputation needs besides the context. */
export interface RecomputeDeps {
  ctx: PlatformContext;
  options: ResolvedCapacityOptions;
  mapping: StateMapping | undefined;
}

/** The time span of one piece of equipment whose facts changed. */
export interface DirtySpan {
  equipmentId: string;
  from: number;
  to: number;
}

/** Counts of what a recomputation stored. */
export interface RecomputeResult {
  kpis: number;
  records: number;
}

const periodKey = (p: GranularPeriod): string => `${p.granularity}|${p.from}|${p.to}`;

/**
 * Lets timers and I/O run before each period. The SQLite store answers synchronously (its
 * promises are already settled), so without this a long recomputation — months of facts after
 * an agent's clock jumped, say — would hold the event loop, and with it every gRPC call and
 * feed stream of the platform, until it ended. A turn costs microseconds; a period milliseconds.
 */
function breathe(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** The shifts of equipment without a calendar: 00:00–08:00, 08:00–16:00 and 16:00–24:00 every day, local time. */
function defaultShifts(utcOffsetMinutes: number): ShiftCalendarInput {
  const blocks = [
    ['00:00', '08:00'],
    ['08:00', '16:00'],
    ['16:00', '00:00'],
  ] as const;
  return { utcOffsetMinutes, shifts: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => blocks.map(([start, end]) => ({ weekday, start, end }))) };
}

/** Every hour, shift (of the calendar, else three 8-hour blocks a day), day and week overlapping the span. */
function periodsOf(span: { from: number; to: number }, subject: EquipmentSubject, utcOffsetMinutes: number): GranularPeriod[] {
  const clock = { utcOffsetMinutes, shifts: [] };
  const out: GranularPeriod[] = [];
  for (const granularity of ['hour', 'day', 'week'] as const) {
    for (const p of periodsIn(granularity, span, clock)) out.push({ granularity, ...p });
  }
  // Without a calendar, shifts are the three 8-hour blocks from 00:00, 08:00 and 16:00 (PeriodGranularity).
  for (const p of periodsIn('shift', span, subject.calendar ?? defaultShifts(utcOffsetMinutes))) out.push({ granularity: 'shift', ...p });
  return out;
}

/**
 * How far back a new count looks for the previous one. Periods between two counts are
 * "silent" (quantities 0, see `EquipmentPeriodKpi.silent`) only once the later count is
 * known, so they are recomputed when it arrives — within this bound; a longer silence keeps
 * the KPIs computed before (quantities unknown).
 */
export const SILENT_GAP_LOOKBACK_MS = 24 * 3_600_000;

/** The span, started earlier at the end of the equipment's previous count when that lies within the look-back. */
async function withSilentGap(ctx: PlatformContext, tenantId: string, span: DirtySpan): Promise<DirtySpan> {
  const before = await ctx.store.listFacts({ tenantId, equipmentId: span.equipmentId, from: span.from - SILENT_GAP_LOOKBACK_MS, to: span.from });
  let lastCountEnd = -Infinity;
  for (const f of before) if (f.kind === 'count' && f.endTime <= span.from) lastCountEnd = Math.max(lastCountEnd, f.endTime);
  return Number.isFinite(lastCountEnd) && lastCountEnd < span.from ? { ...span, from: lastCountEnd } : span;
}

/** Evidence refs of seq ranges, with the first and last batch digests from the store (ranges whose batches are missing are left out). */
async function evidenceOf(ctx: PlatformContext, tenantId: string, ranges: readonly SeqRange[], cache: Map<string, Uint8Array | undefined>): Promise<EvidenceRef[]> {
  const digest = async (agentId: string, seq: bigint): Promise<Uint8Array | undefined> => {
    const key = `${agentId}#${seq}`;
    if (!cache.has(key)) cache.set(key, (await ctx.store.getBatches(tenantId, agentId, seq, seq))[0]?.digest);
    return cache.get(key);
  };
  const out: EvidenceRef[] = [];
  for (const r of ranges) {
    const firstDigest = await digest(r.agentId, r.firstSeq);
    const lastDigest = await digest(r.agentId, r.lastSeq);
    if (firstDigest !== undefined && lastDigest !== undefined) out.push({ ...r, firstDigest: new Uint8Array(firstDigest), lastDigest: new Uint8Array(lastDigest) });
  }
  return out;
}

/**
 * Recomputes the KPIs and past capacity records of one enterprise for the periods its
 * dirty spans touch: per equipment and period, then per ended period the split of each
 * measured TOTAL into COMMITTED, AVAILABLE and UNATTAINABLE (`pastSplitRecords`, over all
 * the period's measured equipment) and the enterprise aggregates and roll-ups of those
 * periods. Only what changed is stored (with feed events).
 */
export async function recomputeEnterprise(
  deps: RecomputeDeps,
  tenantId: string,
  enterpriseId: string,
  spans: readonly DirtySpan[],
): Promise<RecomputeResult> {
  const { ctx, options } = deps;
  const now = ctx.now();
  const equipment = await listAll((page) => ctx.store.listEquipment(tenantId, enterpriseId, page));
  const byId = new Map<string, EquipmentRecord>(equipment.map((e) => [e.id, e]));
  const touched = new Map<string, GranularPeriod>();
  const digests = new Map<string, Uint8Array | undefined>();
  let kpis = 0;
  let records = 0;
  let commitments: CommitmentRecord[] | undefined;
  const unplaced = new Set<string>();

  for (const span of spans) {
    const record = byId.get(span.equipmentId);
    const subject: EquipmentSubject = {
      tenantId,
      enterpriseId,
      equipmentId: span.equipmentId,
      equipment: record,
      calendar: calendarOf(options, enterpriseId, record?.shiftCalendarId),
      mapping: deps.mapping,
    };
    const periods = periodsOf(await withSilentGap(ctx, tenantId, span), subject, options.utcOffsetMinutes);
    if (periods.length === 0) continue;
    const from = Math.min(...periods.map((p) => p.from));
    const to = Math.max(...periods.map((p) => p.to));
    const facts = await ctx.store.listFacts({ tenantId, equipmentId: span.equipmentId, from, to });
    const own = facts.filter((f) => f.enterpriseId === enterpriseId);
    const newKpis: KpiRecord[] = [];
    const newRecords: CapacityRecord[] = [];
    for (const period of periods) {
      await breathe();
      const pk = equipmentPeriodKpi(subject, own, period, now);
      if (pk === undefined) continue;
      touched.set(periodKey(period), period);
      newKpis.push(pk.kpi);
      if (period.to > now) continue;
      const evidence = await evidenceOf(ctx, tenantId, seqRanges(own.filter((f) => overlaps(f, period))), digests);
      newRecords.push(...(pastEquipmentRecords(subject, period, pk, evidence, now) ?? []));
    }
    const oldKpis = await listAllKpis(ctx, { tenantId, enterpriseId, level: 'equipment', equipmentIds: [span.equipmentId], productId: '', from, to });
    kpis += (await saveChangedKpis(ctx, newKpis, oldKpis)).length;
    if (newRecords.length > 0) {
      const oldRecords = await listAllRecords(ctx, { tenantId, enterpriseId, level: 'equipment', equipmentIds: [span.equipmentId], from, to });
      records += (await saveChangedRecords(ctx, tenantId, newRecords, oldRecords)).length;
    }
  }

  // Enterprise aggregates of shifts follow the enterprise's calendar (else the 8-hour blocks): a
  // shift of equipment on another calendar has no enterprise counterpart of the same identity.
  const enterpriseShifts = calendarOf(options, enterpriseId, undefined) ?? defaultShifts(options.utcOffsetMinutes);
  const isEnterprisePeriod = (p: GranularPeriod): boolean =>
    p.granularity !== 'shift' || periodsIn('shift', p, enterpriseShifts).some((s) => s.from === p.from && s.to === p.to);
  for (const period of touched.values()) {
    await breathe();
    const forEnterprise = isEnterprisePeriod(period);
    const range = { granularity: period.granularity, from: period.from, to: period.to };
    const inPeriod = <T extends { startTime: number; endTime: number }>(xs: T[]): T[] => xs.filter((x) => x.startTime === period.from && x.endTime === period.to);
    const members = inPeriod(await listAllKpis(ctx, { tenantId, enterpriseId, level: 'equipment', equipmentIds: [], productId: '', ...range }));
    const aggregate = forEnterprise ? enterprisePeriodKpi(members, now) : undefined;
    if (aggregate !== undefined) {
      const old = await listAllKpis(ctx, { tenantId, enterpriseId, level: 'enterprise', equipmentIds: [], productId: '', ...range });
      kpis += (await saveChangedKpis(ctx, [aggregate], old)).length;
    }
    if (period.to > now) continue;
    const equipmentRecords = inPeriod(await listAllRecords(ctx, { tenantId, enterpriseId, level: 'equipment', ...range }));
    const measured = new Set(equipmentRecords.filter((r) => r.type === 'used').map((r) => r.scope.id));
    const pastSet = equipmentRecords.filter((r) => measured.has(r.scope.id) && (r.type === 'total' || r.type === 'used' || r.type === 'unused'));
    if (pastSet.length === 0) continue;
    // The same TOTAL split into COMMITTED, AVAILABLE (0) and UNATTAINABLE, replacing the forecast's.
    commitments ??= await pastCommitments(ctx, tenantId, enterpriseId, [...touched.values()].filter((p) => p.to <= now));
    const split = pastSplitRecords({ period, records: pastSet, equipmentById: byId, commitments, computeTime: now });
    split.unplaced.forEach((id) => unplaced.add(id));
    records += (await saveChangedRecords(ctx, tenantId, split.records, equipmentRecords)).length;
    if (!forEnterprise) continue;
    const rolled = rollUpEnterprise(enterpriseId, [...pastSet, ...split.records], byId, now);
    const old = await listAllRecords(ctx, { tenantId, enterpriseId, level: 'enterprise', ...range });
    records += (await saveChangedRecords(ctx, tenantId, rolled, old)).length;
  }
  if (unplaced.size > 0) {
    ctx.logger.warn({ tenantId, enterpriseId, commitments: [...unplaced].sort() }, 'commitments without measured eligible equipment (capability or unit) are in no past COMMITTED record');
  }
  return { kpis, records };
}

/** The not-cancelled commitments of the enterprise as supplier with an allocation overlapping the ended periods. */
async function pastCommitments(ctx: PlatformContext, tenantId: string, enterpriseId: string, periods: readonly GranularPeriod[]): Promise<CommitmentRecord[]> {
  if (periods.length === 0) return [];
  const from = Math.min(...periods.map((p) => p.from));
  const to = Math.max(...periods.map((p) => p.to));
  const all = await listAll((page) =>
    ctx.store.listCommitments({ tenantId, enterpriseId: '', demandItemId: '', supplyItemId: '', supplierEnterpriseId: enterpriseId, from, to }, page),
  );
  return all.filter((c) => c.status !== 'cancelled');
}
