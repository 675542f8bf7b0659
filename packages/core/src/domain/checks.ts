import type { z } from 'zod';

/**
 * Shared refinement helpers of the domain schemas. Each adds issues with a path relative
 * to the object being refined, so callers see e.g. `['endTime']` or
 * `['signals', 2, 'id']`.
 */

/** Adds an issue at `endTime` when `endTime <= startTime` (both ms since the epoch). */
export function checkEndAfterStart(
  value: { readonly startTime?: number | undefined; readonly endTime?: number | undefined },
  ctx: z.RefinementCtx,
  path: readonly PropertyKey[] = [],
): void {
  const { startTime, endTime } = value;
  if (startTime !== undefined && endTime !== undefined && endTime <= startTime) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'endTime'],
      message: `endTime (${endTime}) must be after startTime (${startTime})`,
      input: endTime,
    });
  }
}

/**
 * Adds an issue at `[...path, i, ...keyPath]` for every element `i` whose key repeats the
 * key of an earlier element. `what` names the key in the message, e.g. `signal id`.
 */
export function checkUnique<T>(
  items: readonly T[],
  key: (item: T) => string,
  ctx: z.RefinementCtx,
  path: readonly PropertyKey[],
  keyPath: readonly PropertyKey[],
  what: string,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) {
      seen.set(k, i);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [...path, i, ...keyPath],
      message: `duplicate ${what} ${JSON.stringify(k)} (also at index ${first})`,
      input: k,
    });
  });
}

/**
 * Adds an issue at `[...path, i, 'startTime']` for every period that starts before the
 * previous one ends: periods must be in time order and must not overlap.
 */
export function checkOrderedPeriods(
  periods: readonly { readonly startTime: number; readonly endTime: number }[],
  ctx: z.RefinementCtx,
  path: readonly PropertyKey[],
): void {
  for (let i = 1; i < periods.length; i += 1) {
    const previous = periods[i - 1];
    const current = periods[i];
    if (previous !== undefined && current !== undefined && current.startTime < previous.endTime) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'startTime'],
        message: `periods must be in time order and not overlap: starts at ${current.startTime}, before the previous period ends (${previous.endTime})`,
        input: current.startTime,
      });
    }
  }
}

/** True when `a` and `b` are equal within a relative tolerance of 1e-9 (absolute near 0). */
export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Options for object-level `superRefine`s: run the cross-field rules only once every field
 * is valid on its own, so one bad field yields one issue, not a cascade (e.g. a negative
 * component would otherwise also break the confidence product rule).
 */
export const WHEN_FIELDS_VALID: z.core.$ZodSuperRefineParams = {
  when: (payload) => payload.issues.length === 0,
};
