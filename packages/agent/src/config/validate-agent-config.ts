import type { SourceRegistry } from '../sources/source-registry.js';
import { AgentConfigSchema, createAgentConfigSchema, type AgentConfig } from './agent-config-schema.js';
import { problemsFromZod, type ConfigProblem } from './config-problem.js';
import { configWarnings } from './config-warnings.js';

/** What validating a config found: the parsed config when it is valid, every error, and warnings. */
export interface ConfigReport {
  /** The parsed config (defaults applied); undefined when there are errors. */
  readonly config: AgentConfig | undefined;
  /** Every problem that makes the config invalid, each naming its field. Empty when valid. */
  readonly errors: readonly ConfigProblem[];
  /** Allowed but probably not meant (inline secrets, plaintext beyond loopback, …); only for a valid config. */
  readonly warnings: readonly ConfigProblem[];
}

/** Options of {@link validateAgentConfig}. */
export interface ValidateAgentConfigOptions {
  /** Source kinds the config may use. Default: the built-in ones. */
  readonly registry?: SourceRegistry;
}

const schemas = new WeakMap<SourceRegistry, ReturnType<typeof createAgentConfigSchema>>();

function schemaFor(registry: SourceRegistry | undefined) {
  if (registry === undefined) return AgentConfigSchema;
  let schema = schemas.get(registry);
  if (schema === undefined) {
    schema = createAgentConfigSchema(registry);
    schemas.set(registry, schema);
  }
  return schema;
}

/**
 * Validates an agent config already read into plain data (from YAML, JSON or code): every
 * error with its field path, in one pass, and the warnings of a valid config. Never throws
 * for bad input.
 */
export function validateAgentConfig(raw: unknown, options: ValidateAgentConfigOptions = {}): ConfigReport {
  const result = schemaFor(options.registry).safeParse(raw ?? {}, { reportInput: true });
  if (!result.success) return { config: undefined, errors: problemsFromZod(result.error), warnings: [] };
  return { config: result.data, errors: [], warnings: configWarnings(result.data) };
}
