import { type NodeId, coerceNodeId } from 'node-opcua';
import { OPCUA_STATUS } from './status-codes.js';

/** A configured NodeId resolved against one server's namespace array, or why it cannot be. */
export type NodeIdResolution =
  | { readonly ok: true; readonly nodeId: NodeId }
  | { readonly ok: false; readonly statusCode: number; readonly reason: string };

const NSU = /^nsu=([^;]*);([\s\S]*)$/;

/**
 * Resolves a NodeId in string form (core `NodeIdSchema`: `ns=2;s=…`, `nsu=<uri>;i=…`, `i=85`)
 * for one session: the `nsu=` form takes the index of its namespace URI in the server's
 * `NamespaceArray` (indexes may change when the server restarts, so this is done on every
 * connection). An unknown namespace URI gives `BadNodeIdUnknown`, a malformed NodeId
 * `BadNodeIdInvalid`.
 */
export function resolveNodeId(text: string, namespaceArray: readonly string[]): NodeIdResolution {
  const nsu = NSU.exec(text);
  if (nsu && !namespaceArray.includes(nsu[1]!)) {
    return { ok: false, statusCode: OPCUA_STATUS.BadNodeIdUnknown, reason: `the server has no namespace ${nsu[1]} (not in its NamespaceArray)` };
  }
  try {
    return { ok: true, nodeId: coerceNodeId(text, { namespaceArray: [...namespaceArray] }) };
  } catch (err) {
    return { ok: false, statusCode: OPCUA_STATUS.BadNodeIdInvalid, reason: `not a usable NodeId: ${(err as Error).message}` };
  }
}
