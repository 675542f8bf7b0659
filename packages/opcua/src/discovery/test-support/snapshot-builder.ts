import type { AddressSpaceSnapshot, BrowsedNode, TypeNode } from '../address-space-snapshot.js';
import type { PortableName } from '../portable-node-id.js';
import { OPCUA_MODEL_URIS, STANDARD_NODES } from '../standard-models.js';

export const VENDOR = 'http://vendor.example.com/UA/';
export const PLANT = 'urn:plant:server';
const { ua, di, machinery, machineTool, packML } = OPCUA_MODEL_URIS;

/** Namespaces in an order unlike the simulator's: recognition must not depend on indexes. */
export const NAMESPACES = [ua, PLANT, packML, VENDOR, machineTool, di, machinery];

/** A node to add: its id, name and type; the parent is given to the builder method. */
export interface NodeSpec {
  readonly id: string;
  readonly name: string;
  /** Namespace of the BrowseName (default: the plant's). */
  readonly ns?: string;
  readonly type?: string;
  readonly displayName?: string;
  /** Reference from the parent (default HasComponent, `i=47`). */
  readonly ref?: string;
}

/** Builds an {@link AddressSpaceSnapshot} by hand, with the standard types pre-registered. */
export function snapshotBuilder() {
  const nodes: BrowsedNode[] = [];
  const types = new Map<string, TypeNode>();
  const byId = new Map<string, BrowsedNode>();
  const type = (id: string, namespaceUri: string, name: string, supertype?: string): string => {
    types.set(id, { browseName: { namespaceUri, name }, supertype });
    return id;
  };
  type('i=58', ua, 'BaseObjectType');
  type('i=61', ua, 'FolderType', 'i=58');
  type('i=2771', ua, 'FiniteStateMachineType', 'i=58');
  type('i=62', ua, 'BaseVariableType');
  type('i=63', ua, 'BaseDataVariableType', 'i=62');
  type('i=68', ua, 'PropertyType', 'i=62');
  type('i=2760', ua, 'FiniteStateVariableType', 'i=63');
  type(STANDARD_NODES.machineToolType, machineTool, 'MachineToolType', 'i=58');
  type(STANDARD_NODES.productionJobType, machineTool, 'ProductionJobType', 'i=58');
  type(STANDARD_NODES.productionActiveProgramType, machineTool, 'ProductionActiveProgramType', 'i=58');
  type(STANDARD_NODES.machineryItemStateType, machinery, 'MachineryItemState_StateMachineType', 'i=2771');
  type(STANDARD_NODES.machineryOperationModeType, machinery, 'MachineryOperationModeStateMachineType', 'i=2771');
  type(STANDARD_NODES.packmlBaseObjectType, packML, 'PackMLBaseObjectType', 'i=58');
  type(STANDARD_NODES.packmlBaseStateMachineType, packML, 'PackMLBaseStateMachineType', 'i=2771');
  type(STANDARD_NODES.packmlMachineStateMachineType, packML, 'PackMLMachineStateMachineType', 'i=2771');
  type(STANDARD_NODES.packmlExecuteStateMachineType, packML, 'PackMLExecuteStateMachineType', 'i=2771');
  // Data types.
  type('i=24', ua, 'BaseDataType');
  type('i=26', ua, 'Number', 'i=24');
  type('i=27', ua, 'Integer', 'i=26');
  type('i=28', ua, 'UInteger', 'i=26');
  type('i=7', ua, 'UInt32', 'i=28');
  type('i=9', ua, 'UInt64', 'i=28');
  type('i=6', ua, 'Int32', 'i=27');
  type('i=289', ua, 'Counter', 'i=7');
  type('i=12', ua, 'String', 'i=24');
  type('i=21', ua, 'LocalizedText', 'i=24');
  type('i=10', ua, 'Float', 'i=26');
  type('i=22', ua, 'Structure', 'i=24');

  const add = (nodeClass: BrowsedNode['nodeClass'], parent: string | undefined, spec: NodeSpec): string => {
    const parentNode = parent === undefined ? undefined : byId.get(parent);
    if (parent !== undefined && parentNode === undefined) throw new Error(`no parent ${parent}`);
    const browseName: PortableName = { namespaceUri: spec.ns ?? PLANT, name: spec.name };
    const node: BrowsedNode = {
      nodeId: spec.id,
      nodeClass,
      browseName,
      displayName: spec.displayName ?? spec.name,
      typeDefinition: spec.type ?? (nodeClass === 'Object' ? 'i=58' : 'i=63'),
      parent,
      referenceType: spec.ref ?? 'i=47',
      path: [...(parentNode?.path ?? []), browseName],
    };
    nodes.push(node);
    byId.set(node.nodeId, node);
    return node.nodeId;
  };
  return {
    type,
    object: (parent: string | undefined, spec: NodeSpec) => add('Object', parent, spec),
    variable: (parent: string | undefined, spec: NodeSpec) => add('Variable', parent, spec),
    /** A state machine object with its `CurrentState` (NodeId `<id>.CurrentState`). */
    stateMachine(parent: string, spec: NodeSpec): string {
      const id = add('Object', parent, spec);
      add('Variable', id, { id: `${id}.CurrentState`, name: 'CurrentState', ns: ua, type: 'i=2760' });
      return id;
    },
    /** Records that `parent` also references `child` (a second path to it). */
    alsoUnder(child: string, parent: string): void {
      const i = nodes.findIndex((n) => n.nodeId === child);
      const node = nodes[i]!;
      nodes[i] = { ...node, otherParents: [...(node.otherParents ?? []), parent] };
    },
    build: (): AddressSpaceSnapshot => ({ namespaceArray: NAMESPACES, nodes: [...nodes], types }),
  };
}
