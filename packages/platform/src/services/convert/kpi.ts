import { KPI_RATIO_NAMES, enumToProto } from '@rongtong/core';
import { durationFromMillis, timestampFromMillis, type Kpi } from '@rongtong/protocol';
import type { KpiRecord } from '../../store/capacity-records.js';


/**
 * The `rongtong.v1.Kpi` of a stored KPI. Absent ids become '' (enterprise KPIs have no
 * equipment id, platform-computed ones no agent id); absent ratios stay unset so that
 * "unknown" is never shown as 0; an absent ideal unit time is a null duration.
 */
export function kpiToProto(k: KpiRecord): Kpi {
  const out: Kpi = {
    enterpriseId: k.enterpriseId,
    level: enumToProto('HIERARCHY_LEVEL', k.level),
    equipmentId: k.equipmentId ?? '',
    productId: k.productId ?? '',
    startTime: timestampFromMillis(k.startTime),
    endTime: timestampFromMillis(k.endTime),
    granularity: enumToProto('PERIOD_GRANULARITY', k.granularity),
    plannedOperationTime: durationFromMillis(k.plannedOperationTime),
    plannedBusyTime: durationFromMillis(k.plannedBusyTime),
    actualProductionTime: durationFromMillis(k.actualProductionTime),
    actualUnitSetupTime: durationFromMillis(k.actualUnitSetupTime),
    actualUnitDelayTime: durationFromMillis(k.actualUnitDelayTime),
    actualUnitDownTime: durationFromMillis(k.actualUnitDownTime),
    plannedDownTime: durationFromMillis(k.plannedDownTime),
    idleTime: durationFromMillis(k.idleTime),
    unknownTime: durationFromMillis(k.unknownTime),
    actualUnitBusyTime: durationFromMillis(k.actualUnitBusyTime),
    producedQuantity: k.producedQuantity,
    goodQuantity: k.goodQuantity,
    scrapQuantity: k.scrapQuantity,
    reworkQuantity: k.reworkQuantity,
    unit: k.unit,
    idealUnitTime: k.idealUnitTime === undefined ? null : durationFromMillis(k.idealUnitTime),
    agentId: k.agentId ?? '',
    computeTime: timestampFromMillis(k.computeTime),
  };
  for (const name of KPI_RATIO_NAMES) {
    const value = k[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
