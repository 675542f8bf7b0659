import { z } from 'zod';
import { WHEN_FIELDS_VALID } from './checks.js';
import { HierarchyLevelSchema } from './hierarchy-level.js';
import { HierarchyPathSchema } from './hierarchy-node.js';
import { LocalIdSchema, ResourceIdSchema } from './identifier.js';

/**
 * Which part of an enterprise a record is about (ISA-95 "hierarchy scope"): the whole
 * enterprise, one node of its hierarchy, or one piece of equipment. Mirrors
 * `rongtong.v1.HierarchyScope`.
 *
 * Rules: `enterprise` scopes have no `id` and an empty `path`; other scopes have an `id`;
 * for site, area, line and cell scopes the path ends with the element itself (same level
 * and id); for `equipment` scopes the path holds the nodes above it.
 */
export const HierarchyScopeSchema = z
  .object({
    /** The level the record applies to; `enterprise` for enterprise-wide records. */
    level: HierarchyLevelSchema,
    /** Id of the enterprise. */
    enterpriseId: ResourceIdSchema,
    /** Id of the element at `level` (equipment id or hierarchy node id). Absent for `enterprise`. */
    id: LocalIdSchema.optional(),
    /** Path from the site down to the element, outermost first, for display and roll-up. Empty for `enterprise`. */
    path: HierarchyPathSchema,
  })
  .superRefine((scope, ctx) => {
    if (scope.level === 'enterprise') {
      if (scope.id !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['id'], message: 'id must be absent for an enterprise scope', input: scope.id });
      }
      if (scope.path.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['path'], message: 'path must be empty for an enterprise scope', input: scope.path });
      }
      return;
    }
    if (scope.id === undefined) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `id is required for a ${scope.level} scope`, input: scope.id });
    }
    if (scope.level === 'equipment') return;
    const last = scope.path.at(-1);
    if (last === undefined || last.level !== scope.level || last.id !== scope.id) {
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message: `path must end with the ${scope.level} itself (level ${scope.level}, id ${scope.id ?? '?'})`,
        input: scope.path,
      });
    }
  }, WHEN_FIELDS_VALID)
  .describe('the part of an enterprise a record is about (ISA-95 hierarchy scope)');

/** The part of an enterprise a record is about (see {@link HierarchyScopeSchema}). */
export type HierarchyScope = z.infer<typeof HierarchyScopeSchema>;
