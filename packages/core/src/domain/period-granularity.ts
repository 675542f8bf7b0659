import { z } from 'zod';

/**
 * Length of the periods KPIs, capacity records and commitments are computed for: a clock
 * `hour`, a `shift` of the equipment's shift calendar, a calendar `day`, an ISO 8601
 * `week` (Monday to Monday), aligned in the platform's time zone (default Asia/Shanghai).
 * Values in the order of the proto enum `rongtong.v1.PeriodGranularity` (`PERIOD_GRANULARITY_` + upper case).
 */
export const PERIOD_GRANULARITIES = ['hour', 'shift', 'day', 'week'] as const;

/** Period length (see `PERIOD_GRANULARITIES`). */
export type PeriodGranularity = (typeof PERIOD_GRANULARITIES)[number];

/** zod schema of {@link PeriodGranularity}. */
export const PeriodGranularitySchema = z.enum(PERIOD_GRANULARITIES).describe('period length');
