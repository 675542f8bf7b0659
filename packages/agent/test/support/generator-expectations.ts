import { GeneratorSourceConfigSchema, type GeneratorSourceConfigInput } from '../../src/sources/generator/generator-config.js';
import { createPatternValues } from '../../src/sources/generator/pattern-values.js';
import { sampleTime } from '../../src/sources/generator/schedule.js';
import type { SampleValue } from '../../src/sources/sample.js';

/** A sample as a generator makes it: source time (ms) and value. */
export interface GeneratedSample {
  readonly signalId: string;
  readonly sourceTime: number;
  readonly value: SampleValue;
}

/**
 * What a generator source config produces, computed from the config alone (its documented
 * schedule: sample k of a signal at `startTime + ⌊k · 1000 / rate⌋`, value from the pattern).
 * The config must set `startTime`.
 */
export interface GeneratorExpectation {
  readonly startTime: number;
  /** Ids of the generated signals, in config order. */
  readonly signalIds: readonly string[];
  /** Samples 0 … n − 1 of one signal. */
  samplesOf(signalId: string, n: number): GeneratedSample[];
  /**
   * The first `count` samples in the order the generator emits them: by source time, and
   * samples due at the same time in config order.
   */
  emitted(count: number): GeneratedSample[];
}

/** The expectation of a generator config (see {@link GeneratorExpectation}). */
export function expectGenerator(input: GeneratorSourceConfigInput): GeneratorExpectation {
  const config = GeneratorSourceConfigSchema.parse(input);
  const startTime = config.startTime;
  if (startTime === undefined) throw new Error('the generator config must set startTime to predict its samples');
  const signals = config.signals.map((s) => ({ id: s.id, rate: s.rate ?? config.rate, pattern: s.pattern }));
  const sample = (s: (typeof signals)[number], values: ReturnType<typeof createPatternValues>, k: number): GeneratedSample => {
    const sourceTime = sampleTime(startTime, s.rate, k);
    return { signalId: s.id, sourceTime, value: values(k, sourceTime - startTime) };
  };
  const valuesOf = (s: (typeof signals)[number]) => createPatternValues(s.pattern, { seed: config.seed, signalId: s.id });
  return {
    startTime,
    signalIds: signals.map((s) => s.id),
    samplesOf(signalId, n) {
      const s = signals.find((x) => x.id === signalId);
      if (s === undefined) throw new Error(`the generator has no signal "${signalId}"`);
      const values = valuesOf(s);
      return Array.from({ length: n }, (_, k) => sample(s, values, k));
    },
    emitted(count) {
      const cursors = signals.map((s) => ({ s, values: valuesOf(s), k: 0 }));
      const out: GeneratedSample[] = [];
      while (out.length < count) {
        const next = Math.min(...cursors.map((c) => sampleTime(startTime, c.s.rate, c.k)));
        for (const c of cursors) {
          if (out.length >= count || sampleTime(startTime, c.s.rate, c.k) !== next) continue;
          out.push(sample(c.s, c.values, c.k));
          c.k += 1;
        }
      }
      return out;
    },
  };
}
