import type { PeriodGranularity } from '../domain/period-granularity.js';
import { shiftInstances, type ShiftCalendarInput } from './planned-busy-time.js';
import type { Period } from './time-elements.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The hour, day or week (ISO week, starting Monday 00:00 local) containing `t`, in local
 * time at a fixed UTC offset (480 = China Standard Time; no DST). Shifts come from a
 * calendar: see {@link periodsIn}.
 *
 * @throws RangeError on a non-finite `t` or for `shift` (use {@link periodsIn}).
 */
export function periodContaining(granularity: Exclude<PeriodGranularity, 'shift'>, t: number, utcOffsetMinutes = 480): Period {
  if (!Number.isFinite(t)) throw new RangeError(`t must be a finite timestamp, got ${t}`);
  const offset = utcOffsetMinutes * 60_000;
  const local = t + offset;
  let start: number;
  let length: number;
  if (granularity === 'hour') {
    start = Math.floor(local / HOUR) * HOUR;
    length = HOUR;
  } else if (granularity === 'day') {
    start = Math.floor(local / DAY) * DAY;
    length = DAY;
  } else if (granularity === 'week') {
    const day = Math.floor(local / DAY);
    const mondayBased = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    start = (day - mondayBased) * DAY;
    length = 7 * DAY;
  } else {
    throw new RangeError(`periodContaining does not handle granularity ${String(granularity)}; use periodsIn with a calendar`);
  }
  return { from: start - offset, to: start - offset + length };
}

/**
 * The periods of one granularity that overlap `range`, in time order. Hours, days and
 * weeks are whole local periods (the first and last may reach outside `range`); shifts
 * are the calendar's shift instances (`shiftInstances`: whole shifts, outages included —
 * their PBT comes from `plannedBusyTime`), so adjacent shifts stay separate periods.
 */
export function periodsIn(granularity: PeriodGranularity, range: Period, calendar: ShiftCalendarInput): Period[] {
  if (granularity === 'shift') return shiftInstances(calendar, range).map((s) => ({ from: s.start, to: s.end }));
  const out: Period[] = [];
  if (!(range.to > range.from)) return out;
  let p = periodContaining(granularity, range.from, calendar.utcOffsetMinutes);
  while (p.from < range.to) {
    out.push(p);
    p = periodContaining(granularity, p.to, calendar.utcOffsetMinutes);
  }
  return out;
}
