import { computeKpis, dataCoverage, timeElementsFromBuckets } from '@rongtong/core';
import { equipmentSignalsOf } from './equipment-signals.js';
import { createHourCloser, hasState, type ClosedHour, type HourCloserState, type HourlyStageOptions } from './hour-closer.js';
import type { DerivedKpi, DerivedKpiRatios, KpiDerivation } from './kpi-payload.js';

/** Why an equipment-hour that closed got no KPI record. */
export type KpiSkipReason =
  /** No state interval in the hour (before the state signal's first data, or a gap). */
  | 'no-state'
  /** The hour of the counter's first reading: what was made before that baseline is unknown. */
  | 'counter-start'
  /** No ProductionCount for the hour, and the counter's silence cannot be read as 0. */
  | 'no-count';

/** Counters of a KPI record deriver, for status and metrics (not part of the persisted state). */
export interface KpiRecordDeriverStats {
  /** Equipment-hours with a KPI record. */
  readonly hoursRecorded: number;
  /** Equipment-hours that closed without one, by reason. */
  readonly hoursSkipped: Readonly<Record<KpiSkipReason, number>>;
  /** State intervals and production counts dropped (wholly or partly): late, or repeats (see `createHourCloser`). */
  readonly droppedItems: number;
}

/** Options of {@link createKpiRecordDeriver}: the config's signals and equipment (ideal unit times), a saved state, `maxPendingHours`. */
export type KpiRecordDeriverOptions = HourlyStageOptions;

/** Turns KPI derivations into hourly KPI records (see {@link createKpiRecordDeriver}). */
export interface KpiRecordDeriver {
  /** Takes one KPI derivation; returns the KPI records of the hours it closed; updates the carried state. */
  derive(derivation: KpiDerivation): DerivedKpi[];
  /** A JSON-serialisable copy of the carried state (its hour closer's). */
  state(): HourCloserState;
  stats(): KpiRecordDeriverStats;
}

/** How one piece of equipment's KPI records are made. */
interface KpiPlan {
  /** It has a counter: its records carry quantities, and hours whose quantities are unknown get none. */
  readonly counted: boolean;
  readonly unit: string;
  readonly idealUnitTimeMs: number | undefined;
  readonly signalIds: readonly string[];
}

/** The quantities of a closed hour, or why they are unknown; `undefined` for equipment without a counter. */
function quantitiesOf(hour: ClosedHour, plan: KpiPlan): DerivedKpi['quantities'] | 'counter-start' | 'no-count' {
  if (!plan.counted) return undefined;
  const { production } = hour;
  switch (production.kind) {
    case 'counted': {
      const { produced, good, scrap, rework, unit } = production.count;
      return { produced, good, scrap, rework, unit };
    }
    case 'silent':
      return { produced: 0, good: 0, scrap: 0, rework: 0, unit: plan.unit };
    default:
      return production.kind;
  }
}

/**
 * A KPI record deriver: the `kpi` sharing level's second stage. It consumes what the KPI
 * deriver ended, batch by batch, and makes one `rongtong.v1.Kpi` (level EQUIPMENT,
 * granularity HOUR) per piece of equipment per completed UTC hour. Pure apart from its small
 * carried state.
 *
 * - **Which equipment**: every piece of equipment with a `machine_state` signal (whether or
 *   not it is in `equipment[]`); without one there are no time elements and no records.
 * - **Which hours, and when**: an hour closer (`createHourCloser`) collects per equipment and
 *   hour the state intervals' time per bucket and the hour's ProductionCount; an hour closes
 *   once the state intervals reach its end and — for equipment with a counter — a count for
 *   it or a later hour has arrived, the same rule as for capacity records. Batch splits do
 *   not matter and each hour is reported at most once.
 * - **Time elements** (core's `timeElementsFromBuckets`): POT = the hour (the agent has no
 *   shift calendar), PDOT, PBT = POT − PDOT, APT, AUST, ADET, ADOT, idle, unknown (also time
 *   no interval covers) and AUBT = APT + AUST + ADET; ADOT and idle stay apart, as in the
 *   proto.
 * - **Quantities**: the hour's ProductionCount (PQ, GQ, SQ, RQ, unit); 0 when the counter
 *   reported earlier and later hours but not this one (a counter reported by exception is
 *   silent while it stands still). An hour whose quantities are unknown gets **no record**
 *   — the counter's first hour (`counter-start`: its baseline reading lies inside the hour)
 *   and hours without a count before the counter's first one or closed early (`no-count`):
 *   the proto's quantities cannot be unset, so a record would show a made-up 0 that the
 *   platform sums into aggregates. Equipment without any counter is the exception: its
 *   records carry the time elements and time ratios, and no quantities (left unset) nor any
 *   ratio that needs one — which is the same for all its hours.
 * - **Ratios**: availability, effectiveness, quality ratio, OEE, utilization efficiency, setup
 *   rate, scrap ratio, rework ratio and throughput rate (per hour) from core's `computeKpis`,
 *   with PRU = the equipment's default `idealUnitTimes` entry (the one without productId;
 *   per-product entries need the product of each unit) — effectiveness and OEE are unset
 *   without it; data coverage = 1 − unknown / PBT from core's `dataCoverage`. A ratio core
 *   leaves undefined (0 denominator, missing input) stays unset.
 * - `encodeKpiPayload` sets `compute_time` to the batch's create time and leaves enterprise,
 *   product and agent ids empty for the platform.
 *
 * Records come out sorted by hour, then equipment id.
 */
export function createKpiRecordDeriver(options: KpiRecordDeriverOptions): KpiRecordDeriver {
  const { signals, equipment } = options.config;
  const plans = new Map<string, KpiPlan>();
  for (const id of new Set(signals.filter((s) => s.semantic === 'machine_state').map((s) => s.equipment))) {
    const own = equipmentSignalsOf(id, signals);
    const idealUnitTimeMs = equipment.find((e) => e.id === id)?.idealUnitTimes.find((u) => u.productId === undefined)?.idealUnitTime;
    plans.set(id, { counted: own.counters.length > 0, unit: own.unit, idealUnitTimeMs, signalIds: own.signalIds });
  }
  const closer = createHourCloser({ ...options, equipment: plans });
  const hoursSkipped: Record<KpiSkipReason, number> = { 'no-state': 0, 'counter-start': 0, 'no-count': 0 };
  let hoursRecorded = 0;

  /** The KPI record of one closed hour, or the reason it has none. */
  function recordOf(hour: ClosedHour, plan: KpiPlan): DerivedKpi | KpiSkipReason {
    if (!hasState(hour)) return 'no-state';
    const quantities = quantitiesOf(hour, plan);
    if (typeof quantities === 'string') return quantities;
    const elements = timeElementsFromBuckets(hour.buckets, { from: hour.start, to: hour.end });
    const q = quantities ?? { produced: 0, good: 0, scrap: 0, rework: 0 };
    const k = computeKpis(elements, { pq: q.produced, gq: q.good, sq: q.scrap, rq: q.rework }, plan.idealUnitTimeMs);
    const timeRatios: DerivedKpiRatios = {
      availability: k.availability,
      utilizationEfficiency: k.utilizationEfficiency,
      setupRate: k.setupRate,
      dataCoverage: dataCoverage(elements.unknown, elements.pbt),
    };
    const quantityRatios: DerivedKpiRatios = {
      effectiveness: k.effectiveness,
      qualityRatio: k.qualityRatio,
      oee: k.oee,
      scrapRatio: k.scrapRatio,
      reworkRatio: k.reworkRatio,
      throughputRate: k.throughputRatePerHour,
    };
    const { period, pbt, apt, aust, adet, adot, pdot, idle, unknown, aubt } = elements;
    return {
      equipmentId: hour.equipmentId,
      start: hour.start,
      end: hour.end,
      granularity: 'hour',
      elements: { period, pbt, apt, aust, adet, adot, pdot, idle, unknown, aubt },
      ...(quantities !== undefined ? { quantities } : {}),
      ...(plan.idealUnitTimeMs !== undefined ? { idealUnitTimeMs: plan.idealUnitTimeMs } : {}),
      ratios: quantities !== undefined ? { ...timeRatios, ...quantityRatios } : timeRatios,
      signalIds: plan.signalIds,
    };
  }

  return {
    derive(derivation) {
      const out: DerivedKpi[] = [];
      for (const hour of closer.close(derivation)) {
        const plan = plans.get(hour.equipmentId);
        if (plan === undefined) continue; // the closer only closes hours of planned equipment
        const result = recordOf(hour, plan);
        if (typeof result === 'string') {
          hoursSkipped[result] += 1;
        } else {
          hoursRecorded += 1;
          out.push(result);
        }
      }
      return out.sort((a, b) => a.start - b.start || (a.equipmentId < b.equipmentId ? -1 : a.equipmentId > b.equipmentId ? 1 : 0));
    },
    state: () => closer.state(),
    stats: () => ({ hoursRecorded, hoursSkipped: { ...hoursSkipped }, droppedItems: closer.droppedItems() }),
  };
}
