import { timestampFromMillis } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { batchFacts } from './batch-facts.js';

const T = Date.UTC(2026, 2, 2);
const interval = (equipmentId: string, start: number, end: number) => ({
  equipmentId,
  startTime: timestampFromMillis(start),
  endTime: timestampFromMillis(end),
  rawState: 'Executing',
  bucket: 'TIME_BUCKET_APT' as const,
  quality: 'QUALITY_UNSPECIFIED' as const,
  jobId: '',
  productId: 'disc-A',
});
const count = (equipmentId: string, produced: number) => ({
  equipmentId,
  startTime: timestampFromMillis(T),
  endTime: timestampFromMillis(T + 3_600_000),
  producedQuantity: produced,
  goodQuantity: produced,
  scrapQuantity: 0,
  reworkQuantity: 0,
  unit: '',
  resetsDetected: 1,
  wrapsDetected: 0,
  quality: 'QUALITY_GOOD' as const,
  jobId: 'job-1',
  productId: '',
});
const source = { tenantId: 'tenant-a', enterpriseId: 'ent-1', agentId: 'agt-1', seq: 7n };

describe('batchFacts', () => {
  it('turns intervals and counts into facts with the batch source', () => {
    const { facts, skipped } = batchFacts(source, { stateIntervals: [interval('m1', T, T + 60_000)], productionCounts: [count('m1', 12)] });
    expect(skipped).toEqual([]);
    expect(facts).toEqual([
      expect.objectContaining({ ...source, kind: 'state', equipmentId: 'm1', startTime: T, endTime: T + 60_000, bucket: 'apt', quality: 'uncertain', productId: 'disc-A' }),
      expect.objectContaining({ ...source, kind: 'count', producedQuantity: 12, resetsDetected: 1, quality: 'good', jobId: 'job-1' }),
    ]);
    expect(facts[0]?.jobId).toBeUndefined();
  });

  it('leaves out items that break the rules and names their fields', () => {
    const { facts, skipped } = batchFacts(source, {
      stateIntervals: [interval('m1', T, T + 60_000), interval('m1', T + 60_000, T), interval('bad id!', T, T + 1)],
      productionCounts: [count('m1', -1)],
    });
    expect(facts).toHaveLength(1);
    expect(skipped.map((v) => v.path)).toEqual(['payload.state_intervals.1.end_time', 'payload.state_intervals.2.equipment_id', 'payload.production_counts.0.produced_quantity', 'payload.production_counts.0.good_quantity']);
  });
});
