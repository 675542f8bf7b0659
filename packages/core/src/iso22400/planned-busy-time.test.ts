import { describe, expect, it } from 'vitest';
import { ShiftCalendarSchema } from '../domain/shift-calendar.js';
import { plannedBusySpans, plannedBusyTime, plannedOutageTime } from './planned-busy-time.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2026-03-02 00:00 China Standard Time (+08:00). */
const MONDAY = Date.UTC(2026, 2, 1, 16);
const local = (day: number, hour: number): number => MONDAY + day * DAY + hour * HOUR;

const weekdays = [1, 2, 3, 4, 5];
const calendar = ShiftCalendarSchema.parse({
  shifts: [
    ...weekdays.map((weekday) => ({ weekday, name: '早班', start: '08:00', end: '16:00' })),
    ...weekdays.map((weekday) => ({ weekday, name: '中班', start: '16:00', end: '24:00' })),
    { weekday: 6, start: '08:00', end: '12:00' },
  ],
  exceptions: [{ date: '2026-03-06', shifts: [{ start: '08:00', end: '12:00' }] }],
  plannedOutages: [{ startTime: local(1, 10), endTime: local(1, 12), reason: 'maintenance' }],
});

describe('plannedBusyTime', () => {
  it('defaults the UTC offset to +08:00 and sums a week by hand: 16+14+16+16+4+4 h', () => {
    expect(calendar.utcOffsetMinutes).toBe(480);
    expect(plannedBusyTime(calendar, { from: MONDAY, to: MONDAY + 7 * DAY })).toBe(70 * HOUR);
    expect(plannedOutageTime(calendar, { from: MONDAY, to: MONDAY + 7 * DAY })).toBe(2 * HOUR);
  });

  it('clips to the period: an hour, a shift, a day', () => {
    expect(plannedBusyTime(calendar, { from: local(0, 7), to: local(0, 8) })).toBe(0);
    expect(plannedBusyTime(calendar, { from: local(0, 7.5), to: local(0, 8.5) })).toBe(HOUR / 2);
    expect(plannedBusyTime(calendar, { from: local(1, 8), to: local(1, 16) })).toBe(6 * HOUR);
    expect(plannedBusyTime(calendar, { from: local(6, 0), to: local(7, 0) })).toBe(0);
    expect(plannedBusySpans(calendar, { from: local(1, 0), to: local(2, 0) })).toEqual([
      { start: local(1, 8), end: local(1, 10) },
      { start: local(1, 12), end: local(2, 0) },
    ]);
  });

  it('a night shift crossing midnight belongs to the day it starts on; a holiday exception removes it', () => {
    const night = ShiftCalendarSchema.parse({ shifts: [{ weekday: 7, start: '22:00', end: '06:00' }] });
    // Sunday 2026-03-01 22:00 → Monday 06:00: 6 h fall on Monday.
    expect(plannedBusyTime(night, { from: local(0, 0), to: local(1, 0) })).toBe(6 * HOUR);
    const holiday = ShiftCalendarSchema.parse({
      shifts: [{ weekday: 7, start: '22:00', end: '06:00' }],
      exceptions: [{ date: '2026-03-01', shifts: [] }],
    });
    expect(plannedBusyTime(holiday, { from: local(0, 0), to: local(1, 0) })).toBe(0);
  });

  it('honours another UTC offset and rejects bad periods and calendars', () => {
    const utc = ShiftCalendarSchema.parse({ utcOffsetMinutes: 0, shifts: [{ weekday: 1, start: '00:00', end: '01:00' }] });
    expect(plannedBusySpans(utc, { from: Date.UTC(2026, 2, 2), to: Date.UTC(2026, 2, 3) })).toEqual([
      { start: Date.UTC(2026, 2, 2), end: Date.UTC(2026, 2, 2, 1) },
    ]);
    expect(() => plannedBusyTime(calendar, { from: 10, to: 5 })).toThrow(RangeError);
    const bad = ShiftCalendarSchema.safeParse({ shifts: [{ weekday: 8, start: '25:00', end: '06:00' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['shifts.0.start', 'shifts.0.weekday']);
  });
});
