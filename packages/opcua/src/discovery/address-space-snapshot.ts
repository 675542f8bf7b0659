import type { PortableName } from './portable-node-id.js';

/**
 * One Object or Variable found by browsing from the Objects folder, with every NodeId in the
 * portable form (`nsu=<URI>;…`) and every name with its namespace URI: recognition works on
 * this snapshot only, so it is pure and independent of namespace indexes.
 */
export interface BrowsedNode {
  readonly nodeId: string;
  readonly nodeClass: 'Object' | 'Variable';
  readonly browseName: PortableName;
  readonly displayName: string;
  /** NodeId of its TypeDefinition ('' when the server gave none). */
  readonly typeDefinition: string;
  /** The node it was first found under (undefined for the children of Objects). */
  readonly parent: string | undefined;
  /** Other nodes that reference it hierarchically (a machine organized by `Machines` and by another folder). */
  readonly otherParents?: readonly string[];
  /** NodeId of the reference type from the parent (HasComponent `i=47`, HasProperty `i=46`, Organizes `i=35`, HasAddIn `i=17604`, …). */
  readonly referenceType: string;
  /** BrowseNames from the Objects folder to this node, along the first path found (the shortest: breadth first). */
  readonly path: readonly PortableName[];
}

/** A type node (ObjectType, VariableType or DataType) as far as recognition needs it. */
export interface TypeNode {
  readonly browseName: PortableName;
  /** Its supertype (the source of its inverse HasSubtype reference); undefined at a root or when not known. */
  readonly supertype: string | undefined;
}

/** What discovery saw of a server's address space. */
export interface AddressSpaceSnapshot {
  /** The server's NamespaceArray when browsed (for browse paths in text form). */
  readonly namespaceArray: readonly string[];
  /** Objects and Variables below the Objects folder (without the Server object), breadth first. */
  readonly nodes: readonly BrowsedNode[];
  /** Type definitions of those nodes, and their supertypes up to the roots. */
  readonly types: ReadonlyMap<string, TypeNode>;
}

/** Lookups over a snapshot's nodes. */
export interface SnapshotIndex {
  get(nodeId: string): BrowsedNode | undefined;
  /** The nodes first found under `nodeId`, in browse order. */
  children(nodeId: string): readonly BrowsedNode[];
  /** The child of `nodeId` with that BrowseName name (in `namespaceUri`, or any namespace when absent). */
  child(nodeId: string, name: string, namespaceUri?: string): BrowsedNode | undefined;
  /** Every node below `nodeId` (not itself), breadth first, not descending into nodes for which `prune` is true. */
  descendants(nodeId: string, prune?: (node: BrowsedNode) => boolean): BrowsedNode[];
  /** True when `ancestor` is on the path from the Objects folder to `nodeId`. */
  isBelow(nodeId: string, ancestor: string): boolean;
}

/** Builds the {@link SnapshotIndex} of a snapshot. */
export function indexSnapshot(snapshot: AddressSpaceSnapshot): SnapshotIndex {
  const byId = new Map(snapshot.nodes.map((n) => [n.nodeId, n]));
  const childrenOf = new Map<string, BrowsedNode[]>();
  for (const node of snapshot.nodes) {
    if (node.parent === undefined) continue;
    const list = childrenOf.get(node.parent) ?? [];
    list.push(node);
    childrenOf.set(node.parent, list);
  }
  const children = (nodeId: string): readonly BrowsedNode[] => childrenOf.get(nodeId) ?? [];
  return {
    get: (nodeId) => byId.get(nodeId),
    children,
    child: (nodeId, name, namespaceUri) =>
      children(nodeId).find((c) => c.browseName.name === name && (namespaceUri === undefined || c.browseName.namespaceUri === namespaceUri)),
    descendants(nodeId, prune) {
      const out: BrowsedNode[] = [];
      let level: readonly BrowsedNode[] = children(nodeId);
      while (level.length > 0) {
        const next: BrowsedNode[] = [];
        for (const node of level) {
          out.push(node);
          if (!prune?.(node)) next.push(...children(node.nodeId));
        }
        level = next;
      }
      return out;
    },
    isBelow(nodeId, ancestor) {
      const seen = new Set<string>();
      for (let at = byId.get(nodeId)?.parent; at !== undefined && !seen.has(at); at = byId.get(at)?.parent) {
        if (at === ancestor) return true;
        seen.add(at);
      }
      return false;
    },
  };
}
