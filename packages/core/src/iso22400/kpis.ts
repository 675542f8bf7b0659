import type { TimeElements } from './time-elements.js';

/**
 * ISO 22400-2:2014 KPI formulas. Times are in milliseconds, quantities in units.
 *
 * Every ratio returns `undefined` — never `NaN` or `Infinity` — when its denominator is 0
 * or an input is not a finite number; a KPI that cannot be computed is absent, not 0.
 * Sources: ISO 22400-2:2014 §6 KPI descriptions, via the ISO 22400-2 ontology
 * https://github.com/hsu-aut/IndustrialStandard-ODP-ISO22400-2 (`formula` annotations).
 */

/** Milliseconds in an hour, for {@link perHour}. */
export const MS_PER_HOUR = 3_600_000;

function ratio(numerator: number, denominator: number): number | undefined {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return undefined;
  const value = numerator / denominator;
  return Number.isFinite(value) ? value : undefined;
}

/** Availability = APT / PBT. */
export function availability(apt: number, pbt: number): number | undefined {
  return ratio(apt, pbt);
}

/**
 * Effectiveness = PRU · PQ / APT, where PRU is the planned run time per unit (ideal cycle
 * time, ms/unit) and PQ the produced quantity. May exceed 1 if the machine ran faster than planned.
 */
export function effectiveness(pru: number, pq: number, apt: number): number | undefined {
  return ratio(pru * pq, apt);
}

/** Quality ratio = GQ / PQ (good quantity over produced quantity). */
export function qualityRatio(gq: number, pq: number): number | undefined {
  return ratio(gq, pq);
}

/** OEE index = availability × effectiveness × quality ratio; `undefined` if any factor is. */
export function oee(
  availabilityValue: number | undefined,
  effectivenessValue: number | undefined,
  qualityRatioValue: number | undefined,
): number | undefined {
  if (availabilityValue === undefined || effectivenessValue === undefined || qualityRatioValue === undefined) {
    return undefined;
  }
  const value = availabilityValue * effectivenessValue * qualityRatioValue;
  return Number.isFinite(value) ? value : undefined;
}

/** Utilization efficiency = APT / AUBT. */
export function utilizationEfficiency(apt: number, aubt: number): number | undefined {
  return ratio(apt, aubt);
}

/** Setup rate = AUST / AUPT (ISO writes the setup time as ASUT). */
export function setupRate(aust: number, aupt: number): number | undefined {
  return ratio(aust, aupt);
}

/** Scrap ratio = SQ / PQ. */
export function scrapRatio(sq: number, pq: number): number | undefined {
  return ratio(sq, pq);
}

/** Rework ratio = RQ / PQ. */
export function reworkRatio(rq: number, pq: number): number | undefined {
  return ratio(rq, pq);
}

/**
 * Data coverage = 1 − unknown / PBT: the share of planned busy time backed by usable data
 * (`rongtong.v1.Kpi.data_coverage`), clamped to [0, 1] (unknown time lies inside PBT, so the
 * clamp only absorbs rounding); `undefined` when PBT is 0.
 */
export function dataCoverage(unknown: number, pbt: number): number | undefined {
  const unknownShare = ratio(unknown, pbt);
  return unknownShare === undefined ? undefined : Math.min(1, Math.max(0, 1 - unknownShare));
}

/**
 * Throughput rate = PQ / AUBT, in units per millisecond (use {@link perHour} for units/h).
 *
 * Note: ISO 22400-2:2014 defines throughput rate over the actual order execution time,
 * PQ / AOET, an order-level time (AOET = APT + AUST + ADET + ADOT by OPC 40501-1 §19.3).
 * Rongtong measures machines, not orders, so it divides by the actual unit busy time
 * AUBT = APT + AUST + ADET (processing, setup and delays while busy): the machine-level
 * time closest to AOET that machine states show. `rongtong.v1.Kpi` documents the same.
 */
export function throughputRate(pq: number, aubt: number): number | undefined {
  return ratio(pq, aubt);
}

/** Converts a rate per millisecond to a rate per hour; `undefined` stays `undefined`. */
export function perHour(ratePerMs: number | undefined): number | undefined {
  return ratePerMs === undefined ? undefined : ratePerMs * MS_PER_HOUR;
}

/** Produced quantities of one equipment and period. */
export interface KpiCounts {
  /** Produced quantity. */
  readonly pq: number;
  /** Good quantity. */
  readonly gq: number;
  /** Scrap quantity. */
  readonly sq: number;
  /** Rework quantity; without it the rework ratio is `undefined`. */
  readonly rq?: number;
}

/** The KPIs of one equipment and period; `undefined` where a denominator was 0. */
export interface Kpis {
  /** APT / PBT. */
  readonly availability: number | undefined;
  /** PRU · PQ / APT. */
  readonly effectiveness: number | undefined;
  /** GQ / PQ. */
  readonly qualityRatio: number | undefined;
  /** availability × effectiveness × quality ratio. */
  readonly oee: number | undefined;
  /** APT / AUBT. */
  readonly utilizationEfficiency: number | undefined;
  /** AUST / AUPT. */
  readonly setupRate: number | undefined;
  /** SQ / PQ. */
  readonly scrapRatio: number | undefined;
  /** RQ / PQ; `undefined` also when RQ was not given. */
  readonly reworkRatio: number | undefined;
  /** PQ / AUBT in units per ms. */
  readonly throughputRate: number | undefined;
  /** PQ / AUBT in units per hour. */
  readonly throughputRatePerHour: number | undefined;
}

/**
 * Computes every KPI from the time elements, counts and the planned run time per unit
 * (`pru`, ms/unit; pass `undefined` when unknown — effectiveness and OEE are then `undefined`).
 */
export function computeKpis(
  elements: Pick<TimeElements, 'apt' | 'aust' | 'aupt' | 'aubt' | 'pbt'>,
  counts: KpiCounts,
  pru: number | undefined,
): Kpis {
  const a = availability(elements.apt, elements.pbt);
  const e = pru === undefined ? undefined : effectiveness(pru, counts.pq, elements.apt);
  const q = qualityRatio(counts.gq, counts.pq);
  const rate = throughputRate(counts.pq, elements.aubt);
  return {
    availability: a,
    effectiveness: e,
    qualityRatio: q,
    oee: oee(a, e, q),
    utilizationEfficiency: utilizationEfficiency(elements.apt, elements.aubt),
    setupRate: setupRate(elements.aust, elements.aupt),
    scrapRatio: scrapRatio(counts.sq, counts.pq),
    reworkRatio: counts.rq === undefined ? undefined : reworkRatio(counts.rq, counts.pq),
    throughputRate: rate,
    throughputRatePerHour: perHour(rate),
  };
}
