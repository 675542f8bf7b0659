import {
  MACHINERY_ANNEX_C2_STATE_MAPPING,
  MACHINERY_STATE_MAPPING,
  PACKML_STATE_MAPPING,
  ShiftCalendarSchema,
  fromZodError,
  type ShiftCalendar,
  type StateMapping,
} from '@rongtong/core';
import { z } from 'zod';

/** How state time is booked to ISO 22400 buckets on the platform (see `CapacityOptions.stateMapping`). */
export const STATE_MAPPING_CHOICES = ['as-booked', 'opc-40501-1', 'opc-40001-1', 'packml'] as const;

/** One of {@link STATE_MAPPING_CHOICES}. */
export type StateMappingChoice = (typeof STATE_MAPPING_CHOICES)[number];

const positiveMs = (what: string) =>
  z.int({ error: `must be an integer number of ms` }).min(1, { error: `${what} must be at least 1 ms` });

/**
 * Options of the capacity engine (`createCapacityEngine`). Every field has a default; an
 * invalid value is a RongtongError INVALID_CONFIG naming the field (`parseCapacityOptions`).
 */
export const CapacityOptionsSchema = z
  .object({
    /** Shift calendars by id, looked up by `Equipment.shiftCalendarId`. */
    shiftCalendars: z.record(z.string().min(1), ShiftCalendarSchema).default({}),
    /** Per enterprise id, the calendar id its equipment without (a known) `shiftCalendarId` uses. */
    enterpriseCalendars: z.record(z.string().min(1), z.string().min(1)).default({}),
    /**
     * `as-booked` (default): the bucket the agent booked each interval to with its own mapping
     * (the agent's default is OPC 40501-1 C.2.3). Otherwise the platform remaps each
     * interval's raw state with `opc-40501-1` (C.2.3), `opc-40001-1` (Annex C.2 Table 68) or
     * `packml` (ISA-TR88); the operation mode is not carried by `StateInterval`, so only the
     * state rows of a table apply.
     */
    stateMapping: z.enum(STATE_MAPPING_CHOICES).default('as-booked'),
    /** Local time − UTC in minutes for hour, day and week boundaries (fixed, no DST); default 480 (UTC+8). */
    utcOffsetMinutes: z.int({ error: 'must be an integer number of minutes' }).min(-1080).max(1080).default(480),
    /** How far ahead future records reach, days (1–366); default 28. */
    futureHorizonDays: z.int({ error: 'must be an integer number of days' }).min(1).max(366).default(28),
    /** Percentile of the historical OEE taken as expected OEE, 0–100; default 50 (P50). */
    oeePercentile: z.number({ error: 'must be a number' }).min(0).max(100).default(50),
    /** Completed DAY KPIs (with PBT > 0) whose OEE forms the history; 1–1000, default 20. */
    oeeHistoryPeriods: z.int({ error: 'must be an integer' }).min(1).max(1000).default(20),
    /** Delay after a committed batch before dirty marks are processed, ms; default 200. */
    debounceMs: positiveMs('debounceMs').default(200),
    /** Interval of the periodic refresh of future records, ms; default one hour. */
    futureRefreshMs: positiveMs('futureRefreshMs').default(3_600_000),
  })
  .strict()
  .superRefine((options, ctx) => {
    for (const [enterpriseId, calendarId] of Object.entries(options.enterpriseCalendars)) {
      if (!Object.hasOwn(options.shiftCalendars, calendarId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['enterpriseCalendars', enterpriseId],
          message: `names calendar ${JSON.stringify(calendarId)}, which is not in shiftCalendars`,
          input: calendarId,
        });
      }
    }
  })
  .describe('options of the platform capacity engine');

/** Options of the capacity engine as given (defaults not yet applied). */
export type CapacityOptions = z.input<typeof CapacityOptionsSchema>;

/** Options of the capacity engine with every default applied. */
export type ResolvedCapacityOptions = z.output<typeof CapacityOptionsSchema>;

/** Parses options; throws RongtongError INVALID_CONFIG naming each bad field (`futureHorizonDays`, `shiftCalendars.day.shifts.0.start`). */
export function parseCapacityOptions(options: CapacityOptions = {}): ResolvedCapacityOptions {
  const result = CapacityOptionsSchema.safeParse(options);
  if (!result.success) throw fromZodError(result.error, 'capacity options', 'INVALID_CONFIG');
  return result.data;
}

/** The mapping table of a choice; undefined for `as-booked` (use each interval's bucket). */
export function stateMappingOf(choice: StateMappingChoice): StateMapping | undefined {
  switch (choice) {
    case 'as-booked':
      return undefined;
    case 'opc-40501-1':
      return MACHINERY_STATE_MAPPING;
    case 'opc-40001-1':
      return MACHINERY_ANNEX_C2_STATE_MAPPING;
    case 'packml':
      return PACKML_STATE_MAPPING;
  }
}

/** The calendar of equipment: its own `shiftCalendarId` if configured, else its enterprise's default, else none (24/7). */
export function calendarOf(
  options: ResolvedCapacityOptions,
  enterpriseId: string,
  shiftCalendarId: string | undefined,
): ShiftCalendar | undefined {
  const own = shiftCalendarId === undefined ? undefined : options.shiftCalendars[shiftCalendarId];
  if (own !== undefined) return own;
  const fallback = options.enterpriseCalendars[enterpriseId];
  return fallback === undefined ? undefined : options.shiftCalendars[fallback];
}
