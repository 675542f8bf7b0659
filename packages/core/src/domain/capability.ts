import { z } from 'zod';
import { CapabilityKindSchema } from './capability-kind.js';
import { LocalIdSchema } from './identifier.js';

/**
 * Capability: something an enterprise can do whose capacity is measured — a process
 * segment ("cnc-turning") or a product class ("brake-disc"). Mirrors `rongtong.v1.Capability`.
 */
export const CapabilitySchema = z
  .object({
    /** Whether `id` names a process segment or a product class. */
    kind: CapabilityKindSchema,
    /** Identifier, unique within the tenant for its kind; dots separate segments ("machining.turning"). */
    id: LocalIdSchema,
    /** Display name, any language, e.g. "数控车削". Absent: none. */
    name: z.string().optional(),
  })
  .describe('a process segment or product class whose capacity is measured');

/** A process segment or product class (see {@link CapabilitySchema}). */
export type Capability = z.infer<typeof CapabilitySchema>;
