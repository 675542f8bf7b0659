import { z } from 'zod';
import type { SourceConfig } from '../sources/source-config.js';
import type { SourceRegistry } from '../sources/source-registry.js';

/** Source kinds that come with packages of their own, for a helpful message when they are not installed. */
const PLANNED_KINDS: Readonly<Record<string, string>> = {
  sparkplug: '@rongtong/mqtt',
};

/**
 * The schema of one `sources[]` entry: a union on `kind` of the config schemas of every
 * factory in the registry — so adding a factory (OPC UA, MQTT, a vendor's protocol) adds a
 * kind to the config and to the JSON Schema with no change here.
 */
export function sourceConfigUnion(registry: SourceRegistry): z.ZodType<SourceConfig> {
  const known = registry.kinds.join(', ');
  const options = registry.factories.map((f) => f.configSchema) as unknown as [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]];
  return z
    .discriminatedUnion('kind', options, {
      error: (issue) => {
        if (issue.code !== 'invalid_union') return undefined;
        const kind = (issue.input as { kind?: unknown } | undefined)?.kind;
        if (kind === undefined) return `required: the source kind, one of ${known}`;
        if (typeof kind === 'string' && PLANNED_KINDS[kind] !== undefined) {
          return `source kind "${kind}" is not available in this agent: it comes with ${PLANNED_KINDS[kind]}; known kinds: ${known}`;
        }
        return `unknown source kind ${JSON.stringify(kind)}: one of ${known}`;
      },
    })
    .describe(`a source of samples, by kind: ${known}`) as unknown as z.ZodType<SourceConfig>;
}
