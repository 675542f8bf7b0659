import { rollUpCapacityRecords, type Capability, type CapacityRecord, type HierarchyScope } from '@rongtong/core';
import type { EquipmentRecord } from '../store/records.js';

/** The scope of enterprise-wide records (overall and per capability). */
export function enterpriseScope(enterpriseId: string): HierarchyScope {
  return { level: 'enterprise', enterpriseId, path: [] };
}

/** Records of the most common unit among `records` (ties: the unit sorting first), so one identity gets one record. */
function dominantUnit(records: readonly CapacityRecord[]): CapacityRecord[] {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.quantity.unit, (counts.get(r.quantity.unit) ?? 0) + 1);
  let best: string | undefined;
  for (const [unit, n] of counts) {
    const bestN = best === undefined ? -1 : (counts.get(best) ?? 0);
    if (n > bestN || (n === bestN && best !== undefined && unit < best)) best = unit;
  }
  return records.filter((r) => r.quantity.unit === best);
}

/**
 * The roll-ups of equipment records (capability absent) of one enterprise: per capability
 * of the equipment (`Equipment.capabilities`; a machine counts in each of its capabilities)
 * and for the whole enterprise, with core's `rollUpCapacityRecords` (sums, quantity-weighted
 * confidence, merged evidence). Per period, only records of the unit most equipment uses
 * are summed (quantities of different units do not add up). Scope level `enterprise`.
 */
export function rollUpEnterprise(
  enterpriseId: string,
  records: readonly CapacityRecord[],
  equipmentById: ReadonlyMap<string, EquipmentRecord>,
  computeTime: number,
): CapacityRecord[] {
  const scope = enterpriseScope(enterpriseId);
  const byPeriod = new Map<string, CapacityRecord[]>();
  for (const r of records) {
    if (r.scope.level !== 'equipment' || r.capability !== undefined) continue;
    const key = `${r.granularity}|${r.startTime}|${r.endTime}`;
    const group = byPeriod.get(key);
    if (group === undefined) byPeriod.set(key, [r]);
    else group.push(r);
  }
  const out: CapacityRecord[] = [];
  for (const group of byPeriod.values()) {
    const members = dominantUnit(group);
    out.push(...rollUpCapacityRecords(members, { scope, computeTime }));
    const capabilities = new Map<string, Capability>();
    for (const r of members) {
      for (const c of equipmentById.get(r.scope.id ?? '')?.capabilities ?? []) capabilities.set(`${c.kind}:${c.id}`, c);
    }
    for (const capability of capabilities.values()) {
      const tagged = members
        .filter((r) => equipmentById.get(r.scope.id ?? '')?.capabilities.some((c) => c.kind === capability.kind && c.id === capability.id))
        .map((r) => ({ ...r, capability }));
      out.push(...rollUpCapacityRecords(tagged, { scope, capability, computeTime }));
    }
  }
  return out;
}
