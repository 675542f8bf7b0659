import { DataType, Range, VariantArrayType, makeEUInformation, makeNodeId, type UAObject, type UAVariable } from 'node-opcua';
import { PACKML_UNIT_MODES } from '../model/machine-kind.js';
import type { MachineSnapshot } from '../model/machine-model.js';
import type { MachineNode, MachineNodeContext } from './machine-node.js';
import { childOf } from './node-path.js';
import { NAMESPACE_URIS } from './nodesets.js';
import { StateMachineNode } from './state-machine-node.js';
import type { ValueWriter } from './value-writer.js';

/** `PackMLObjects` folder of OPC 30050, `i=72` in the PackML namespace (organized by Objects). */
const PACKML_OBJECTS_ID = 72;
/** Design speed of the simulated line, packs/min (`Admin/MachDesignSpeed`, the speeds' EURange). */
const DESIGN_SPEED = 150;

/** States of the top `BaseStateMachine` (PackMLBaseStateMachineType). */
const BASE_STATES = new Set<string>(['Aborting', 'Aborted']);
/** States of `BaseStateMachine/MachineState` (PackMLMachineStateMachineType); the rest are in `ExecuteState`. */
const MACHINE_STATES = new Set<string>(['Clearing', 'Stopped', 'Stopping']);

/**
 * Where a PackML state shows in the nested state machines of OPC 30050: the top machine is
 * `Aborting`, `Aborted` or `Cleared`; in `Cleared` its sub-state machine `MachineState` is
 * `Clearing`, `Stopped`, `Stopping` or `Running`; in `Running` its sub-state machine
 * `ExecuteState` holds the remaining 12 states. `null` = that sub-state machine is not active.
 */
export function packmlStatePath(state: string): { base: string; machine: string | null; execute: string | null } {
  if (BASE_STATES.has(state)) return { base: state, machine: null, execute: null };
  if (MACHINE_STATES.has(state)) return { base: 'Cleared', machine: state, execute: null };
  return { base: 'Cleared', machine: 'Running', execute: state };
}

/**
 * Adds a packaging line under `Objects/PackMLObjects` (OPC 30050 §6.2): an instance of
 * `PackMLBaseObjectType` with the optional `Admin/ProdProcessedCount`,
 * `Admin/ProdDefectiveCount` (arrays of one `PackMLCountDataType`), `Admin/MachDesignSpeed` and
 * `TagID`.
 */
export function addPackmlMachine(ctx: MachineNodeContext, id: string): MachineNode {
  const { addressSpace, namespace } = ctx;
  const pns = ctx.nsIndex(NAMESPACE_URIS.packML);
  const folder = addressSpace.findNode(makeNodeId(PACKML_OBJECTS_ID, pns));
  const baseType = addressSpace.findObjectType('PackMLBaseObjectType', pns);
  const countType = addressSpace.findDataType('PackMLCountDataType', pns);
  if (!folder || !baseType || !countType) throw new Error('the PackML nodeset is not loaded');

  const line = baseType.instantiate({
    browseName: { name: id, namespaceIndex: namespace.index },
    nodeId: `ns=${namespace.index};s=${id}`,
    namespace,
    organizedBy: folder,
    optionals: ['Admin.ProdProcessedCount', 'Admin.ProdDefectiveCount', 'Admin.MachDesignSpeed', 'TagID'],
  });
  const variable = (...path: string[]): UAVariable => childOf(line, ...path) as UAVariable;
  const base = new StateMachineNode(childOf(line, 'BaseStateMachine') as UAObject);
  const machine = new StateMachineNode(childOf(line, 'BaseStateMachine', 'MachineState') as UAObject);
  const execute = new StateMachineNode(childOf(line, 'BaseStateMachine', 'MachineState', 'ExecuteState') as UAObject);
  const v = {
    unitModeCurrent: variable('Status', 'UnitModeCurrent'),
    curMachSpeed: variable('Status', 'CurMachSpeed'),
    machSpeed: variable('Status', 'MachSpeed'),
    equipmentStarved: variable('Status', 'EquipmentStarved'),
    equipmentBlocked: variable('Status', 'EquipmentBlocked'),
    prodProcessedCount: variable('Admin', 'ProdProcessedCount'),
    prodDefectiveCount: variable('Admin', 'ProdDefectiveCount'),
    machDesignSpeed: variable('Admin', 'MachDesignSpeed'),
  };
  variable('TagID').setValueFromSource({ dataType: DataType.String, value: id });
  for (const speed of [v.curMachSpeed, v.machSpeed]) {
    const range = childOf(speed, 'EURange') as UAVariable;
    range.setValueFromSource({ dataType: DataType.ExtensionObject, value: new Range({ low: 0, high: DESIGN_SPEED }) });
  }
  const unit = makeEUInformation('H87', 'pc', 'piece');

  const counts = (productId: number, product: string, count: number, accCount: number) => ({
    dataType: DataType.ExtensionObject,
    arrayType: VariantArrayType.Array,
    value: [addressSpace.constructExtensionObject(countType, { ID: productId, name: product, unit, count, accCount })],
  });

  return {
    info: {
      id,
      kind: 'packml',
      nodeId: line.nodeId.toString(),
      browsePath: `Objects/PackMLObjects/${id}`,
      typeDefinition: baseType.nodeId.toString(),
      typeDefinitionName: 'PackMLBaseObjectType',
      variables: {
        baseState: base.currentState.nodeId.toString(),
        machineState: machine.currentState.nodeId.toString(),
        executeState: execute.currentState.nodeId.toString(),
        ...Object.fromEntries(Object.entries(v).map(([key, node]) => [key, node.nodeId.toString()])),
      },
    },
    publish(s: MachineSnapshot, w: ValueWriter) {
      const at = s.at;
      const { productId, product } = s.job;
      const processed = s.counters.prodProcessedCount ?? 0;
      const processedAcc = s.counters.prodProcessedAccCount ?? 0;
      const defective = s.counters.prodDefectiveCount ?? 0;
      const defectiveAcc = s.counters.prodDefectiveAccCount ?? 0;
      const speed = s.partsPerMinute;
      const setpoint = s.job.cycleMs > 0 ? 60_000 / s.job.cycleMs : 0;
      const mode = PACKML_UNIT_MODES.Produce;
      w.write(v.unitModeCurrent, String(mode), () => ({ dataType: DataType.Int32, value: mode }), at, 'now');
      w.write(v.machDesignSpeed, String(DESIGN_SPEED), () => ({ dataType: DataType.Float, value: DESIGN_SPEED }), at, 'now');
      w.write(v.machSpeed, String(setpoint), () => ({ dataType: DataType.Float, value: setpoint }), at, 'now');
      w.write(v.prodProcessedCount, `${productId}|${product}|${processed}|${processedAcc}`, () => counts(productId, product, processed, processedAcc), at, 'coalesce');
      w.write(v.prodDefectiveCount, `${productId}|${product}|${defective}|${defectiveAcc}`, () => counts(productId, product, defective, defectiveAcc), at, 'coalesce');
      w.write(v.curMachSpeed, String(speed), () => ({ dataType: DataType.Float, value: speed }), at, 'coalesce');
      w.write(v.equipmentStarved, String(s.starved), () => ({ dataType: DataType.Boolean, value: s.starved }), at, 'now');
      w.write(v.equipmentBlocked, String(s.blocked), () => ({ dataType: DataType.Boolean, value: s.blocked }), at, 'now');
      const path = packmlStatePath(s.state);
      // Innermost first: when the top state changes, the sub-state machines are already consistent.
      execute.write(w, path.execute, at);
      machine.write(w, path.machine, at);
      base.write(w, path.base, at);
    },
  };
}
