import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { CapacityRecordSchema, type CapacityRecord } from './capacity-record.js';
import { ConfidenceSchema } from './confidence.js';
import { EvidenceRefSchema, type EvidenceRef } from './evidence-ref.js';

const DAY = 86_400_000;
const T0 = 1_740_931_200_000;

const evidence: EvidenceRef = {
  agentId: 'agt_1',
  firstSeq: 1n,
  lastSeq: 18_446_744_073_709_551_615n, // 2^64 − 1
  firstDigest: new Uint8Array(32).fill(1),
  lastDigest: new Uint8Array(32).fill(2),
};

const record: CapacityRecord = {
  id: 'cap_1',
  scope: { level: 'equipment', enterpriseId: 'ent_1', id: 'lathe-3', path: [{ level: 'site', id: 'cq-plant-1' }] },
  capability: { kind: 'process_segment', id: 'machining.turning' },
  startTime: T0,
  endTime: T0 + DAY,
  granularity: 'day',
  type: 'total',
  quantity: { value: 4800, unit: '' },
  confidence: { value: 0.9 * 0.95 * 1, signalCoverage: 0.9, counterContinuity: 0.95, plausibility: 1 },
  derivation: 'TOTAL = 120 /h rated × 0.78 effectiveness × 52.5 h PBT',
  evidence: [evidence],
  computeTime: T0 + DAY + 60_000,
};

describe('Confidence', () => {
  it('parses components in [0, 1] whose product is the value', () => {
    expect(ConfidenceSchema.parse(record.confidence)).toEqual(record.confidence);
    expect(ConfidenceSchema.parse({ value: 0, signalCoverage: 0, counterContinuity: 1, plausibility: 1 }).value).toBe(0);
  });

  it('rejects components outside [0, 1] by name', () => {
    expect(issuePaths(ConfidenceSchema, { value: 1, signalCoverage: 1.01, counterContinuity: 1, plausibility: 1 })).toEqual([
      ['signalCoverage'],
    ]);
    expect(issuePaths(ConfidenceSchema, { value: 0, signalCoverage: 0, counterContinuity: -0.1, plausibility: 1 })).toEqual([
      ['counterContinuity'],
    ]);
    expect(issuePaths(ConfidenceSchema, { value: 1, signalCoverage: 1, counterContinuity: 1, plausibility: Number.NaN })).toEqual([
      ['plausibility'],
    ]);
  });

  it('rejects a value that is not the product of the components', () => {
    const result = ConfidenceSchema.safeParse({ value: 0.9, signalCoverage: 0.9, counterContinuity: 0.5, plausibility: 1 });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['value'], 'value (0.9) must equal signalCoverage × counterContinuity × plausibility (0.45)'],
    ]);
  });
});

describe('EvidenceRef', () => {
  it('parses a batch range with bigint seqs and 32-byte digests', () => {
    expect(EvidenceRefSchema.parse(evidence)).toEqual(evidence);
  });

  it('rejects bad seqs and digests by name', () => {
    expect(issuePaths(EvidenceRefSchema, { ...evidence, firstSeq: 0n })).toEqual([['firstSeq']]);
    expect(issuePaths(EvidenceRefSchema, { ...evidence, firstSeq: 1 })).toEqual([['firstSeq']]);
    expect(issuePaths(EvidenceRefSchema, { ...evidence, lastSeq: 1n << 64n })).toEqual([['lastSeq']]);
    expect(issuePaths(EvidenceRefSchema, { ...evidence, firstSeq: 10n, lastSeq: 9n })).toEqual([['lastSeq']]);
    expect(issuePaths(EvidenceRefSchema, { ...evidence, firstDigest: new Uint8Array(31) })).toEqual([['firstDigest']]);
    expect(issuePaths(EvidenceRefSchema, { ...evidence, lastDigest: 'ab'.repeat(32) })).toEqual([['lastDigest']]);
  });
});

describe('CapacityRecord', () => {
  it('parses a platform record and an agent record without id', () => {
    expect(CapacityRecordSchema.parse(record)).toEqual(record);
    expect(CapacityRecordSchema.safeParse({ ...record, id: undefined, agentId: 'agt_1', capability: undefined }).success).toBe(true);
  });

  it('requires endTime after startTime', () => {
    expect(issuePaths(CapacityRecordSchema, { ...record, endTime: T0 - DAY })).toEqual([['endTime']]);
  });

  it('names nested invalid fields', () => {
    expect(issuePaths(CapacityRecordSchema, { ...record, quantity: { value: -1, unit: '' } })).toEqual([['quantity', 'value']]);
    expect(issuePaths(CapacityRecordSchema, { ...record, type: 'free' })).toEqual([['type']]);
    expect(issuePaths(CapacityRecordSchema, { ...record, confidence: { ...record.confidence, plausibility: 2 } })).toEqual([
      ['confidence', 'plausibility'],
    ]);
    expect(issuePaths(CapacityRecordSchema, { ...record, evidence: [evidence, { ...evidence, firstSeq: 0n }] })).toEqual([
      ['evidence', 1, 'firstSeq'],
    ]);
    expect(issuePaths(CapacityRecordSchema, { ...record, scope: { ...record.scope, id: undefined } })).toEqual([['scope', 'id']]);
  });

  it('requires committed records to rest on commitments, not batches', () => {
    expect(issuePaths(CapacityRecordSchema, { ...record, type: 'committed' })).toEqual([['evidence']]);
    expect(CapacityRecordSchema.safeParse({ ...record, type: 'committed', evidence: [] }).success).toBe(true);
  });
});
