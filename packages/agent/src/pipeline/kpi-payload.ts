import { enumToProto, type DerivedCount, type DerivedInterval, type PeriodGranularity, type TimeElements } from '@rongtong/core';
import { batchPayloadCodec, durationFromMillis, timestampFromMillis, type Kpi } from '@rongtong/protocol';
import type { EnqueueMeta } from '../outbox/outbox.js';
import { qualityToProto } from './value-encoding.js';

/** A period's production, ready to encode (core's derivation output). */
export type { DerivedCount } from '@rongtong/core';

/** The ratios of a {@link DerivedKpi}, named as in `rongtong.v1.Kpi`; `undefined` where core gives none (a 0 denominator, a missing input). */
export interface DerivedKpiRatios {
  readonly availability?: number | undefined;
  readonly effectiveness?: number | undefined;
  readonly qualityRatio?: number | undefined;
  readonly oee?: number | undefined;
  readonly utilizationEfficiency?: number | undefined;
  readonly setupRate?: number | undefined;
  readonly scrapRatio?: number | undefined;
  readonly reworkRatio?: number | undefined;
  /** Units per hour. */
  readonly throughputRate?: number | undefined;
  readonly dataCoverage?: number | undefined;
}

/** The ISO 22400 KPIs of one piece of equipment in one period, ready to encode as a `rongtong.v1.Kpi` (level EQUIPMENT). */
export interface DerivedKpi {
  readonly equipmentId: string;
  /** Inclusive start of the period, ms since the Unix epoch. */
  readonly start: number;
  /** Exclusive end of the period, ms since the Unix epoch. */
  readonly end: number;
  readonly granularity: PeriodGranularity;
  /** Core's time elements of the period, ms: POT = `period`, PBT = `pbt`, ADOT = `adot` (without `idle`). */
  readonly elements: Pick<TimeElements, 'period' | 'pbt' | 'apt' | 'aust' | 'adet' | 'adot' | 'pdot' | 'idle' | 'unknown' | 'aubt'>;
  /** PQ, GQ, SQ, RQ and their unit; absent when not known (the four fields then stay unset, i.e. 0, on the wire). */
  readonly quantities?: { readonly produced: number; readonly good: number; readonly scrap: number; readonly rework: number; readonly unit: string };
  /** Ideal unit time PRU, ms; absent when unknown. */
  readonly idealUnitTimeMs?: number;
  readonly ratios: DerivedKpiRatios;
  /** The equipment's state and counter signals the KPIs rest on. */
  readonly signalIds: readonly string[];
}

/** What one batch of samples derived at KPI level: ended intervals and counting periods, and the KPIs of completed hours. */
export interface KpiDerivation {
  readonly intervals: readonly DerivedInterval[];
  readonly counts: readonly DerivedCount[];
  /** Hourly KPIs (a kpi uplink's deriver adds them; the KPI deriver alone makes none). */
  readonly kpis?: readonly DerivedKpi[];
  /** Signals whose samples went into the derivation. */
  readonly signalIds: readonly string[];
}

/** An encoded payload with what its outbox needs to know about it. */
export interface EncodedPayload {
  readonly payload: Uint8Array;
  readonly meta: EnqueueMeta;
}

/** A `rongtong.v1.Kpi` of equipment level; `compute_time` is `createTime`, enterprise, product and agent ids are left for the platform. */
function kpiToProto(k: DerivedKpi, createTime: number): Kpi {
  const e = k.elements;
  const q = k.quantities;
  const ratios = Object.fromEntries(Object.entries(k.ratios).filter(([, v]) => v !== undefined)) as DerivedKpiRatios;
  return {
    level: 'HIERARCHY_LEVEL_EQUIPMENT',
    equipmentId: k.equipmentId,
    startTime: timestampFromMillis(k.start),
    endTime: timestampFromMillis(k.end),
    granularity: enumToProto('PERIOD_GRANULARITY', k.granularity),
    plannedOperationTime: durationFromMillis(e.period),
    plannedBusyTime: durationFromMillis(e.pbt),
    actualProductionTime: durationFromMillis(e.apt),
    actualUnitSetupTime: durationFromMillis(e.aust),
    actualUnitDelayTime: durationFromMillis(e.adet),
    actualUnitDownTime: durationFromMillis(e.adot),
    plannedDownTime: durationFromMillis(e.pdot),
    idleTime: durationFromMillis(e.idle),
    unknownTime: durationFromMillis(e.unknown),
    actualUnitBusyTime: durationFromMillis(e.aubt),
    ...(q ? { producedQuantity: q.produced, goodQuantity: q.good, scrapQuantity: q.scrap, reworkQuantity: q.rework, unit: q.unit } : {}),
    ...(k.idealUnitTimeMs !== undefined ? { idealUnitTime: durationFromMillis(k.idealUnitTimeMs) } : {}),
    ...ratios,
    computeTime: timestampFromMillis(createTime),
  };
}

/**
 * The encoded `BatchPayload` of a KPI uplink (`sharing_level = KPI`): state intervals,
 * production counts and KPIs only — there is no way to put a sample in it. `meta.samples` is 0
 * (it carries none); its time range spans the intervals, periods and KPIs; its signal ids are
 * the derivation's and the KPIs'. Undefined when `derivation` holds nothing. Pure.
 */
export function encodeKpiPayload(derivation: KpiDerivation, createTime: number): EncodedPayload | undefined {
  const { intervals, counts } = derivation;
  const kpis = derivation.kpis ?? [];
  if (intervals.length === 0 && counts.length === 0 && kpis.length === 0) return undefined;
  const payload = batchPayloadCodec.encode({
    sharingLevel: 'SHARING_LEVEL_KPI',
    createTime: timestampFromMillis(createTime),
    stateIntervals: intervals.map((i) => ({
      equipmentId: i.equipmentId,
      startTime: timestampFromMillis(i.start),
      endTime: timestampFromMillis(i.end),
      rawState: i.rawState,
      bucket: enumToProto('TIME_BUCKET', i.bucket),
      quality: qualityToProto(i.quality),
    })),
    productionCounts: counts.map((c) => ({
      equipmentId: c.equipmentId,
      startTime: timestampFromMillis(c.start),
      endTime: timestampFromMillis(c.end),
      producedQuantity: c.produced,
      goodQuantity: c.good,
      scrapQuantity: c.scrap,
      reworkQuantity: c.rework,
      unit: c.unit,
      resetsDetected: c.resets,
      wrapsDetected: c.wraps,
      quality: qualityToProto(c.quality),
    })),
    kpis: kpis.map((k) => kpiToProto(k, createTime)),
  });
  const ranges = [...intervals, ...counts, ...kpis];
  const firstTime = Math.floor(ranges.reduce((min, r) => Math.min(min, r.start), Infinity));
  const lastTime = Math.ceil(ranges.reduce((max, r) => Math.max(max, r.end), -Infinity));
  const signalIds = kpis.length === 0 ? [...derivation.signalIds] : [...new Set([...derivation.signalIds, ...kpis.flatMap((k) => k.signalIds)])].sort();
  return { payload, meta: { samples: 0, firstTime, lastTime, signalIds } };
}
