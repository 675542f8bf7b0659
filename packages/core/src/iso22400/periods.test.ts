import { describe, expect, it } from 'vitest';
import { ShiftCalendarSchema } from '../domain/shift-calendar.js';
import { periodContaining, periodsIn } from './periods.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY = Date.UTC(2026, 2, 1, 16); // 2026-03-02 00:00 +08:00

describe('periods', () => {
  it('hour, day and ISO week in China Standard Time', () => {
    const t = MONDAY + 3 * DAY + 13.5 * HOUR; // Thursday 13:30 local
    expect(periodContaining('hour', t)).toEqual({ from: MONDAY + 3 * DAY + 13 * HOUR, to: MONDAY + 3 * DAY + 14 * HOUR });
    expect(periodContaining('day', t)).toEqual({ from: MONDAY + 3 * DAY, to: MONDAY + 4 * DAY });
    expect(periodContaining('week', t)).toEqual({ from: MONDAY, to: MONDAY + 7 * DAY });
    expect(periodContaining('week', MONDAY - 1)).toEqual({ from: MONDAY - 7 * DAY, to: MONDAY });
    expect(() => periodContaining('shift' as 'hour', t)).toThrow(RangeError);
  });

  it('lists days and shifts of a range', () => {
    const calendar = ShiftCalendarSchema.parse({
      shifts: [
        { weekday: 1, start: '08:00', end: '16:00' },
        { weekday: 1, start: '16:00', end: '20:00' },
        { weekday: 1, start: '20:00', end: '04:00' },
      ],
    });
    const range = { from: MONDAY + 12 * HOUR, to: MONDAY + 2 * DAY };
    expect(periodsIn('day', range, calendar)).toEqual([
      { from: MONDAY, to: MONDAY + DAY },
      { from: MONDAY + DAY, to: MONDAY + 2 * DAY },
    ]);
    expect(periodsIn('shift', range, calendar)).toEqual([
      { from: MONDAY + 8 * HOUR, to: MONDAY + 16 * HOUR },
      { from: MONDAY + 16 * HOUR, to: MONDAY + 20 * HOUR },
      { from: MONDAY + 20 * HOUR, to: MONDAY + 28 * HOUR },
    ]);
    expect(periodsIn('hour', { from: MONDAY, to: MONDAY }, calendar)).toEqual([]);
  });
});
