import {
  DataType,
  NodeClass,
  NodeId,
  StatusCodes,
  coerceLocalizedText,
  type UAObject,
  type UAObjectType,
  type UAVariable,
} from 'node-opcua';
import { childOf } from './node-path.js';
import type { ValueWriter } from './value-writer.js';

interface StateInfo {
  readonly nodeId: NodeId;
  readonly number: number | undefined;
  readonly displayName: string;
}

function stateNumber(state: UAObject): number | undefined {
  const value: unknown = state.getPropertyByName('StateNumber')?.readValue().value.value;
  return typeof value === 'number' ? value : undefined;
}

/** The states of a finite state machine type (and its supertypes), by BrowseName name. */
function statesOf(type: UAObjectType): Map<string, StateInfo> {
  const stateType = type.addressSpace.findObjectType('StateType');
  const states = new Map<string, StateInfo>();
  for (let t: UAObjectType | null = type; t !== null; t = t.subtypeOfObj) {
    for (const component of t.getComponents()) {
      if (component.nodeClass !== NodeClass.Object) continue;
      const object = component as UAObject;
      const name = object.browseName.name ?? '';
      if (stateType === null || !object.typeDefinitionObj.isSubtypeOf(stateType) || states.has(name)) continue;
      states.set(name, { nodeId: object.nodeId, number: stateNumber(object), displayName: object.displayName[0]?.text ?? name });
    }
  }
  return states;
}

/**
 * One instance of a `FiniteStateMachineType` subtype (MachineryItemState, PackML state machines,
 * production job state): writes `CurrentState` (LocalizedText, the state's display name) and its
 * `Id` and `Number` properties when the instance has them. `null` marks an inactive sub-state
 * machine: `CurrentState` gets status `Bad_StateNotActive` (OPC 10000-16 §4.4).
 */
export class StateMachineNode {
  readonly currentState: UAVariable;
  private readonly id: UAVariable | null;
  private readonly number: UAVariable | null;
  private readonly states: Map<string, StateInfo>;

  constructor(readonly node: UAObject) {
    this.currentState = childOf(node, 'CurrentState') as UAVariable;
    this.id = this.currentState.getPropertyByName('Id');
    this.number = this.currentState.getPropertyByName('Number');
    this.states = statesOf(node.typeDefinitionObj);
  }

  /** The state names the type defines. */
  get stateNames(): string[] {
    return [...this.states.keys()];
  }

  /** Sets the current state by name (`null`: not active) at simulated time `at`. */
  write(writer: ValueWriter, name: string | null, at: number): void {
    if (name === null) {
      writer.write(this.currentState, '', () => ({ dataType: DataType.LocalizedText, value: null }), at, 'now', StatusCodes.BadStateNotActive);
      if (this.id) writer.write(this.id, '', () => ({ dataType: DataType.NodeId, value: NodeId.nullNodeId }), at, 'now');
      return;
    }
    const state = this.states.get(name);
    if (state === undefined) throw new Error(`${this.node.browseName.toString()}: no state named "${name}" in ${this.node.typeDefinitionObj.browseName.toString()}`);
    if (this.id) writer.write(this.id, state.nodeId.toString(), () => ({ dataType: DataType.NodeId, value: state.nodeId }), at, 'now');
    const number = this.number;
    if (number && state.number !== undefined) {
      const value = state.number;
      writer.write(number, String(value), () => ({ dataType: DataType.UInt32, value }), at, 'now');
    }
    writer.write(this.currentState, name, () => ({ dataType: DataType.LocalizedText, value: coerceLocalizedText(state.displayName) }), at, 'now');
  }
}
