import { z } from 'zod';
import { WHEN_FIELDS_VALID, checkEndAfterStart } from './checks.js';
import { TimestampSchema } from './timestamp.js';

/** A local time of day "HH:MM" (00:00–24:00). */
const LocalTimeSchema = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'must be a local time "HH:MM" (00:00–24:00)' })
  .describe('local time of day HH:MM');

/**
 * One shift on a local day: `[start, end)` local time. An `end` at or before `start`
 * crosses midnight and ends on the next day (22:00–06:00).
 */
export const ShiftSchema = z
  .object({
    /** Display name, e.g. "早班". Absent: none. */
    name: z.string().optional(),
    /** Local start time "HH:MM". */
    start: LocalTimeSchema,
    /** Local end time "HH:MM"; at or before `start`: the next day. */
    end: LocalTimeSchema,
  })
  .describe('a shift [start, end) in local time');

/** A shift of the weekly pattern: a {@link ShiftSchema} on one ISO weekday (1 = Monday … 7 = Sunday). */
export const WeeklyShiftSchema = ShiftSchema.extend({
  /** ISO weekday the shift starts on: 1 = Monday … 7 = Sunday. */
  weekday: z.int({ error: 'must be an integer 1–7' }).min(1, { error: 'must be 1–7 (1 = Monday)' }).max(7, { error: 'must be 1–7 (7 = Sunday)' }),
});

/** A dated exception: the shifts of one local date replace the weekly ones (none = holiday). */
export const CalendarExceptionSchema = z
  .object({
    /** Local date "YYYY-MM-DD". */
    date: z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, { error: 'must be a date "YYYY-MM-DD"' }),
    /** The shifts starting on that date; empty: a holiday (no shift). */
    shifts: z.array(ShiftSchema),
  })
  .describe('shifts of one local date, replacing the weekly pattern');

/** A planned outage `[startTime, endTime)` (maintenance): not planned busy time. */
export const PlannedOutageSchema = z
  .object({
    /** Inclusive start, ms since the epoch. */
    startTime: TimestampSchema,
    /** Exclusive end, ms since the epoch; after `startTime`. */
    endTime: TimestampSchema,
    /** Why, e.g. "annual maintenance". Absent: none. */
    reason: z.string().optional(),
  })
  .superRefine((outage, ctx) => checkEndAfterStart(outage, ctx), WHEN_FIELDS_VALID)
  .describe('planned outage [startTime, endTime)');

/**
 * ShiftCalendar: an enterprise's (or equipment's) planned working time — weekly shifts in
 * local time at a fixed UTC offset (China has no daylight saving time: +08:00 = 480), dated
 * exceptions (holidays, 调休 working days) and planned outages. Planned busy time (ISO 22400
 * PBT) of a period is the time its shifts cover minus planned outages
 * (see `plannedBusyTime`).
 */
export const ShiftCalendarSchema = z
  .object({
    /** Local time − UTC in minutes, e.g. 480 for China Standard Time; fixed (no DST). */
    utcOffsetMinutes: z.int({ error: 'must be an integer number of minutes' }).min(-1080).max(1080).default(480),
    /** The weekly pattern. */
    shifts: z.array(WeeklyShiftSchema),
    /** Dated exceptions; at most one per date. */
    exceptions: z.array(CalendarExceptionSchema).default([]),
    /** Planned outages, removed from planned busy time. */
    plannedOutages: z.array(PlannedOutageSchema).default([]),
  })
  .superRefine((calendar, ctx) => {
    const seen = new Set<string>();
    calendar.exceptions.forEach((exception, i) => {
      if (seen.has(exception.date)) {
        ctx.addIssue({ code: 'custom', path: ['exceptions', i, 'date'], message: `duplicate exception for ${exception.date}`, input: exception.date });
      }
      seen.add(exception.date);
    });
  }, WHEN_FIELDS_VALID)
  .describe('weekly shifts, dated exceptions and planned outages');

/** A shift calendar (see {@link ShiftCalendarSchema}). */
export type ShiftCalendar = z.output<typeof ShiftCalendarSchema>;
/** A shift (see {@link ShiftSchema}). */
export type Shift = z.infer<typeof ShiftSchema>;
