import type { BaseNode } from 'node-opcua';

/**
 * The node reached from `node` by following child (HasChild: HasComponent, HasProperty,
 * HasAddIn, …) references with the given BrowseName names, in any namespace. Throws when a
 * step is missing: the simulator's own address space is built, not discovered.
 */
export function childOf(node: BaseNode, ...names: string[]): BaseNode {
  let current = node;
  for (const name of names) {
    const next = current.getChildByName(name);
    if (next === null) throw new Error(`${current.browseName.toString()} (${current.nodeId.toString()}) has no child "${name}"`);
    current = next;
  }
  return current;
}
