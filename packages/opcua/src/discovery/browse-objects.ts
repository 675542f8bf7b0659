import { BrowseDirection, type BrowseResult, NodeClass, type NodeId, ObjectIds, ReferenceTypeIds, StatusCodes, makeNodeId } from 'node-opcua';
import type { BrowsedNode } from './address-space-snapshot.js';
import type { DiscoverySession } from './discovery-session.js';
import { type PortableName, namespaceUriOf, portableNodeId } from './portable-node-id.js';

/** What {@link browseObjects} found. */
export interface BrowseOutcome {
  readonly nodes: BrowsedNode[];
  /** True when `maxNodes` stopped the browse. */
  readonly truncated: boolean;
  readonly warnings: string[];
}

interface Pending {
  readonly nodeId: NodeId;
  readonly portable: string;
  readonly path: readonly PortableName[];
  /** Times the server had no continuation point left for it. */
  readonly retries: number;
}

interface MutableNode extends BrowsedNode {
  otherParents?: string[];
}

const OBJECTS = makeNodeId(ObjectIds.ObjectsFolder);
/** The Server object: diagnostics and capabilities, never a machine. */
const SERVER = `i=${ObjectIds.Server}`;
const MAX_RETRIES = 5;
const NODE_CLASSES = new Map<number, BrowsedNode['nodeClass']>([
  [NodeClass.Object, 'Object'],
  [NodeClass.Variable, 'Variable'],
]);

/**
 * Browses the address space breadth first from the Objects folder (without the Server object):
 * forward hierarchical references (Organizes, HasComponent, HasProperty, HasAddIn, …) to
 * Objects and Variables, each node once (later references to it are kept in `otherParents`).
 *
 * Within the server's limits: at most `maxNodesPerBrowse` nodes per Browse and BrowseNext
 * request; a node with more references than `requestedMaxReferencesPerNode` returns a
 * continuation point, followed with BrowseNext until done (at once, so few are held); a node
 * refused for `BadNoContinuationPoints` (the server's MaxBrowseContinuationPoints) is browsed
 * again in a later, smaller request. Stops at `maxNodes` nodes (truncated, continuation
 * points released).
 */
export async function browseObjects(ds: DiscoverySession, maxNodes: number): Promise<BrowseOutcome> {
  const nodes: MutableNode[] = [];
  const seen = new Map<string, MutableNode>();
  const warnings: string[] = [];
  let queue: Pending[] = [{ nodeId: OBJECTS, portable: `i=${ObjectIds.ObjectsFolder}`, path: [], retries: 0 }];
  let truncated = false;
  let batchSize = ds.maxNodesPerBrowse;

  const take = (from: Pending, result: BrowseResult): void => {
    for (const ref of result.references ?? []) {
      if (!ref.isForward) continue;
      const nodeClass = NODE_CLASSES.get(ref.nodeClass);
      if (nodeClass === undefined) continue;
      const portable = portableNodeId(ref.nodeId, ds.namespaceArray);
      if (portable === SERVER) continue;
      const parent = from.path.length === 0 ? undefined : from.portable;
      const known = seen.get(portable);
      if (known) {
        if (parent !== undefined && parent !== known.parent && portable !== from.portable) {
          known.otherParents = [...(known.otherParents ?? []), parent];
        }
        continue;
      }
      if (nodes.length >= maxNodes) {
        truncated = true;
        continue;
      }
      const browseName: PortableName = { namespaceUri: namespaceUriOf(ref.browseName.namespaceIndex, ds.namespaceArray), name: ref.browseName.name ?? '' };
      const node: MutableNode = {
        nodeId: portable,
        nodeClass,
        browseName,
        displayName: ref.displayName.text ?? browseName.name,
        typeDefinition: ref.typeDefinition.isEmpty() ? '' : portableNodeId(ref.typeDefinition, ds.namespaceArray),
        parent,
        referenceType: portableNodeId(ref.referenceTypeId, ds.namespaceArray),
        path: [...from.path, browseName],
      };
      seen.set(portable, node);
      nodes.push(node);
      queue.push({ nodeId: ref.nodeId, portable, path: node.path, retries: 0 });
    }
  };

  while (queue.length > 0 && !truncated) {
    const batch = queue.slice(0, batchSize);
    queue = queue.slice(batch.length);
    const results = await ds.browse(
      batch.map((p) => ({
        nodeId: p.nodeId,
        browseDirection: BrowseDirection.Forward,
        referenceTypeId: makeNodeId(ReferenceTypeIds.HierarchicalReferences),
        includeSubtypes: true,
        nodeClassMask: NodeClass.Object | NodeClass.Variable,
        resultMask: 0x3f,
      })),
    );
    let continuations: { owner: Pending; point: Buffer }[] = [];
    let refused = 0;
    batch.forEach((pending, i) => {
      const result = results[i];
      if (result === undefined) return;
      if (result.statusCode.value === StatusCodes.BadNoContinuationPoints.value) {
        refused += 1;
        if (pending.retries < MAX_RETRIES) queue.push({ ...pending, retries: pending.retries + 1 });
        else warnings.push(`${pending.portable}: not browsed, the server kept answering BadNoContinuationPoints`);
        return;
      }
      if (!result.statusCode.isGood()) {
        warnings.push(`${pending.portable}: Browse failed with ${result.statusCode.name}`);
        return;
      }
      take(pending, result);
      if (result.continuationPoint && result.continuationPoint.length > 0) continuations.push({ owner: pending, point: result.continuationPoint });
    });
    // Too many nodes asked at once for the server's continuation points: ask fewer next time.
    if (refused > 0) batchSize = Math.max(1, Math.floor(batch.length / 2));
    while (continuations.length > 0) {
      const chunk = continuations.slice(0, ds.maxNodesPerBrowse);
      continuations = continuations.slice(chunk.length);
      if (truncated) {
        await ds.browseNext(
          chunk.map((c) => c.point),
          true,
        );
        continue;
      }
      const next = await ds.browseNext(
        chunk.map((c) => c.point),
        false,
      );
      chunk.forEach((c, i) => {
        const result = next[i];
        if (result === undefined) return;
        if (!result.statusCode.isGood()) {
          warnings.push(`${c.owner.portable}: BrowseNext failed with ${result.statusCode.name}; some of its children are missing`);
          return;
        }
        take(c.owner, result);
        if (result.continuationPoint && result.continuationPoint.length > 0) continuations.push({ owner: c.owner, point: result.continuationPoint });
      });
    }
  }
  if (truncated) warnings.push(`browse stopped at maxNodes (${maxNodes} nodes): machines beyond it are not discovered; raise maxNodes`);
  return { nodes, truncated, warnings };
}
