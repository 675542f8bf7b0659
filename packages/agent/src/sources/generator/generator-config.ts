import { DataQualitySchema, SignalIdSchema } from '@rongtong/core';
import { z } from 'zod';
import { sourceConfigFields } from '../source-config.js';
import { GeneratorPatternSchema } from './generator-pattern.js';

const rate = z
  .number({ error: 'must be a number of samples per second' })
  .positive({ error: 'must be positive (samples per second)' })
  .max(1_000_000, { error: 'must be at most 1000000 samples per second' });

/** A time: ms since the epoch, or RFC 3339 text such as `2025-01-01T00:00:00Z`. */
const TimeSchema = z
  .union([z.int().min(0), z.iso.datetime({ offset: true, error: 'must be RFC 3339 text such as 2025-01-01T00:00:00Z (or +08:00)' })], {
    error: 'must be a time: RFC 3339 text such as 2025-01-01T00:00:00Z, or ms since the Unix epoch',
  })
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)))
  .describe('time: RFC 3339 text, or ms since the Unix epoch');

/** One signal the generator produces. */
export const GeneratorSignalSchema = z
  .object({
    id: SignalIdSchema.describe('signal id; a signals[] entry with source = this generator gives it its meaning'),
    pattern: GeneratorPatternSchema,
    rate: rate.optional().describe("samples per second of this signal; default: the source's rate"),
    quality: DataQualitySchema.default('good').describe('quality of every sample'),
  })
  .strict()
  .describe('a generated signal');

/**
 * A `sources[]` entry of kind `generator`: simulated signals for trials, tests and
 * benchmarks. Sample k of a signal has source time `startTime + ⌊k · 1000 / rate⌋` ms and
 * a value that depends only on the pattern, the seed, the signal id and k — so a run is
 * reproducible, and a restarted generator continues where the agent's data ends.
 */
export const GeneratorSourceConfigSchema = z
  .object({
    ...sourceConfigFields,
    kind: z.literal('generator'),
    rate: rate.default(1).describe('samples per second per signal (default 1)'),
    seed: z.int().min(0).max(4_294_967_295).default(1).describe('seed of the random patterns (0 … 2^32 − 1); same seed, same values'),
    count: z.int().positive({ error: 'must be a positive integer' }).optional().describe('stop after this many samples in total (all signals)'),
    clock: z
      .enum(['real', 'simulated'])
      .default('real')
      .describe('real: samples at their time; simulated: as fast as the agent takes them, time jumps ahead'),
    startTime: TimeSchema.optional().describe('time of sample 0 (default: when the source starts); set it for reproducible timestamps'),
    signals: z.array(GeneratorSignalSchema).min(1, { error: 'a generator needs at least one signal' }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.signals.forEach((s, i) => {
      const first = seen.get(s.id);
      if (first === undefined) seen.set(s.id, i);
      else ctx.addIssue({ code: 'custom', path: ['signals', i, 'id'], message: `duplicate signal id "${s.id}" (also at index ${first})`, input: s.id });
    });
  })
  .describe('generator: simulated signals with patterns (constant, sine, random-walk, counter, state-cycle, sequence)');

/** A parsed generator source config (see {@link GeneratorSourceConfigSchema}). */
export type GeneratorSourceConfig = z.infer<typeof GeneratorSourceConfigSchema>;
/** A generator source config as written (see {@link GeneratorSourceConfigSchema}). */
export type GeneratorSourceConfigInput = z.input<typeof GeneratorSourceConfigSchema>;
