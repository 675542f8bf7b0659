import { z } from 'zod';
import { WHEN_FIELDS_VALID } from './checks.js';
import { HierarchyNodeLevelSchema, hierarchyDepth } from './hierarchy-level.js';
import { LocalIdSchema } from './identifier.js';

/**
 * One element of an ISA-95 hierarchy path above a piece of equipment, e.g.
 * `{ level: 'site', id: 'cq-plant-1', name: '重庆一厂' }`. Mirrors `rongtong.v1.HierarchyNode`.
 */
export const HierarchyNodeSchema = z
  .object({
    /** Level of the node: site, area, line or cell. */
    level: HierarchyNodeLevelSchema,
    /** Identifier chosen by the enterprise, unique among its nodes of the same level. */
    id: LocalIdSchema,
    /** Display name, any language, e.g. "二号车间". Absent: none. */
    name: z.string().optional(),
  })
  .describe('ISA-95 hierarchy node above equipment');

/** One element of an ISA-95 hierarchy path (see {@link HierarchyNodeSchema}). */
export type HierarchyNode = z.infer<typeof HierarchyNodeSchema>;

/**
 * An ISA-95 path, outermost first (site, then area, line, cell as far as the enterprise
 * uses them): levels must strictly increase. The issue for a node out of order is at
 * `[i, 'level']`.
 */
export const HierarchyPathSchema = z.array(HierarchyNodeSchema).superRefine((path, ctx) => {
  for (let i = 1; i < path.length; i += 1) {
    const previous = path[i - 1];
    const node = path[i];
    if (previous !== undefined && node !== undefined && hierarchyDepth(node.level) <= hierarchyDepth(previous.level)) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'level'],
        message: `hierarchy levels must strictly increase along the path: ${node.level} follows ${previous.level}`,
        input: node.level,
      });
    }
  }
}, WHEN_FIELDS_VALID);
