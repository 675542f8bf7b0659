import type { CapacityRecord } from '@rongtong/core';
import type { CommitmentRecord } from '../store/capacity-records.js';
import type { EquipmentRecord } from '../store/records.js';
import { committedIn, eligibleFor } from './future-capacity.js';
import type { GranularPeriod } from './period-kpi.js';

/** Inputs of {@link pastSplitRecords}: one ended period of one enterprise. */
export interface PastSplitInput {
  period: GranularPeriod;
  /** The period's equipment TOTAL and USED records (measured equipment; other types are ignored). */
  records: readonly CapacityRecord[];
  equipmentById: ReadonlyMap<string, EquipmentRecord>;
  /** Commitments of the enterprise as supplier that were not cancelled (any order). */
  commitments: readonly CommitmentRecord[];
  computeTime: number;
}

/** The split records, and commitments with a quantity in the period but no eligible equipment. */
export interface PastSplitOutput {
  records: CapacityRecord[];
  unplaced: string[];
}

const format = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/**
 * COMMITTED, AVAILABLE and UNATTAINABLE of each measured piece of equipment for one ended
 * period, splitting its measured TOTAL so that TOTAL = COMMITTED + AVAILABLE + UNATTAINABLE:
 * - COMMITTED = the commitments' quantity in the period (allocations pro-rated by overlap,
 *   as the forecast), each split between the eligible equipment (capability, unit) in
 *   proportion to their USED (what each actually made; by TOTAL when none made anything,
 *   equally when all TOTALs are 0), capped at TOTAL (the derivation says by how much more
 *   was committed);
 * - AVAILABLE = 0: an ended period can no longer be promised;
 * - UNATTAINABLE = TOTAL − COMMITTED.
 * Confidence is TOTAL's; evidence is TOTAL's for AVAILABLE and UNATTAINABLE, none for
 * COMMITTED (a promise, not a measurement). Deterministic (commitments taken by id), so an
 * unchanged input gives records equal to the stored ones. Pure.
 */
export function pastSplitRecords(input: PastSplitInput): PastSplitOutput {
  const { period } = input;
  const inPeriod = (r: CapacityRecord): boolean =>
    r.scope.level === 'equipment' && r.capability === undefined && r.granularity === period.granularity && r.startTime === period.from && r.endTime === period.to;
  const totals = input.records.filter((r) => inPeriod(r) && r.type === 'total').sort((a, b) => ((a.scope.id ?? '') < (b.scope.id ?? '') ? -1 : 1));
  const used = new Map(input.records.filter((r) => inPeriod(r) && r.type === 'used').map((r) => [r.scope.id ?? '', r.quantity.value]));
  const shares: Array<Array<{ id: string; value: number }>> = totals.map(() => []);
  const unplaced = new Set<string>();
  const commitments = [...input.commitments].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const c of commitments) {
    const amount = committedIn(c, period);
    if (!(amount > 0)) continue;
    const idx = totals
      .map((t, i) => {
        const equipment = input.equipmentById.get(t.scope.id ?? '');
        return equipment !== undefined && eligibleFor(equipment, t.quantity.unit, c) ? i : -1;
      })
      .filter((i) => i >= 0);
    if (idx.length === 0) {
      unplaced.add(c.id);
      continue;
    }
    const made = idx.map((i) => Math.max(0, used.get(totals[i]?.scope.id ?? '') ?? 0));
    const capacity = idx.map((i) => Math.max(0, totals[i]?.quantity.value ?? 0));
    const sumMade = made.reduce((s, v) => s + v, 0);
    const sumCapacity = capacity.reduce((s, v) => s + v, 0);
    idx.forEach((i, j) => {
      const weight = sumMade > 0 ? (made[j] ?? 0) / sumMade : sumCapacity > 0 ? (capacity[j] ?? 0) / sumCapacity : 1 / idx.length;
      if (weight > 0) shares[i]?.push({ id: c.id, value: amount * weight });
    });
  }
  const records: CapacityRecord[] = [];
  totals.forEach((t, i) => {
    const mine = shares[i] ?? [];
    const total = Math.max(0, t.quantity.value);
    const promised = mine.reduce((s, v) => s + v.value, 0);
    const committed = Math.min(promised, total);
    const named = mine.length === 0 ? 'no commitments' : `commitments ${mine.map((s) => `${s.id} (${format.format(s.value)})`).join(', ')}`;
    const capped = promised > total ? `; ${format.format(promised)} committed, ${format.format(promised - total)} more than TOTAL: COMMITTED capped at TOTAL` : '';
    const derivation =
      `ended period: COMMITTED ${format.format(committed)} from ${named}${capped}; ` +
      `AVAILABLE 0 (an ended period can no longer be promised); UNATTAINABLE = TOTAL ${format.format(total)} − COMMITTED`;
    const values = { committed, available: 0, unattainable: Math.max(0, total - committed) };
    for (const type of ['committed', 'available', 'unattainable'] as const) {
      records.push({
        scope: t.scope,
        startTime: period.from,
        endTime: period.to,
        granularity: period.granularity,
        type,
        quantity: { value: values[type], unit: t.quantity.unit },
        confidence: t.confidence,
        derivation,
        evidence: type === 'committed' ? [] : t.evidence,
        computeTime: input.computeTime,
      });
    }
  });
  return { records, unplaced: [...unplaced].sort() };
}
