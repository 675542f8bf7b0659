import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Text durations: one or more `<number><unit>` parts, units ms, s, m, h, d, w — `500ms`, `30s`, `1h30m`, `7d`. */
export const DURATION_TEXT = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Milliseconds of a text duration (`"1h30m"` → 5400000), or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_TEXT.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return total;
}

const TEXT_ERROR = (issue: { input?: unknown }) =>
  `must be a duration such as 500ms, 30s, 15m, 1h30m or 7d (units ms, s, m, h, d, w), not ${JSON.stringify(issue.input)}`;

/** Options of {@link durationSchema}. */
export interface DurationSchemaOptions {
  /** Smallest allowed value, ms. Default 0. */
  readonly min?: number;
  /** Zero allowed? Default false: durations must be positive. */
  readonly allowZero?: boolean;
}

/**
 * A config duration: a number of milliseconds, or text such as `500ms`, `30s`, `15m`,
 * `1h30m`, `7d`. Parses to milliseconds. Errors say what is accepted.
 */
export function durationSchema(options: DurationSchemaOptions = {}) {
  const min = options.min ?? 0;
  const allowZero = options.allowZero ?? false;
  return z
    .union([z.number(), z.string().regex(DURATION_TEXT, { error: TEXT_ERROR })], {
      error: 'must be a duration: a number of milliseconds or text such as 30s, 15m, 7d',
    })
    .transform((value, ctx) => {
      const ms = typeof value === 'number' ? value : (parseDuration(value) ?? Number.NaN);
      if (!Number.isFinite(ms) || ms < 0 || (ms === 0 && !allowZero) || ms < min) {
        const bound = min > 0 ? `at least ${min} ms` : allowZero ? 'zero or more' : 'positive';
        ctx.addIssue({ code: 'custom', message: `must be ${bound} (a number of milliseconds or text such as 30s, 7d)`, input: value });
        return z.NEVER;
      }
      return ms;
    })
    .describe('duration: milliseconds, or text such as 500ms, 30s, 15m, 1h30m, 7d');
}
