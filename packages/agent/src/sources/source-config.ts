import { LocalIdSchema } from '@rongtong/core';

/**
 * The fields every `sources[]` entry has, whatever its kind. A source kind's config schema
 * spreads them into its own strict object next to its `kind` literal:
 *
 * ```ts
 * z.object({ ...sourceConfigFields, kind: z.literal('modbus'), host: HostPortSchema }).strict()
 * ```
 */
export const sourceConfigFields = {
  /** Source id, unique within the agent; signals name their source by it. */
  id: LocalIdSchema.describe('source id, unique within the agent; signals[].source refers to it'),
};

/** What the agent knows of any parsed `sources[]` entry; the kind's own schema knows the rest. */
export interface SourceConfig {
  /** Source id, unique within the agent. */
  readonly id: string;
  /** Source kind: picks the factory. */
  readonly kind: string;
}
