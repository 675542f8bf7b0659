// Test-only fixtures (excluded from the build and the published package): weekly periods
// from a fixed Monday, for schedules, allocations and measured-capacity bases.

/** One week in milliseconds. */
export const WEEK = 7 * 86_400_000;

/** Monday 2025-03-03T00:00:00+08:00 in Unix milliseconds. */
export const MONDAY = 1_740_931_200_000;

/** Week `i` after MONDAY (a half-open period) with `value` `unit` in it. */
export const week = (i: number, value: number, unit = ''): { startTime: number; endTime: number; quantity: { value: number; unit: string } } => ({
  startTime: MONDAY + i * WEEK,
  endTime: MONDAY + (i + 1) * WEEK,
  quantity: { value, unit },
});
