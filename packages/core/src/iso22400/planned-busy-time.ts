import type { Shift, ShiftCalendar } from '../domain/shift-calendar.js';
import type { Period } from './time-elements.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** A span `[start, end)` in ms since the epoch. */
export interface Span {
  /** Inclusive start. */
  readonly start: number;
  /** Exclusive end. */
  readonly end: number;
}

/** The calendar fields {@link plannedBusySpans} reads (a parsed `ShiftCalendar` fits). */
export type ShiftCalendarInput = Pick<ShiftCalendar, 'utcOffsetMinutes' | 'shifts'> &
  Partial<Pick<ShiftCalendar, 'exceptions' | 'plannedOutages'>>;

function minutes(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** Sorts and merges overlapping or touching spans. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else merged.push({ start: s.start, end: s.end });
  }
  return merged;
}

/** `a` minus `b`; both merged (sorted, disjoint). */
function subtract(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of a) {
    let start = s.start;
    for (const cut of b) {
      if (cut.end <= start || cut.start >= s.end) continue;
      if (cut.start > start) out.push({ start, end: cut.start });
      start = Math.max(start, cut.end);
    }
    if (start < s.end) out.push({ start, end: s.end });
  }
  return out;
}

/** Total length of merged spans clipped to `[from, to)`. */
export function spanLength(spans: readonly Span[], period: Period): number {
  let sum = 0;
  for (const s of spans) sum += Math.max(0, Math.min(s.end, period.to) - Math.max(s.start, period.from));
  return sum;
}

function checkPeriod(period: Period): void {
  if (!Number.isFinite(period.from) || !Number.isFinite(period.to) || period.to < period.from) {
    throw new RangeError(`period must have finite bounds with to >= from, got [${period.from}, ${period.to})`);
  }
}

/**
 * The shift instances that overlap `[from, to)`, unmerged and unclipped, in time order:
 * the shifts of every local day that can reach the period (weekly pattern, replaced by the
 * date's exception when there is one; a shift whose end is at or before its start runs
 * into the next day). Local days use the calendar's fixed UTC offset (no DST). Planned
 * outages are not removed. Pure.
 *
 * @throws RangeError if the period bounds are not finite or `to < from`.
 */
export function shiftInstances(calendar: ShiftCalendarInput, period: Period): Span[] {
  checkPeriod(period);
  const { from, to } = period;
  const offset = calendar.utcOffsetMinutes * MS_PER_MINUTE;
  const exceptions = new Map((calendar.exceptions ?? []).map((e) => [e.date, e.shifts] as const));
  const spans: Span[] = [];
  // A shift starts on its local day and lasts at most 24 h, so the day before `from` can reach in.
  const firstDay = Math.floor((from + offset) / MS_PER_DAY) - 1;
  const lastDay = Math.floor((to + offset) / MS_PER_DAY);
  for (let day = firstDay; day <= lastDay; day += 1) {
    const dayStartUtc = day * MS_PER_DAY - offset;
    const date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    const isoWeekday = ((new Date(day * MS_PER_DAY).getUTCDay() + 6) % 7) + 1;
    const shifts: readonly Shift[] = exceptions.get(date) ?? calendar.shifts.filter((s) => s.weekday === isoWeekday);
    for (const shift of shifts) {
      const start = minutes(shift.start);
      let end = minutes(shift.end);
      if (end <= start) end += 24 * 60;
      const span = { start: dayStartUtc + start * MS_PER_MINUTE, end: dayStartUtc + end * MS_PER_MINUTE };
      if (span.end > from && span.start < to) spans.push(span);
    }
  }
  return spans.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The planned busy spans of `[from, to)`: the {@link shiftInstances} merged, minus planned
 * outages, clipped to the period. Pure.
 *
 * @throws RangeError if the period bounds are not finite or `to < from`.
 */
export function plannedBusySpans(calendar: ShiftCalendarInput, period: Period): Span[] {
  const { from, to } = period;
  const spans = shiftInstances(calendar, period);
  const outages = mergeSpans((calendar.plannedOutages ?? []).map((o) => ({ start: o.startTime, end: o.endTime })));
  const busy = subtract(mergeSpans(spans), outages);
  return busy
    .map((s) => ({ start: Math.max(s.start, from), end: Math.min(s.end, to) }))
    .filter((s) => s.end > s.start);
}

/** Planned busy time (ISO 22400 PBT) of `[from, to)` in ms from a shift calendar (see {@link plannedBusySpans}). */
export function plannedBusyTime(calendar: ShiftCalendarInput, period: Period): number {
  return spanLength(plannedBusySpans(calendar, period), period);
}

/** Planned-outage time of the calendar inside `[from, to)` and inside its shifts, ms. */
export function plannedOutageTime(calendar: ShiftCalendarInput, period: Period): number {
  const withoutOutages = plannedBusyTime({ ...calendar, plannedOutages: [] }, period);
  return withoutOutages - plannedBusyTime(calendar, period);
}
