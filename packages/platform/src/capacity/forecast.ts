import { MS_PER_HOUR, periodContaining, periodsIn } from '@rongtong/core';
import type { PlatformContext } from '../context.js';
import type { EquipmentRecord } from '../store/records.js';
import { allDayCalendar, futureEquipmentRecords, type FutureEquipment } from './future-capacity.js';
import { calendarOf, type ResolvedCapacityOptions } from './options.js';
import { defaultIdealUnitTime, type GranularPeriod } from './period-kpi.js';
import { listAll, listAllKpis, listAllRecords, saveChangedRecords } from './persist.js';
import { rollUpEnterprise } from './roll-ups.js';

const DAY = 24 * MS_PER_HOUR;

/** The DAY and WEEK periods from the one containing `now` to `now + horizonDays`. */
export function futurePeriods(now: number, horizonDays: number, utcOffsetMinutes: number): GranularPeriod[] {
  const range = { from: now, to: now + horizonDays * DAY };
  const clock = { utcOffsetMinutes, shifts: [] };
  return (['day', 'week'] as const).flatMap((granularity) => periodsIn(granularity, range, clock).map((p) => ({ granularity, ...p })));
}

/** OEE of the equipment's last `n` completed DAY KPIs with PBT > 0 and an OEE, oldest first, and the unit of the latest. */
async function history(
  ctx: PlatformContext,
  e: EquipmentRecord,
  now: number,
  options: ResolvedCapacityOptions,
): Promise<{ oee: number[]; unit: string | undefined }> {
  const today = periodContaining('day', now, options.utcOffsetMinutes);
  // Days without planned busy time (weekends, holidays) are skipped: look back 3 n + 14 days.
  const from = today.from - (3 * options.oeeHistoryPeriods + 14) * DAY;
  const days = await listAllKpis(ctx, {
    tenantId: e.tenantId,
    enterpriseId: e.enterpriseId,
    level: 'equipment',
    equipmentIds: [e.id],
    granularity: 'day',
    productId: '',
    from,
    to: today.from,
  });
  const usable = days.filter((k) => k.endTime <= now && k.plannedBusyTime > 0 && k.oee !== undefined);
  return { oee: usable.slice(-options.oeeHistoryPeriods).map((k) => k.oee as number), unit: days.at(-1)?.unit };
}

/**
 * Recomputes the future capacity records of one enterprise (see `createCapacityEngine`):
 * per equipment with a capacity basis, then rolled up per capability and enterprise;
 * stores what changed. Returns the number of records stored.
 */
export async function refreshEnterpriseFuture(
  ctx: PlatformContext,
  options: ResolvedCapacityOptions,
  tenantId: string,
  enterpriseId: string,
): Promise<number> {
  const now = ctx.now();
  const equipment = await listAll((page) => ctx.store.listEquipment(tenantId, enterpriseId, page));
  const forecastable: FutureEquipment[] = [];
  for (const e of equipment) {
    const pru = defaultIdealUnitTime(e);
    const rated = e.ratedCapacityPerHour;
    if (pru === undefined && rated === undefined) continue;
    const past = await history(ctx, e, now, options);
    forecastable.push({
      equipment: e,
      idealUnitTimeMs: pru ?? MS_PER_HOUR / (rated?.value ?? 1),
      unit: pru !== undefined ? (past.unit ?? rated?.unit ?? '') : (rated?.unit ?? ''),
      calendar: calendarOf(options, enterpriseId, e.shiftCalendarId) ?? allDayCalendar(options.utcOffsetMinutes),
      historicalOee: past.oee,
    });
  }
  const periods = futurePeriods(now, options.futureHorizonDays, options.utcOffsetMinutes);
  if (periods.length === 0) return 0;
  const from = Math.min(...periods.map((p) => p.from));
  const to = Math.max(...periods.map((p) => p.to));
  const commitments = await listAll((page) =>
    ctx.store.listCommitments(
      { tenantId, enterpriseId: '', demandItemId: '', supplyItemId: '', supplierEnterpriseId: enterpriseId, status: 'active', from, to },
      page,
    ),
  );
  const { records, unplaced } = futureEquipmentRecords({
    equipment: forecastable,
    commitments,
    periods,
    oeePercentile: options.oeePercentile,
    computeTime: now,
  });
  if (unplaced.length > 0) {
    ctx.logger.warn({ tenantId, enterpriseId, commitments: unplaced }, 'commitments without eligible equipment (capability or unit) are in no capacity record');
  }
  const byId = new Map(equipment.map((e) => [e.id, e]));
  const all = [...records, ...rollUpEnterprise(enterpriseId, records, byId, now)];
  const existing = await listAllRecords(ctx, { tenantId, enterpriseId, types: ['total', 'committed', 'available', 'unattainable'], from, to });
  return (await saveChangedRecords(ctx, tenantId, all, existing)).length;
}
