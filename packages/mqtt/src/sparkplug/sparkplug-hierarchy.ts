import type { HierarchyNode } from '@rongtong/core';
import { z } from 'zod';
import { capId, sparkplugIdPart } from './sparkplug-ids.js';

/**
 * How Sparkplug ids map to the ISA-95 equipment hierarchy (DESIGN §4 Equipment):
 *
 * - `group` — the level a Sparkplug group becomes: `site`, `area`, `line` (default) or `cell`,
 *   or `none` to leave groups out of the path.
 * - `edgeNode` — what an edge node is:
 *   - `cell` (default; a gateway such as Ignition Edge or Neuron in front of several machines):
 *     each device is a piece of equipment whose path ends with the edge node as a `cell`; the
 *     edge node's own metrics (bdSeq aside: its CPU, its links) belong to the edge node as a
 *     piece of equipment of its own, under the group;
 *   - `equipment` (a machine that speaks Sparkplug itself): the edge node is the equipment and
 *     its devices are parts of it, so every metric of the node and its devices belongs to it.
 *
 * Ids: Sparkplug ids made safe by `sparkplugIdPart` and joined with `.` — the group node
 * `<group>`, the cell `<group>.<node>`, equipment `<group>.<node>` and `<group>.<node>.<device>`
 * (edge node ids are only unique within their group, device ids within their edge node).
 * Names keep the Sparkplug ids as they are, in any language.
 */
export const SparkplugHierarchyMappingSchema = z
  .object({
    group: z.enum(['site', 'area', 'line', 'cell', 'none']).default('line').describe('ISA-95 level of a Sparkplug group (default line), or none'),
    edgeNode: z
      .enum(['cell', 'equipment'])
      .default('cell')
      .describe('an edge node is a cell whose devices are equipment (default), or a piece of equipment with its devices as parts'),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    if (mapping.group === 'cell' && mapping.edgeNode === 'cell') {
      ctx.addIssue({ code: 'custom', path: ['group'], message: 'cannot be cell when edge nodes are cells (levels must strictly increase): use line, area, site or none', input: mapping.group });
    }
  })
  .describe('how Sparkplug groups, edge nodes and devices map to the ISA-95 equipment hierarchy');

/** A parsed hierarchy mapping (see {@link SparkplugHierarchyMappingSchema}). */
export type SparkplugHierarchyMapping = z.infer<typeof SparkplugHierarchyMappingSchema>;
/** A hierarchy mapping as written (see {@link SparkplugHierarchyMappingSchema}). */
export type SparkplugHierarchyMappingInput = z.input<typeof SparkplugHierarchyMappingSchema>;

/** The piece of equipment a metric belongs to, with its ISA-95 path (core `HierarchyNode`s, outermost first). */
export interface SparkplugEquipment {
  /** Equipment id (core `LocalIdSchema`: 1–128 characters from `[A-Za-z0-9._:-]`). */
  readonly id: string;
  /** Display name: the Sparkplug edge node or device id as it is. */
  readonly name: string;
  /** The path above the equipment. */
  readonly path: readonly HierarchyNode[];
}

/** The ids of an edge node or device. */
export interface SparkplugEquipmentIds {
  readonly groupId: string;
  readonly edgeNodeId: string;
  readonly deviceId?: string | undefined;
}

/**
 * The equipment of an edge node (no `deviceId`) or device by `mapping` (see
 * {@link SparkplugHierarchyMappingSchema}).
 *
 * @example
 * ```ts
 * sparkplugEquipment({ groupId: 'Plant1', edgeNodeId: 'GW1', deviceId: 'Press 3' }, { group: 'line', edgeNode: 'cell' });
 * // { id: 'Plant1.GW1.Press_3', name: 'Press 3',
 * //   path: [{ level: 'line', id: 'Plant1', name: 'Plant1' }, { level: 'cell', id: 'Plant1.GW1', name: 'GW1' }] }
 * ```
 */
export function sparkplugEquipment(ids: SparkplugEquipmentIds, mapping: SparkplugHierarchyMapping): SparkplugEquipment {
  const group = sparkplugIdPart(ids.groupId);
  const nodeId = capId(`${group}.${sparkplugIdPart(ids.edgeNodeId)}`);
  const groupPath: HierarchyNode[] = mapping.group === 'none' ? [] : [{ level: mapping.group, id: capId(group), name: ids.groupId }];
  if (ids.deviceId === undefined || mapping.edgeNode === 'equipment') return { id: nodeId, name: ids.edgeNodeId, path: groupPath };
  return {
    id: capId(`${nodeId}.${sparkplugIdPart(ids.deviceId)}`),
    name: ids.deviceId,
    path: [...groupPath, { level: 'cell', id: nodeId, name: ids.edgeNodeId }],
  };
}
