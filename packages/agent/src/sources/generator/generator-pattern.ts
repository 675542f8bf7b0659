import { z } from 'zod';
import { durationSchema } from '../../config/duration.js';

const finite = (what: string) => z.number({ error: 'must be a finite number' }).describe(what);
const scalar = z.union([z.number(), z.string(), z.boolean()], { error: 'must be a number, a string or a boolean' });

/** A fixed value. */
export const ConstantPatternSchema = z
  .object({
    type: z.literal('constant'),
    value: scalar.describe('the value: number, string or boolean'),
    integer: z.boolean().default(false).describe('emit a number as a 64-bit integer (bigint) rather than a double; it must be an integer'),
  })
  .strict()
  .describe('constant: the same value every time');

/** `offset + amplitude · sin(2π · (t / period + phase))`, t = time since the start. */
export const SinePatternSchema = z
  .object({
    type: z.literal('sine'),
    amplitude: finite('peak deviation from offset'),
    period: durationSchema().describe('length of one full wave: ms, or text such as 10s, 1h'),
    offset: finite('centre value').default(0),
    phase: z.number().min(0).max(1).default(0).describe('phase shift as a fraction of the period, 0–1'),
  })
  .strict()
  .describe('sine: offset + amplitude · sin(2π (t/period + phase))');

/** A seeded random walk: each sample moves by a uniform step in [−step, step], kept within [min, max]. */
export const RandomWalkPatternSchema = z
  .object({
    type: z.literal('random-walk'),
    start: finite('first value').default(0),
    step: z.number().positive({ error: 'must be positive' }).default(1).describe('largest change per sample'),
    min: finite('lower bound (values are clamped)').optional(),
    max: finite('upper bound (values are clamped)').optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.min !== undefined && p.max !== undefined && p.min >= p.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `must be greater than min (${p.min})`, input: p.max });
    } else if ((p.min !== undefined && p.start < p.min) || (p.max !== undefined && p.start > p.max)) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: 'must lie within [min, max]', input: p.start });
    }
  })
  .describe('random-walk: seeded, each step uniform in [-step, step], clamped to [min, max]');

/**
 * A piece counter (bigint values): counts `ratePerSecond` units per second from `start`,
 * returns to 0 every `resetEvery` (a job change) and wraps at `wrapsAt` (a register modulus).
 */
export const CounterPatternSchema = z
  .object({
    type: z.literal('counter'),
    ratePerSecond: z.number().positive({ error: 'must be positive' }).describe('units counted per second, e.g. 0.5 = one part every 2 s'),
    start: z.int().min(0).default(0).describe('value at the start (before the first reset)'),
    wrapsAt: z.int().positive({ error: 'must be a positive integer' }).optional().describe('modulus: values run 0 … wrapsAt − 1, e.g. 65536'),
    resetEvery: durationSchema().optional().describe('the counter returns to 0 at this interval (job change): ms or text such as 1h'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.wrapsAt !== undefined && p.start >= p.wrapsAt) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: `must be below wrapsAt (${p.wrapsAt})`, input: p.start });
    }
  })
  .describe('counter: bigint piece counter with optional reset interval and wrap modulus');

/** Cycles through named states, each held for its duration. */
export const StateCyclePatternSchema = z
  .object({
    type: z.literal('state-cycle'),
    states: z
      .array(
        z
          .object({
            state: z.string().min(1, { error: 'must not be empty' }).describe('raw state value, e.g. a MachineryItemState name: Executing'),
            durationMs: z.number().positive({ error: 'must be a positive number of milliseconds' }).describe('how long the state lasts, ms'),
          })
          .strict(),
      )
      .min(1, { error: 'needs at least one state' }),
  })
  .strict()
  .describe('state-cycle: states held for durationMs each, in a loop');

/** Cycles through a list of values, one per sample. */
export const SequencePatternSchema = z
  .object({
    type: z.literal('sequence'),
    values: z.array(scalar).min(1, { error: 'needs at least one value' }).describe('values, one per sample, repeated from the start'),
    integer: z.boolean().default(false).describe('emit numbers as 64-bit integers (bigint); they must be integers'),
  })
  .strict()
  .describe('sequence: the listed values in a loop');

/** How a generated signal's values evolve, by `type`. */
export const GeneratorPatternSchema = z
  .discriminatedUnion(
    'type',
    [ConstantPatternSchema, SinePatternSchema, RandomWalkPatternSchema, CounterPatternSchema, StateCyclePatternSchema, SequencePatternSchema],
    {
      error: (issue) =>
        issue.code === 'invalid_union' ? 'type must be constant, sine, random-walk, counter, state-cycle or sequence' : undefined,
    },
  )
  .superRefine((p, ctx) => {
    const numbers = p.type === 'constant' ? [p.value] : p.type === 'sequence' ? p.values : [];
    const integer = (p.type === 'constant' || p.type === 'sequence') && p.integer;
    numbers.forEach((v, i) => {
      if (integer && (typeof v !== 'number' || !Number.isSafeInteger(v))) {
        const path = p.type === 'constant' ? ['value'] : ['values', i];
        ctx.addIssue({ code: 'custom', path, message: 'must be a safe integer (integer: true)', input: v });
      }
    });
  })
  .describe('value pattern: constant, sine, random-walk, counter, state-cycle or sequence');

/** A parsed pattern (see {@link GeneratorPatternSchema}). */
export type GeneratorPattern = z.infer<typeof GeneratorPatternSchema>;
