import { RongtongError } from '@rongtong/core';
import type { SourceConfig } from './source-config.js';
import type { SourceContext, SourceFactory } from './source-factory.js';
import type { Source } from './source.js';

const KIND = /^[a-z0-9-]{1,64}$/;

/** The source factories an agent knows, keyed by `kind` (see `createSourceRegistry`). */
export interface SourceRegistry {
  /** The registered kinds, in registration order. */
  readonly kinds: readonly string[];
  /** The factories, in registration order. */
  readonly factories: readonly SourceFactory[];
  /** The factory of a kind, or undefined. */
  get(kind: string): SourceFactory | undefined;
  /** Makes the source of a parsed `sources[]` entry with its kind's factory; INVALID_CONFIG for an unknown kind. */
  create(config: SourceConfig, context: SourceContext): Source;
}

/**
 * A registry of source factories. Kinds must be unique and 1–64 characters from
 * `[a-z0-9-]`; a mistake throws INVALID_ARGUMENT at once (it is a programming error).
 *
 * @example
 * ```ts
 * const registry = createSourceRegistry([...builtInSourceFactories, modbusSourceFactory]);
 * const schema = createAgentConfigSchema(registry); // sources[].kind may now be "modbus"
 * ```
 */
export function createSourceRegistry(factories: readonly SourceFactory[]): SourceRegistry {
  const byKind = new Map<string, SourceFactory>();
  for (const factory of factories) {
    if (!KIND.test(factory.kind)) {
      throw new RongtongError('INVALID_ARGUMENT', `source kind ${JSON.stringify(factory.kind)} must be 1 to 64 characters from [a-z0-9-]`);
    }
    if (byKind.has(factory.kind)) throw new RongtongError('INVALID_ARGUMENT', `source kind "${factory.kind}" is registered twice`);
    byKind.set(factory.kind, factory);
  }
  if (byKind.size === 0) throw new RongtongError('INVALID_ARGUMENT', 'a source registry needs at least one factory');
  const list = [...byKind.values()];
  return {
    kinds: [...byKind.keys()],
    factories: list,
    get: (kind) => byKind.get(kind),
    create(config, context) {
      const factory = byKind.get(config.kind);
      if (factory === undefined) {
        throw new RongtongError('INVALID_CONFIG', `unknown source kind "${config.kind}": one of ${[...byKind.keys()].join(', ')}`, {
          fieldViolations: [{ path: 'kind', reason: `unknown source kind "${config.kind}"` }],
        });
      }
      return factory.create(config, context);
    },
  };
}
