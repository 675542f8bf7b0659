import type { AvailableCapacityPeriod, CapacityType, MeasuredCapacity, PeriodGranularity, SupplyItem } from '@rongtong/core';
import type { PlatformContext } from '../../context.js';
import type { CapacityRecordRow } from '../../store/capacity-records.js';

/**
 * Measured capacity of supply items, from the supplier's current capacity records.
 *
 * Records used: the supplier's ENTERPRISE-level records of the item's capability; when the
 * item states no capability, or the supplier has no records of it, the enterprise's
 * overall records (no capability). Only records of one granularity are used: the declared
 * capacity's, else the first the supplier has of day, week, shift, hour.
 *
 * The summary (`measuredCapacityOf`) is computed whenever items are read (Get/List/
 * Create/Update/Import responses, feed events) and when matching; it is never stored.
 *   - total = median TOTAL quantity per period over the basis window [now − 28 d, now + 28 d);
 *   - available = minimum AVAILABLE quantity over the coming periods (ending after now,
 *     starting before now + 28 d);
 *   - confidence = the lowest confidence of the records used;
 *   - basis = the span of the records used; capacity_record_ids = their ids.
 * Unset when no such records exist.
 */

/** Half-width of the basis window, ms (28 days). */
export const BASIS_WINDOW_MS = 28 * 86_400_000;
const GRANULARITY_PREFERENCE: readonly PeriodGranularity[] = ['day', 'week', 'shift', 'hour'];
const PAGE = 1000;

async function listAll(
  ctx: PlatformContext,
  tenantId: string,
  enterpriseId: string,
  capabilityIds: readonly string[],
  types: readonly CapacityType[],
  from: number,
  to: number,
): Promise<CapacityRecordRow[]> {
  const out: CapacityRecordRow[] = [];
  let pageToken = '';
  do {
    const page = await ctx.store.listCapacityRecords(
      { tenantId, enterpriseId, level: 'enterprise', equipmentIds: [], capabilityIds, types, minimumConfidence: 0, from, to },
      { pageSize: PAGE, pageToken },
    );
    out.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return out;
}

/**
 * The supplier's current enterprise-level records for a supply item (its capability,
 * else overall) of the given types overlapping [from, to), in one granularity: the first
 * of `preference` the supplier has, by default the declared one, then day, week, shift, hour.
 */
export async function supplyCapacityRecords(
  ctx: PlatformContext,
  tenantId: string,
  item: Pick<SupplyItem, 'capability' | 'declaredCapacity'> & { supplierEnterpriseId: string },
  types: readonly CapacityType[],
  from: number,
  to: number,
  preference?: readonly PeriodGranularity[],
): Promise<CapacityRecordRow[]> {
  let records: CapacityRecordRow[] = [];
  if (item.capability) {
    records = (await listAll(ctx, tenantId, item.supplierEnterpriseId, [item.capability.id], types, from, to)).filter(
      (r) => r.capability?.id === item.capability?.id,
    );
  }
  if (records.length === 0) {
    records = (await listAll(ctx, tenantId, item.supplierEnterpriseId, [], types, from, to)).filter((r) => r.capability === undefined);
  }
  const declared = item.declaredCapacity?.granularity;
  const order = preference ?? (declared ? [declared, ...GRANULARITY_PREFERENCE.filter((g) => g !== declared)] : GRANULARITY_PREFERENCE);
  const granularity = order.find((g) => records.some((r) => r.granularity === g));
  const unit = item.declaredCapacity?.quantity.unit;
  return records.filter((r) => r.granularity === granularity && (unit === undefined || r.quantity.unit === unit));
}

/** AVAILABLE records as the periods `rankSupplyForDemand` / the capacity check take. */
export function availablePeriods(records: readonly CapacityRecordRow[]): AvailableCapacityPeriod[] {
  return records
    .filter((r) => r.type === 'available')
    .map((r) => ({ id: r.id, startTime: r.startTime, endTime: r.endTime, quantity: r.quantity, confidence: { value: r.confidence.value } }))
    .sort((a, b) => a.startTime - b.startTime);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The measured capacity summary of records of one granularity (see the module comment); undefined when none apply. */
export function summarizeCapacity(records: readonly CapacityRecordRow[], now: number): MeasuredCapacity | undefined {
  const totals = records.filter((r) => r.type === 'total');
  const available = records.filter((r) => r.type === 'available' && r.endTime > now && r.startTime < now + BASIS_WINDOW_MS);
  const used = [...totals, ...available];
  const first = used[0];
  if (first === undefined) return undefined;
  const granularity = first.granularity;
  const unit = first.quantity.unit;
  const totalOf = totals.filter((r) => r.quantity.unit === unit);
  const availableOf = available.filter((r) => r.quantity.unit === unit);
  return {
    ...(totalOf.length > 0 ? { total: { quantity: { value: median(totalOf.map((r) => r.quantity.value)), unit }, granularity } } : {}),
    ...(availableOf.length > 0
      ? { available: { quantity: { value: Math.min(...availableOf.map((r) => r.quantity.value)), unit }, granularity } }
      : {}),
    confidence: Math.min(...used.map((r) => r.confidence.value)),
    basis: { startTime: Math.min(...used.map((r) => r.startTime)), endTime: Math.max(...used.map((r) => r.endTime)) },
    capacityRecordIds: used.map((r) => r.id),
    updateTime: now,
  };
}

/** A supply item's measured capacity now (see the module comment); undefined when the supplier has no records. */
export async function measuredCapacityOf(
  ctx: PlatformContext,
  tenantId: string,
  item: Pick<SupplyItem, 'capability' | 'declaredCapacity'> & { supplierEnterpriseId: string },
  now: number,
): Promise<MeasuredCapacity | undefined> {
  const records = await supplyCapacityRecords(ctx, tenantId, item, ['total', 'available'], now - BASIS_WINDOW_MS, now + BASIS_WINDOW_MS);
  return summarizeCapacity(records, now);
}

/** The item with its measured capacity computed now (a stored one is replaced; none when no records). */
export async function withMeasuredCapacity<T extends SupplyItem & { tenantId: string; supplierEnterpriseId: string }>(
  ctx: PlatformContext,
  item: T,
): Promise<T> {
  const { measuredCapacity: _stored, ...rest } = item;
  const measured = await measuredCapacityOf(ctx, item.tenantId, item, ctx.now());
  return (measured ? { ...rest, measuredCapacity: measured } : rest) as T;
}
