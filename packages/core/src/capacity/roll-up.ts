import type { Capability } from '../domain/capability.js';
import type { CapacityRecord } from '../domain/capacity-record.js';
import type { Confidence } from '../domain/confidence.js';
import type { EvidenceRef } from '../domain/evidence-ref.js';
import type { HierarchyScope } from '../domain/hierarchy-scope.js';

/** Where a roll-up goes: the target scope and the capability (absent: overall production). */
export interface RollUpTarget {
  /** Scope of the rolled-up records, e.g. the enterprise. */
  readonly scope: HierarchyScope;
  /** Only records of this capability (same kind and id) are summed; absent: only records without capability. */
  readonly capability?: Capability;
  /** `computeTime` of the rolled-up records, ms since the epoch. */
  readonly computeTime: number;
}

function sameCapability(a: Capability | undefined, b: Capability | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.kind === b.kind && a.id === b.id;
}

function evidenceKey(ref: EvidenceRef): string {
  return `${ref.agentId}\u0000${ref.firstSeq}\u0000${ref.lastSeq}`;
}

/**
 * Component-wise quantity-weighted mean of the confidences; `value` is the product of the
 * means (so the rolled-up confidence stays a valid `Confidence`). With all quantities 0,
 * the plain mean.
 */
export function weightedConfidence(items: readonly { readonly confidence: Confidence; readonly weight: number }[]): Confidence {
  const totalWeight = items.reduce((sum, item) => sum + item.weight, 0);
  const weightOf = (w: number): number => (totalWeight > 0 ? w / totalWeight : 1 / items.length);
  let signalCoverage = 0;
  let counterContinuity = 0;
  let plausibility = 0;
  for (const { confidence, weight } of items) {
    signalCoverage += confidence.signalCoverage * weightOf(weight);
    counterContinuity += confidence.counterContinuity * weightOf(weight);
    plausibility += confidence.plausibility * weightOf(weight);
  }
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  signalCoverage = clamp(signalCoverage);
  counterContinuity = clamp(counterContinuity);
  plausibility = clamp(plausibility);
  return { value: signalCoverage * counterContinuity * plausibility, signalCoverage, counterContinuity, plausibility };
}

/**
 * Rolls capacity records up to a larger scope: equipment → capability (process segment or
 * product class) → enterprise. Records of the target's capability are grouped by (type,
 * startTime, endTime, granularity, unit) and each group becomes one record whose quantity
 * is the sum. Because sums are linear, TOTAL = COMMITTED + AVAILABLE + UNATTAINABLE and
 * TOTAL = USED + UNUSED carry over when every member has its full set of records.
 *
 * - Confidence: component-wise quantity-weighted mean (see {@link weightedConfidence}) —
 *   a big machine's doubt weighs more than a small one's; a min would let one idle sensor
 *   mark a whole enterprise as unknown.
 * - Evidence: the members' refs, deduplicated by (agent, firstSeq, lastSeq); none for
 *   `committed` records.
 * - Records of another capability (or, for an overall roll-up, any capability) are left out,
 *   so a machine offering two capabilities is not counted twice.
 *
 * Output order: by startTime, then type, then unit. Pure.
 */
export function rollUpCapacityRecords(records: readonly CapacityRecord[], target: RollUpTarget): CapacityRecord[] {
  const groups = new Map<string, CapacityRecord[]>();
  for (const record of records) {
    if (!sameCapability(record.capability, target.capability)) continue;
    const key = [record.type, record.startTime, record.endTime, record.granularity, record.quantity.unit].join('\u0000');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [record]);
    else group.push(record);
  }
  const out: CapacityRecord[] = [];
  for (const group of groups.values()) {
    const first = group[0] as CapacityRecord;
    const value = group.reduce((sum, r) => sum + r.quantity.value, 0);
    const evidence = new Map<string, EvidenceRef>();
    if (first.type !== 'committed') for (const r of group) for (const ref of r.evidence) evidence.set(evidenceKey(ref), ref);
    const members = group.map((r) => `${r.scope.id ?? r.scope.enterpriseId} ${r.quantity.value}`).join(' + ');
    out.push({
      scope: target.scope,
      ...(target.capability === undefined ? {} : { capability: target.capability }),
      startTime: first.startTime,
      endTime: first.endTime,
      granularity: first.granularity,
      type: first.type,
      quantity: { value, unit: first.quantity.unit },
      confidence: weightedConfidence(group.map((r) => ({ confidence: r.confidence, weight: r.quantity.value }))),
      derivation: `${first.type.toUpperCase()} = sum of ${group.length} records: ${members} = ${value}`,
      evidence: [...evidence.values()],
      computeTime: target.computeTime,
    });
  }
  return out.sort(
    (a, b) => a.startTime - b.startTime || a.type.localeCompare(b.type) || a.quantity.unit.localeCompare(b.quantity.unit),
  );
}
