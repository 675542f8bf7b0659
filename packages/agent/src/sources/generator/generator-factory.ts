import type { SourceFactory } from '../source-factory.js';
import { GeneratorSourceConfigSchema, type GeneratorSourceConfig } from './generator-config.js';
import { createGeneratorSource } from './generator-source.js';

/** The built-in `generator` source kind: simulated signals, named by the source config itself. */
export const generatorSourceFactory: SourceFactory<GeneratorSourceConfig> = {
  kind: 'generator',
  description: 'simulated signals (constant, sine, random-walk, counter, state-cycle, sequence) for trials, tests and benchmarks',
  configSchema: GeneratorSourceConfigSchema,
  ownSignals: (config) => config.signals.map((s, i) => ({ id: s.id, path: ['signals', i, 'id'] })),
  create: (config, context) => createGeneratorSource({ ...context, config }),
};
