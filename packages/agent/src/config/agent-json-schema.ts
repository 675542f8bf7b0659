import { z } from 'zod';
import { defaultSourceRegistry } from '../sources/built-in-sources.js';
import type { SourceRegistry } from '../sources/source-registry.js';
import { createAgentConfigSchema } from './agent-config-schema.js';

/**
 * The JSON Schema (draft 2020-12) of `agent.yaml`, generated from the same zod schema that
 * validates it, for editors (YAML language server: `# yaml-language-server: $schema=…`).
 *
 * It describes the config as written (`io: 'input'`): sizes and durations accept numbers
 * or text, secrets their three object forms. What JSON Schema cannot say is left to
 * `rongtong-agent validate`: the cross-field rules (unique ids, references, counters need a
 * counter behaviour, TLS pairs) and the numeric checks done after parsing text (a duration
 * must be positive). Any other type zod cannot represent fails here (`unrepresentable:
 * 'throw'`), so a new one is noticed and handled on purpose rather than silently widened.
 */
export function agentConfigJsonSchema(registry: SourceRegistry = defaultSourceRegistry): Record<string, unknown> {
  const schema = z.toJSONSchema(createAgentConfigSchema(registry), {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
    cycles: 'throw',
    reused: 'inline',
  });
  return { $schema: schema.$schema, title: 'rongtong-agent configuration', ...schema };
}
