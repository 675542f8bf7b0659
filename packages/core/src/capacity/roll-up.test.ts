import { describe, expect, it } from 'vitest';
import { CapacityRecordSchema, type CapacityRecord } from '../domain/capacity-record.js';
import type { CapacityType } from '../domain/capacity-type.js';
import type { Confidence } from '../domain/confidence.js';
import { rollUpCapacityRecords, type RollUpTarget } from './roll-up.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1, 16);
const turning = { kind: 'process_segment', id: 'machining.turning' } as const;
const conf = (s: number): Confidence => ({ value: s, signalCoverage: s, counterContinuity: 1, plausibility: 1 });
const ref = (agentId: string, seq: bigint) => ({ agentId, firstSeq: seq, lastSeq: seq + 9n, firstDigest: new Uint8Array(32), lastDigest: new Uint8Array(32).fill(1) });

function rec(equipment: string, type: CapacityType, value: number, s = 1, capability: typeof turning | null = turning): CapacityRecord {
  return {
    scope: { level: 'equipment', enterpriseId: 'ent-1', id: equipment, path: [] },
    ...(capability === null ? {} : { capability }),
    startTime: T0,
    endTime: T0 + DAY,
    granularity: 'day',
    type,
    quantity: { value, unit: '' },
    confidence: conf(s),
    derivation: 'test',
    evidence: type === 'committed' ? [] : [ref(`agent-${equipment}`, 1n)],
    computeTime: T0,
  };
}

describe('rollUpCapacityRecords', () => {
  const records = [
    rec('lathe-1', 'total', 800, 1),
    rec('lathe-1', 'committed', 100, 1),
    rec('lathe-1', 'available', 320, 1),
    rec('lathe-1', 'unattainable', 380, 1),
    rec('lathe-2', 'total', 200, 0.5),
    rec('lathe-2', 'committed', 0, 0.5),
    rec('lathe-2', 'available', 150, 0.5),
    rec('lathe-2', 'unattainable', 50, 0.5),
    rec('lathe-2', 'total', 9999, 1, null),
  ];
  const target: RollUpTarget = { scope: { level: 'enterprise', enterpriseId: 'ent-1', path: [] }, capability: turning, computeTime: T0 + 1 };

  it('sums per type and period, keeps the identity, weights confidence by quantity, merges evidence', () => {
    const out = rollUpCapacityRecords(records, target);
    const by = Object.fromEntries(out.map((r) => [r.type, r]));
    expect(out.map((r) => r.type)).toEqual(['available', 'committed', 'total', 'unattainable']);
    expect(by.total?.quantity.value).toBe(1000);
    expect((by.committed?.quantity.value ?? 0) + (by.available?.quantity.value ?? 0) + (by.unattainable?.quantity.value ?? 0)).toBe(1000);
    expect(by.total?.confidence.signalCoverage).toBeCloseTo((800 * 1 + 200 * 0.5) / 1000, 12);
    expect(by.total?.evidence.map((e) => e.agentId)).toEqual(['agent-lathe-1', 'agent-lathe-2']);
    expect(by.committed?.evidence).toEqual([]);
    for (const r of out) {
      expect(r.scope.level).toBe('enterprise');
      expect(r.capability).toEqual(turning);
      expect(CapacityRecordSchema.safeParse(r).success).toBe(true);
    }
  });

  it('an overall roll-up takes only records without capability, so nothing is counted twice', () => {
    const out = rollUpCapacityRecords(records, { scope: target.scope, computeTime: T0 });
    expect(out).toHaveLength(1);
    expect(out[0]?.quantity.value).toBe(9999);
    expect(out[0]?.capability).toBeUndefined();
  });

  it('zero quantities fall back to the plain mean; duplicate evidence is merged once', () => {
    const out = rollUpCapacityRecords([rec('a', 'available', 0, 0.2), rec('a', 'available', 0, 0.6)], target);
    expect(out[0]?.confidence.signalCoverage).toBeCloseTo(0.4, 12);
    expect(out[0]?.evidence).toHaveLength(1);
  });
});
