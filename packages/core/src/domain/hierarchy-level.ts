import { z } from 'zod';

/**
 * Level of the ISA-95 (IEC 62264) role-based equipment hierarchy, from the `enterprise`
 * down to one piece of `equipment`: enterprise 企业, site 工厂, area 车间, line 产线,
 * cell 工位/单元, equipment 设备. Ordered from coarsest to finest, as the proto enum
 * `rongtong.v1.HierarchyLevel` (`HIERARCHY_LEVEL_` + upper case).
 */
export const HIERARCHY_LEVELS = ['enterprise', 'site', 'area', 'line', 'cell', 'equipment'] as const;

/** ISA-95 hierarchy level (see `HIERARCHY_LEVELS`). */
export type HierarchyLevel = (typeof HIERARCHY_LEVELS)[number];

/** zod schema of {@link HierarchyLevel}. */
export const HierarchyLevelSchema = z.enum(HIERARCHY_LEVELS).describe('ISA-95 hierarchy level, coarsest to finest');

/** The levels a hierarchy node (an element of a path above equipment) may have. */
export const HIERARCHY_NODE_LEVELS = ['site', 'area', 'line', 'cell'] as const;

/** Level of a hierarchy node: site, area, line or cell. */
export type HierarchyNodeLevel = (typeof HIERARCHY_NODE_LEVELS)[number];

/** zod schema of {@link HierarchyNodeLevel}. */
export const HierarchyNodeLevelSchema = z
  .enum(HIERARCHY_NODE_LEVELS)
  .describe('level of a hierarchy node above equipment: site, area, line or cell');

/** Depth of a level: 0 for `enterprise` … 5 for `equipment` (a higher depth is finer). */
export function hierarchyDepth(level: HierarchyLevel): number {
  return HIERARCHY_LEVELS.indexOf(level);
}
