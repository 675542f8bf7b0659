import { z } from 'zod';
import { WHEN_FIELDS_VALID, checkEndAfterStart, nearlyEqual } from './checks.js';
import { DurationSchema, PositiveDurationSchema } from './duration.js';
import { LocalIdSchema, NonBlankTextSchema, ResourceIdSchema } from './identifier.js';
import { PeriodGranularitySchema } from './period-granularity.js';
import { UnitSchema } from './quantity.js';
import { TimestampSchema } from './timestamp.js';

/** A quantity of units: finite, ≥ 0. */
const amount = z.number({ error: 'must be a finite number' }).min(0, { error: 'must not be negative' });

/** A ratio that is a fraction: in [0, 1]. Absent when its denominator is 0 or an input is missing. */
const fraction = z
  .number({ error: 'must be a finite number' })
  .min(0, { error: 'must be in [0, 1]' })
  .max(1, { error: 'must be in [0, 1]' })
  .optional();

/** A ratio that can exceed 1 (effectiveness, OEE) or a rate: finite, ≥ 0. Absent when unknown. */
const nonNegativeRatio = z
  .number({ error: 'must be a finite number' })
  .min(0, { error: 'must not be negative' })
  .optional();

/** The aggregation levels a KPI has: one piece of `equipment` or the whole `enterprise`. */
export const KPI_LEVELS = ['enterprise', 'equipment'] as const;

/** The ratio fields of a `Kpi`: absent when unknown (denominator 0 or input missing), `optional double` on the wire. */
export const KPI_RATIO_NAMES = [
  'availability',
  'effectiveness',
  'qualityRatio',
  'oee',
  'utilizationEfficiency',
  'setupRate',
  'scrapRatio',
  'reworkRatio',
  'throughputRate',
  'dataCoverage',
] as const;

/** One of {@link KPI_RATIO_NAMES}. */
export type KpiRatioName = (typeof KPI_RATIO_NAMES)[number];

/**
 * Kpi: the ISO 22400-2 time elements, quantities and ratios of one piece of equipment (or
 * the sum over an enterprise) in one period. Mirrors `rongtong.v1.Kpi`. Durations are in
 * ms; ratios are fractions (0.85 = 85 %) and absent when their denominator is 0 or an
 * input is missing, so "unknown" is never shown as 0.
 *
 * Rules: `endTime` after `startTime`; `equipmentId` present exactly for `equipment`
 * KPIs; AUBT = APT + AUST + ADET.
 */
export const KpiSchema = z
  .object({
    /** Id of the enterprise. Set by the platform; absent in KPIs an agent sends. */
    enterpriseId: ResourceIdSchema.optional(),
    /** Aggregation level: `equipment` for one machine, `enterprise` for the sum over its equipment. */
    level: z.enum(KPI_LEVELS),
    /** Id of the equipment for `equipment` KPIs; absent for `enterprise`. */
    equipmentId: LocalIdSchema.optional(),
    /** The product the KPI is restricted to. Absent: all products. */
    productId: NonBlankTextSchema.optional(),
    /** Inclusive start of the period, ms since the epoch. */
    startTime: TimestampSchema,
    /** Exclusive end of the period, ms since the epoch; after `startTime`. */
    endTime: TimestampSchema,
    /** Length of the period. */
    granularity: PeriodGranularitySchema,
    /** Planned operation time (POT), ms. */
    plannedOperationTime: DurationSchema,
    /** Planned busy time (PBT) = POT − PDOT, ms. */
    plannedBusyTime: DurationSchema,
    /** Actual production time (APT), ms. */
    actualProductionTime: DurationSchema,
    /** Actual unit setup time (AUST), ms. */
    actualUnitSetupTime: DurationSchema,
    /** Actual unit delay time (ADET), ms. */
    actualUnitDelayTime: DurationSchema,
    /** Actual unit down time (ADOT), ms. */
    actualUnitDownTime: DurationSchema,
    /** Planned down time (PDOT), ms. */
    plannedDownTime: DurationSchema,
    /** Idle time: inside PBT, available, no order, ms. */
    idleTime: DurationSchema,
    /** Time without usable data, inside PBT, ms. */
    unknownTime: DurationSchema,
    /** Actual unit busy time (AUBT) = APT + AUST + ADET, ms. */
    actualUnitBusyTime: DurationSchema,
    /** Produced quantity (PQ), ≥ 0. */
    producedQuantity: amount,
    /** Good quantity (GQ), ≥ 0. */
    goodQuantity: amount,
    /** Scrap quantity (SQ), ≥ 0. */
    scrapQuantity: amount,
    /** Rework quantity (RQ), ≥ 0. */
    reworkQuantity: amount,
    /** Unit of the four quantities (UCUM; "" = pieces). */
    unit: UnitSchema,
    /** Ideal unit time (PRU) in ms, positive; the quantity-weighted mean over products. Absent: unknown. */
    idealUnitTime: PositiveDurationSchema.optional(),
    /** Availability = APT / PBT, in [0, 1]. */
    availability: fraction,
    /** Effectiveness = PRU × PQ / APT, ≥ 0 (above 1 means the ideal unit time is set too long). */
    effectiveness: nonNegativeRatio,
    /** Quality ratio = GQ / PQ, in [0, 1]. */
    qualityRatio: fraction,
    /** Overall equipment effectiveness = availability × effectiveness × quality ratio, ≥ 0. */
    oee: nonNegativeRatio,
    /** Utilization efficiency = APT / AUBT, in [0, 1]. */
    utilizationEfficiency: fraction,
    /** Setup rate = AUST / (APT + AUST), in [0, 1]. */
    setupRate: fraction,
    /** Scrap ratio = SQ / PQ, in [0, 1]. */
    scrapRatio: fraction,
    /** Rework ratio = RQ / PQ, in [0, 1]. */
    reworkRatio: fraction,
    /** Throughput rate = PQ / AUBT, units per hour, ≥ 0. */
    throughputRate: nonNegativeRatio,
    /** Data coverage = 1 − unknown time / PBT, in [0, 1]. */
    dataCoverage: fraction,
    /** Id of the agent that computed the KPI. Absent: computed by the platform. */
    agentId: ResourceIdSchema.optional(),
    /** When the KPI was computed, ms since the epoch. */
    computeTime: TimestampSchema,
  })
  .superRefine((kpi, ctx) => {
    checkEndAfterStart(kpi, ctx);
    if (kpi.level === 'equipment' && kpi.equipmentId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['equipmentId'], message: 'equipmentId is required for an equipment KPI', input: undefined });
    }
    if (kpi.level === 'enterprise' && kpi.equipmentId !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['equipmentId'],
        message: 'equipmentId must be absent for an enterprise KPI',
        input: kpi.equipmentId,
      });
    }
    const busy = kpi.actualProductionTime + kpi.actualUnitSetupTime + kpi.actualUnitDelayTime;
    if (!nearlyEqual(kpi.actualUnitBusyTime, busy)) {
      ctx.addIssue({
        code: 'custom',
        path: ['actualUnitBusyTime'],
        message: `actualUnitBusyTime (${kpi.actualUnitBusyTime}) must equal APT + AUST + ADET (${busy})`,
        input: kpi.actualUnitBusyTime,
      });
    }
  }, WHEN_FIELDS_VALID)
  .describe('ISO 22400-2 time elements, quantities and KPIs of equipment or an enterprise in one period');

/** ISO 22400-2 KPIs of equipment or an enterprise in one period (see {@link KpiSchema}). */
export type Kpi = z.infer<typeof KpiSchema>;
