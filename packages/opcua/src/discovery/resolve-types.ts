import { AttributeIds, BrowseDirection, type NodeId, type QualifiedName, ReferenceTypeIds, makeNodeId } from 'node-opcua';
import { resolveNodeId } from '../node-id-resolution.js';
import type { TypeNode } from './address-space-snapshot.js';
import type { DiscoverySession } from './discovery-session.js';
import { namespaceUriOf, portableNodeId } from './portable-node-id.js';

/**
 * Adds `typeIds` and all their supertypes to `types` (portable NodeIds): the BrowseName of
 * each (one Read per `maxNodesPerRead`) and its supertype (the inverse HasSubtype reference;
 * one Browse per `maxNodesPerBrowse`), level by level until every chain reaches a root or a
 * type already known. Types the server does not know are left out (with a warning).
 */
export async function resolveTypes(ds: DiscoverySession, typeIds: Iterable<string>, types: Map<string, TypeNode>, warnings: string[]): Promise<void> {
  let level = [...new Set(typeIds)].filter((t) => t !== '' && !types.has(t));
  const asked = new Set(level);
  while (level.length > 0) {
    const resolved: { id: string; nodeId: NodeId }[] = [];
    for (const id of level) {
      const r = resolveNodeId(id, ds.namespaceArray);
      if (r.ok) resolved.push({ id, nodeId: r.nodeId });
      else warnings.push(`type ${id}: ${r.reason}`);
    }
    const names = await ds.read(resolved.map((r) => ({ nodeId: r.nodeId, attributeId: AttributeIds.BrowseName })));
    const supertypes = new Map<string, string>();
    for (let i = 0; i < resolved.length; i += ds.maxNodesPerBrowse) {
      const chunk = resolved.slice(i, i + ds.maxNodesPerBrowse);
      const results = await ds.browse(
        chunk.map((r) => ({
          nodeId: r.nodeId,
          browseDirection: BrowseDirection.Inverse,
          referenceTypeId: makeNodeId(ReferenceTypeIds.HasSubtype),
          includeSubtypes: false,
          nodeClassMask: 0,
          resultMask: 0x3f,
        })),
      );
      chunk.forEach((r, j) => {
        const parent = results[j]?.references?.find((ref) => !ref.isForward);
        if (parent) supertypes.set(r.id, portableNodeId(parent.nodeId, ds.namespaceArray));
      });
      // A type with more supertype references than asked for does not exist (single inheritance).
    }
    const next: string[] = [];
    resolved.forEach((r, i) => {
      const dv = names[i];
      const name = dv?.statusCode.isGood() ? (dv.value.value as QualifiedName | null) : null;
      if (!name) {
        warnings.push(`type ${r.id}: its BrowseName cannot be read (${dv?.statusCode.name ?? 'no result'})`);
        return;
      }
      const supertype = supertypes.get(r.id);
      types.set(r.id, { browseName: { namespaceUri: namespaceUriOf(name.namespaceIndex, ds.namespaceArray), name: name.name ?? '' }, supertype });
      if (supertype !== undefined && !types.has(supertype) && !asked.has(supertype)) {
        asked.add(supertype);
        next.push(supertype);
      }
    });
    level = next;
  }
}
