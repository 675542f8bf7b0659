import { type NodeId, NodeIdType } from 'node-opcua';

/** A BrowseName with its namespace as a URI. */
export interface PortableName {
  /** Namespace URI (`http://opcfoundation.org/UA/` for namespace 0). */
  readonly namespaceUri: string;
  readonly name: string;
}

const UA = 'http://opcfoundation.org/UA/';

function identifierText(nodeId: NodeId): string {
  switch (nodeId.identifierType) {
    case NodeIdType.NUMERIC:
      return `i=${String(nodeId.value)}`;
    case NodeIdType.STRING:
      return `s=${String(nodeId.value)}`;
    case NodeIdType.GUID:
      return `g=${String(nodeId.value)}`;
    case NodeIdType.BYTESTRING:
      return `b=${Buffer.isBuffer(nodeId.value) ? nodeId.value.toString('base64') : String(nodeId.value)}`;
    default:
      return nodeId.toString();
  }
}

/**
 * A NodeId in the form that stays valid when the server reorders its namespaces: `nsu=<URI>;`
 * plus the identifier (`i=`, `s=`, `g=`, `b=`), or just the identifier in namespace 0 — the
 * form core's `NodeIdSchema` prefers and the source resolves on every connection. An
 * ExpandedNodeId's own namespace URI wins. A namespace index the array does not have, or a
 * URI containing `;` (which the `nsu=` form cannot carry), keeps the `ns=<index>;` form.
 */
export function portableNodeId(nodeId: NodeId & { namespaceUri?: string | null }, namespaceArray: readonly string[]): string {
  const id = identifierText(nodeId);
  const uri = nodeId.namespaceUri ?? namespaceArray[nodeId.namespace];
  if (uri === UA || (nodeId.namespace === 0 && !nodeId.namespaceUri)) return id;
  if (uri === undefined || uri.includes(';')) return `ns=${nodeId.namespace};${id}`;
  return `nsu=${uri};${id}`;
}

/** The namespace URI of a namespace index (`urn:unknown-namespace:<index>` when the server does not list it). */
export function namespaceUriOf(index: number, namespaceArray: readonly string[]): string {
  return namespaceArray[index] ?? `urn:unknown-namespace:${index}`;
}

/**
 * A browse path in the text form of OPC 10000-4 Annex A (`/<index>:<name>` per element,
 * namespace 0 without a prefix), e.g. `/4:Machines/9:CNC1/7:Monitoring`: readable, and
 * resolvable with TranslateBrowsePathsToNodeIds from the Objects folder on the same server
 * (indexes are those of the server when discovery ran; the NodeId is the stable address).
 * Reserved characters (`/ . < > : # ! &`) in names are escaped with `&`.
 */
export function formatBrowsePath(path: readonly PortableName[], namespaceArray: readonly string[]): string {
  return path
    .map((step) => {
      const index = namespaceArray.indexOf(step.namespaceUri);
      const name = step.name.replace(/[/.<>:#!&]/g, (c) => `&${c}`);
      return index <= 0 ? `/${name}` : `/${index}:${name}`;
    })
    .join('');
}
