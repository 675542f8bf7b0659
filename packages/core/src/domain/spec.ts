import { z } from 'zod';

/**
 * Specification attributes of a demand or supply item as name → value text, e.g.
 * `{ material: 'HT250', diameter_mm: '320' }`. Compared as exact text by the spec
 * matching factor. Names must not be empty.
 */
export const SpecSchema = z
  .record(z.string().min(1, { error: 'attribute names must not be empty' }), z.string())
  .describe('specification attributes, name → value text');

/** Specification attributes, name → value text (see {@link SpecSchema}). */
export type Spec = z.infer<typeof SpecSchema>;
