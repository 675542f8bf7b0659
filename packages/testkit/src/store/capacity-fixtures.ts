import type { CapacityRecordRow, CommitmentRecord, CountFact, KpiRecord, StateFact } from '@rongtong/platform';
import { T0, sha256 } from './fixtures.js';

/**
 * Valid, deterministic facts, KPIs, capacity records and commitments for the contract
 * suites (see fixtures.ts for the rest).
 */

/** One hour in ms. */
export const HOUR = 3_600_000;
/** One day in ms. */
export const DAY = 24 * HOUR;

/** A state interval of `equipmentId` carried by batch `seq` of `agentId`. */
export function stateFact(
  source: { tenantId: string; enterpriseId: string; agentId: string; seq: bigint },
  equipmentId: string,
  startTime: number,
  endTime: number,
  overrides: Partial<StateFact> = {},
): StateFact {
  return {
    ...source,
    kind: 'state',
    equipmentId,
    startTime,
    endTime,
    rawState: 'Execute',
    bucket: 'apt',
    quality: 'good',
    jobId: 'job-42',
    ...overrides,
  };
}

/** A production count of `equipmentId` carried by batch `seq` of `agentId`. */
export function countFact(
  source: { tenantId: string; enterpriseId: string; agentId: string; seq: bigint },
  equipmentId: string,
  startTime: number,
  endTime: number,
  overrides: Partial<CountFact> = {},
): CountFact {
  return {
    ...source,
    kind: 'count',
    equipmentId,
    startTime,
    endTime,
    producedQuantity: 100.5,
    goodQuantity: 95.25,
    scrapQuantity: 5.25,
    reworkQuantity: 0,
    unit: '',
    resetsDetected: 1,
    wrapsDetected: 0,
    quality: 'uncertain',
    productId: 'brake-disc-A',
    ...overrides,
  };
}

/**
 * An hourly equipment KPI (or an enterprise KPI when `equipmentId` is undefined) of one
 * enterprise starting at `startTime`. Ratios are consistent with the time elements.
 */
export function kpiRecord(
  tenantId: string,
  enterpriseId: string,
  equipmentId: string | undefined,
  startTime: number,
  overrides: Partial<KpiRecord> = {},
): KpiRecord {
  const minute = 60_000;
  const base: KpiRecord = {
    tenantId,
    enterpriseId,
    level: equipmentId === undefined ? 'enterprise' : 'equipment',
    startTime,
    endTime: startTime + HOUR,
    granularity: 'hour',
    plannedOperationTime: 60 * minute,
    plannedBusyTime: 55 * minute,
    actualProductionTime: 30 * minute,
    actualUnitSetupTime: 10 * minute,
    actualUnitDelayTime: 5 * minute,
    actualUnitDownTime: 0,
    plannedDownTime: 5 * minute,
    idleTime: 10 * minute,
    unknownTime: 0,
    actualUnitBusyTime: 45 * minute,
    producedQuantity: 100,
    goodQuantity: 95,
    scrapQuantity: 5,
    reworkQuantity: 0,
    unit: '',
    availability: 30 / 55,
    qualityRatio: 0.95,
    utilizationEfficiency: 30 / 45,
    setupRate: 0.25,
    scrapRatio: 0.05,
    reworkRatio: 0,
    throughputRate: 100 / 0.75,
    dataCoverage: 1,
    computeTime: startTime + HOUR + minute,
  };
  if (equipmentId !== undefined) {
    Object.assign(base, { equipmentId, idealUnitTime: 15_000, effectiveness: 1500 / 1800, oee: (30 / 55) * (1500 / 1800) * 0.95 });
  }
  return { ...base, ...overrides };
}

/**
 * A daily `total` capacity record of equipment `equipmentId` (or of the enterprise when
 * undefined) for capability machining.turning, starting at `startTime`.
 */
export function capacityRecordRow(
  tenantId: string,
  enterpriseId: string,
  id: string,
  equipmentId: string | undefined,
  startTime: number,
  overrides: Partial<CapacityRecordRow> = {},
): CapacityRecordRow {
  return {
    id,
    tenantId,
    enterpriseId,
    supersededBy: '',
    scope:
      equipmentId === undefined
        ? { level: 'enterprise', enterpriseId, path: [] }
        : { level: 'equipment', enterpriseId, id: equipmentId, path: [{ level: 'site', id: 'cq-plant-1', name: '重庆一厂' }] },
    capability: { kind: 'process_segment', id: 'machining.turning', name: '数控车削' },
    startTime,
    endTime: startTime + DAY,
    granularity: 'day',
    type: 'total',
    quantity: { value: 4800.5, unit: '' },
    confidence: { value: 0.9 * 0.95, signalCoverage: 0.9, counterContinuity: 0.95, plausibility: 1 },
    derivation: 'TOTAL = 120 /h rated × 0.78 effectiveness × 52.5 h PBT',
    evidence: [
      {
        agentId: 'agt-1',
        firstSeq: 1n,
        lastSeq: 2n ** 64n - 1n,
        firstDigest: new Uint8Array(sha256(`${id} first`)),
        lastDigest: new Uint8Array(sha256(`${id} last`)),
      },
    ],
    computeTime: startTime + DAY + 60_000,
    ...overrides,
  };
}

/** An active commitment of match `matchId`, created at `createTime`, with two daily allocations from `T0 + 10 days`. */
export function commitmentRecord(
  tenantId: string,
  id: string,
  parties: { matchId: string; demandItemId: string; supplyItemId: string; buyerEnterpriseId: string; supplierEnterpriseId: string },
  overrides: Partial<CommitmentRecord> = {},
): CommitmentRecord {
  const start = T0 + 10 * DAY;
  return {
    id,
    tenantId,
    requestId: '',
    ...parties,
    capability: { kind: 'product_class', id: 'brake-disc' },
    allocations: [
      { startTime: start, endTime: start + DAY, quantity: { value: 2000, unit: '' } },
      { startTime: start + DAY, endTime: start + 2 * DAY, quantity: { value: 1500.5, unit: '' } },
    ],
    status: 'active',
    createTime: T0 + DAY,
    updateTime: T0 + DAY,
    ...overrides,
  };
}
