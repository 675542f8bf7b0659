import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { KpiSchema, type Kpi } from './kpi.js';

const T0 = 1_740_963_600_000;
const MINUTE = 60_000;

// One hour: APT 30 min, AUST 10, ADET 5, PDOT 5, idle 10 → PBT 55 min; PQ 100, GQ 95, SQ 5, PRU 15 s.
const kpi: Kpi = {
  level: 'equipment',
  equipmentId: 'lathe-3',
  startTime: T0,
  endTime: T0 + 60 * MINUTE,
  granularity: 'hour',
  plannedOperationTime: 60 * MINUTE,
  plannedBusyTime: 55 * MINUTE,
  actualProductionTime: 30 * MINUTE,
  actualUnitSetupTime: 10 * MINUTE,
  actualUnitDelayTime: 5 * MINUTE,
  actualUnitDownTime: 0,
  plannedDownTime: 5 * MINUTE,
  idleTime: 10 * MINUTE,
  unknownTime: 0,
  actualUnitBusyTime: 45 * MINUTE,
  producedQuantity: 100,
  goodQuantity: 95,
  scrapQuantity: 5,
  reworkQuantity: 0,
  unit: '',
  idealUnitTime: 15_000,
  availability: 30 / 55,
  effectiveness: (15_000 * 100) / (30 * MINUTE),
  qualityRatio: 0.95,
  oee: (30 / 55) * (15_000 * 100) / (30 * MINUTE) * 0.95,
  utilizationEfficiency: 30 / 45,
  setupRate: 10 / 40,
  scrapRatio: 0.05,
  reworkRatio: 0,
  throughputRate: 100 / 0.75,
  dataCoverage: 1,
  agentId: 'agt_1',
  computeTime: T0 + 61 * MINUTE,
};

describe('Kpi', () => {
  it('parses an equipment KPI and an enterprise aggregate with unknown ratios left out', () => {
    expect(KpiSchema.parse(kpi)).toEqual(kpi);
    const aggregate = {
      ...kpi,
      level: 'enterprise',
      enterpriseId: 'ent_1',
      equipmentId: undefined,
      agentId: undefined,
      idealUnitTime: undefined,
      effectiveness: undefined,
      oee: undefined,
    };
    expect(KpiSchema.safeParse(aggregate).success).toBe(true);
  });

  it('requires endTime after startTime', () => {
    expect(issuePaths(KpiSchema, { ...kpi, endTime: T0 })).toEqual([['endTime']]);
  });

  it('ties equipmentId to the level', () => {
    expect(issuePaths(KpiSchema, { ...kpi, equipmentId: undefined })).toEqual([['equipmentId']]);
    expect(issuePaths(KpiSchema, { ...kpi, level: 'enterprise' })).toEqual([['equipmentId']]);
    expect(issuePaths(KpiSchema, { ...kpi, level: 'line' })).toEqual([['level']]);
  });

  it('keeps fractions in [0, 1] and other ratios ≥ 0', () => {
    expect(issuePaths(KpiSchema, { ...kpi, availability: 1.2 })).toEqual([['availability']]);
    expect(issuePaths(KpiSchema, { ...kpi, qualityRatio: -0.1 })).toEqual([['qualityRatio']]);
    expect(issuePaths(KpiSchema, { ...kpi, dataCoverage: Number.NaN })).toEqual([['dataCoverage']]);
    expect(issuePaths(KpiSchema, { ...kpi, effectiveness: 1.25, oee: 0.65 })).toEqual([]); // PRU set too long: allowed
    expect(issuePaths(KpiSchema, { ...kpi, throughputRate: -1 })).toEqual([['throughputRate']]);
  });

  it('rejects negative durations and quantities by name', () => {
    expect(issuePaths(KpiSchema, { ...kpi, idleTime: -1 })).toEqual([['idleTime']]);
    expect(issuePaths(KpiSchema, { ...kpi, scrapQuantity: -1 })).toEqual([['scrapQuantity']]);
    expect(issuePaths(KpiSchema, { ...kpi, idealUnitTime: 0 })).toEqual([['idealUnitTime']]);
  });

  it('requires AUBT = APT + AUST + ADET', () => {
    const result = KpiSchema.safeParse({ ...kpi, actualUnitBusyTime: 40 * MINUTE });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['actualUnitBusyTime'], 'actualUnitBusyTime (2400000) must equal APT + AUST + ADET (2700000)'],
    ]);
  });
});
