import { DataType, VariantArrayType, coerceLocalizedText, coerceUInt64, makeNodeId, type UAObject, type UAVariable } from 'node-opcua';
import type { MachineSnapshot } from '../model/machine-model.js';
import type { MachineNode, MachineNodeContext } from './machine-node.js';
import { childOf } from './node-path.js';
import { NAMESPACE_URIS } from './nodesets.js';
import { StateMachineNode } from './state-machine-node.js';
import type { ValueWriter } from './value-writer.js';

/** `Machines` folder of OPC 40001-1 (Machinery), `i=1001` in its namespace. */
const MACHINES_FOLDER_ID = 1001;

/** Machine Tools `MachineOperationMode` enumeration value for a MachineryOperationMode. */
const OPERATION_MODE_VALUE: Readonly<Record<string, number>> = { Processing: 1, Setup: 2, Maintenance: 4, None: 5 };

const UINT32 = 2 ** 32;

/**
 * Adds a CNC machine tool under `Objects/Machines` (Machinery's convention): an instance of
 * Machine Tools' `MachineToolType` with the optional MachineryItemState, MachineryOperationMode
 * and OperationCounters add-ins (under `Monitoring/MachineTool` and, the same nodes, under
 * `MachineryBuildingBlocks`), `PartsProducedInLifetime`, the deprecated `Production/Statistics`
 * and one production job in `Production/ProductionPlan`.
 */
export function addCncMachine(ctx: MachineNodeContext, id: string): MachineNode {
  const { addressSpace, namespace } = ctx;
  const mt = ctx.nsIndex(NAMESPACE_URIS.machineTool);
  const machinesFolder = addressSpace.findNode(makeNodeId(MACHINES_FOLDER_ID, ctx.nsIndex(NAMESPACE_URIS.machinery)));
  const machineToolType = addressSpace.findObjectType('MachineToolType', mt);
  const jobType = addressSpace.findObjectType('ProductionJobType', mt);
  if (!machinesFolder || !machineToolType || !jobType) throw new Error('the Machinery / Machine Tools nodesets are not loaded');

  const machine = machineToolType.instantiate({
    browseName: { name: id, namespaceIndex: namespace.index },
    nodeId: `ns=${namespace.index};s=${id}`,
    namespace,
    organizedBy: machinesFolder,
    optionals: [
      'Identification.Model',
      'MachineryBuildingBlocks',
      'MachineryBuildingBlocks.MachineryItemState',
      'MachineryBuildingBlocks.MachineryOperationMode',
      'MachineryBuildingBlocks.OperationCounters',
      'Monitoring.MachineTool.MachineryItemState',
      'Monitoring.MachineTool.MachineryOperationMode',
      'Monitoring.MachineTool.OperationCounters',
      'Monitoring.MachineTool.OperationCounters.PartsProducedInLifetime',
      'Production.ActiveProgram.JobIdentifier',
      'Production.ProductionPlan',
      'Production.Statistics',
      'Production.Statistics.PartsProducedInLifetime',
    ],
  });
  const plan = childOf(machine, 'Production', 'ProductionPlan');
  const job = jobType.instantiate({
    browseName: { name: 'CurrentJob', namespaceIndex: namespace.index },
    namespace,
    references: [{ referenceType: 'HasOrderedComponent', isForward: false, nodeId: plan.nodeId }],
    optionals: ['PartsCompleted', 'PartsGood'],
  });

  const variable = (node: UAObject, ...path: string[]): UAVariable => childOf(node, ...path) as UAVariable;
  const monitoring = childOf(machine, 'Monitoring', 'MachineTool') as UAObject;
  const itemState = new StateMachineNode(childOf(monitoring, 'MachineryItemState') as UAObject);
  const operationMode = new StateMachineNode(childOf(monitoring, 'MachineryOperationMode') as UAObject);
  const programState = new StateMachineNode(childOf(machine, 'Production', 'ActiveProgram', 'State') as UAObject);
  const jobState = new StateMachineNode(childOf(job, 'State') as UAObject);
  const v = {
    operationModeEnum: variable(monitoring, 'OperationMode'),
    partsProducedInLifetime: variable(monitoring, 'OperationCounters', 'PartsProducedInLifetime'),
    powerOnDuration: variable(monitoring, 'OperationCounters', 'PowerOnDuration'),
    statisticsPartsProducedInLifetime: variable(machine, 'Production', 'Statistics', 'PartsProducedInLifetime'),
    activeProgramName: variable(machine, 'Production', 'ActiveProgram', 'Name'),
    activeProgramJobIdentifier: variable(machine, 'Production', 'ActiveProgram', 'JobIdentifier'),
    jobIdentifier: variable(job, 'Identifier'),
    jobPartsCompleted: variable(job, 'PartsCompleted'),
    jobPartsGood: variable(job, 'PartsGood'),
    jobRunsCompleted: variable(job, 'RunsCompleted'),
    jobRunsPlanned: variable(job, 'RunsPlanned'),
  };

  const stateless = (target: UAVariable, dataType: DataType, value: unknown): void => {
    target.setValueFromSource({ dataType, value });
  };
  stateless(variable(machine, 'Identification', 'Manufacturer'), DataType.LocalizedText, coerceLocalizedText('Rongtong Simulator'));
  stateless(variable(machine, 'Identification', 'Model'), DataType.LocalizedText, coerceLocalizedText('Simulated 5-axis machining centre'));
  stateless(variable(machine, 'Identification', 'SerialNumber'), DataType.String, id);
  stateless(variable(machine, 'Identification', 'ProductInstanceUri'), DataType.String, `urn:rongtong:simulator:${id}`);
  stateless(variable(machine, 'Production', 'ActiveProgram', 'NumberInList'), DataType.UInt16, 0);
  stateless(variable(job, 'NumberInList'), DataType.UInt16, 0);
  stateless(variable(job, 'RunsPlanned', 'IsValid'), DataType.Boolean, true);

  const nodeIds: Record<string, string> = {
    machineryItemState: itemState.currentState.nodeId.toString(),
    machineryOperationMode: operationMode.currentState.nodeId.toString(),
    activeProgramState: programState.currentState.nodeId.toString(),
    jobState: jobState.currentState.nodeId.toString(),
  };
  for (const [key, node] of Object.entries(v)) nodeIds[key] = node.nodeId.toString();

  return {
    info: {
      id,
      kind: 'cnc',
      nodeId: machine.nodeId.toString(),
      browsePath: `Objects/Machines/${id}`,
      typeDefinition: machineToolType.nodeId.toString(),
      typeDefinitionName: 'MachineToolType',
      variables: nodeIds,
    },
    publish(s: MachineSnapshot, w: ValueWriter) {
      const at = s.at;
      const lifetime = s.counters.partsProducedInLifetime ?? 0;
      const partsCompleted = s.counters.jobPartsCompleted ?? 0;
      const partsGood = s.counters.jobPartsGood ?? 0;
      // Job identity and counter resets first, so a subscriber never sees the new job's state
      // with the old job's counters.
      w.write(v.jobIdentifier, s.job.id, () => ({ dataType: DataType.String, value: s.job.id }), at, 'now');
      w.write(v.activeProgramJobIdentifier, s.job.id, () => ({ dataType: DataType.String, value: s.job.id }), at, 'now');
      w.write(v.activeProgramName, s.job.product, () => ({ dataType: DataType.String, value: s.job.product }), at, 'now');
      const runsCompleted = s.job.phase === 'Ended' ? 1 : 0;
      w.write(v.jobRunsCompleted, String(runsCompleted), () => ({ dataType: DataType.UInt32, value: runsCompleted }), at, 'now');
      w.write(v.jobRunsPlanned, '1', () => ({ dataType: DataType.UInt32, value: 1 }), at, 'now');
      w.write(v.jobPartsCompleted, String(partsCompleted), () => ({ dataType: DataType.UInt32, value: partsCompleted }), at, 'coalesce');
      w.write(v.jobPartsGood, String(partsGood), () => ({ dataType: DataType.UInt32, value: partsGood }), at, 'coalesce');
      w.write(v.partsProducedInLifetime, String(lifetime), () => ({ dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: coerceUInt64(lifetime) }), at, 'coalesce');
      w.write(v.statisticsPartsProducedInLifetime, String(lifetime), () => ({ dataType: DataType.UInt32, value: lifetime % UINT32 }), at, 'coalesce');
      w.write(v.powerOnDuration, String(s.powerOnMs), () => ({ dataType: DataType.Double, value: s.powerOnMs }), at, 'coalesce');
      const modeValue = OPERATION_MODE_VALUE[s.mode] ?? 5;
      w.write(v.operationModeEnum, String(modeValue), () => ({ dataType: DataType.Int32, value: modeValue }), at, 'now');
      operationMode.write(w, s.mode, at);
      itemState.write(w, s.state, at);
      programState.write(w, s.job.phase, at);
      jobState.write(w, s.job.phase, at);
    },
  };
}
