import { type DiscoveryFacts, completeDiscovery } from '../complete-discovery.js';
import type { DiscoveryResult } from '../discovery-result.js';
import { recognizeMachines } from '../recognize-machines.js';
import { OPCUA_MODEL_URIS, STANDARD_NODES as N } from '../standard-models.js';
import { createTypeHierarchy } from '../type-hierarchy.js';
import { PLANT, VENDOR, snapshotBuilder } from './snapshot-builder.js';

const { ua, di, machinery, machineTool, packML } = OPCUA_MODEL_URIS;
export const p = (id: string): string => `nsu=${PLANT};s=${id}`;

/**
 * A plant server: a vendor machine tool (a subtype of MachineToolType, a subtype of the
 * MachineryItemState machine), a Machinery machine of a vendor type, a PackML line, a plain
 * vendor folder, a machine tool with two jobs and no lifetime counter, and a component machine
 * tool inside the first one.
 */
export function plant() {
  const b = snapshotBuilder();
  const vendorMachineTool = b.type(`nsu=${VENDOR};i=1000`, VENDOR, 'VendorMillType', N.machineToolType);
  const vendorItemState = b.type(`nsu=${VENDOR};i=1001`, VENDOR, 'VendorItemStateType', N.machineryItemStateType);
  const vendorPress = b.type(`nsu=${VENDOR};i=1002`, VENDOR, 'PressType', 'i=58');
  b.object(undefined, { id: N.machinesFolder, name: 'Machines', ns: machinery, type: 'i=61', ref: 'i=35' });
  b.object(undefined, { id: N.packmlObjectsFolder, name: 'PackMLObjects', ns: packML, type: 'i=61', ref: 'i=35' });
  b.object(undefined, { id: `nsu=${di};i=5001`, name: 'DeviceSet', ns: di, type: 'i=58', ref: 'i=35' });
  b.object(undefined, { id: 'i=31915', name: 'Locations', ns: ua, type: 'i=61', ref: 'i=35' });

  // Mill 1: a vendor subtype of MachineToolType with the Machinery building blocks.
  const mill = b.object(N.machinesFolder, { id: p('Mill 1'), name: 'Mill 1', displayName: '1号铣床', type: vendorMachineTool, ref: 'i=35' });
  const ident = b.object(mill, { id: p('Mill1.Identification'), name: 'Identification', ns: di, ref: 'i=17604' });
  b.variable(ident, { id: p('Mill1.Manufacturer'), name: 'Manufacturer', ns: di, type: 'i=68', ref: 'i=46' });
  b.variable(ident, { id: p('Mill1.Model'), name: 'Model', ns: di, type: 'i=68', ref: 'i=46' });
  b.variable(ident, { id: p('Mill1.SerialNumber'), name: 'SerialNumber', ns: di, type: 'i=68', ref: 'i=46' });
  const monitoring = b.object(mill, { id: p('Mill1.Monitoring'), name: 'Monitoring', ns: machineTool });
  const mt = b.object(monitoring, { id: p('Mill1.Monitoring.MachineTool'), name: 'MachineTool', ns: machineTool });
  b.stateMachine(mt, { id: p('Mill1.ItemState'), name: 'MachineryItemState', ns: machinery, type: vendorItemState, ref: 'i=17604' });
  b.stateMachine(mt, { id: p('Mill1.OpMode'), name: 'MachineryOperationMode', ns: machinery, type: N.machineryOperationModeType, ref: 'i=17604' });
  const counters = b.object(mt, { id: p('Mill1.OperationCounters'), name: 'OperationCounters', ns: di });
  b.variable(counters, { id: p('Mill1.PartsProducedInLifetime'), name: 'PartsProducedInLifetime', ns: machineTool });
  const production = b.object(mill, { id: p('Mill1.Production'), name: 'Production', ns: machineTool });
  const statistics = b.object(production, { id: p('Mill1.Statistics'), name: 'Statistics', ns: machineTool });
  b.variable(statistics, { id: p('Mill1.Statistics.PartsProducedInLifetime'), name: 'PartsProducedInLifetime', ns: machineTool });
  const program = b.object(production, { id: p('Mill1.ActiveProgram'), name: 'ActiveProgram', ns: machineTool, type: N.productionActiveProgramType });
  b.variable(program, { id: p('Mill1.ActiveProgram.Name'), name: 'Name', ns: machineTool, type: 'i=68', ref: 'i=46' });
  b.variable(program, { id: p('Mill1.ActiveProgram.JobIdentifier'), name: 'JobIdentifier', ns: machineTool });
  const plan = b.object(production, { id: p('Mill1.ProductionPlan'), name: 'ProductionPlan', ns: machineTool });
  const job = b.object(plan, { id: p('Mill1.Job'), name: 'Job-42', type: N.productionJobType, ref: 'i=49' });
  b.variable(job, { id: p('Mill1.Job.PartsCompleted'), name: 'PartsCompleted', ns: machineTool });
  b.variable(job, { id: p('Mill1.Job.PartsGood'), name: 'PartsGood', ns: machineTool });
  // A component with its own state: not the machine's.
  const components = b.object(mill, { id: p('Mill1.Components'), name: 'Components', ns: machinery, type: 'i=61' });
  const spindle = b.object(components, { id: p('Mill1.Spindle'), name: 'Spindle', ns: VENDOR });
  b.stateMachine(spindle, { id: p('Mill1.Spindle.ItemState'), name: 'MachineryItemState', ns: machinery, type: N.machineryItemStateType });
  // A machine tool typed object inside the mill: a component, not a second machine.
  b.object(mill, { id: p('Mill1.Loader'), name: 'Loader', type: N.machineToolType });

  // Press 7: a Machinery machine of a vendor type, found through the Machines folder only.
  const press = b.object(N.machinesFolder, { id: p('Press7'), name: 'Press7', type: vendorPress, ref: 'i=35' });
  b.stateMachine(press, { id: p('Press7.ItemState'), name: 'MachineryItemState', ns: machinery, type: N.machineryItemStateType, ref: 'i=17604' });

  // Lathe 2: a machine tool with two jobs and no lifetime counter; also organized by another folder.
  const lathe = b.object(N.machinesFolder, { id: p('Lathe2'), name: 'Lathe2', type: N.machineToolType, ref: 'i=35' });
  const lplan = b.object(lathe, { id: p('Lathe2.ProductionPlan'), name: 'ProductionPlan', ns: machineTool });
  for (const j of ['A', 'B']) {
    const jobNode = b.object(lplan, { id: p(`Lathe2.Job${j}`), name: `Job${j}`, type: N.productionJobType });
    b.variable(jobNode, { id: p(`Lathe2.Job${j}.PartsCompleted`), name: 'PartsCompleted', ns: machineTool });
  }

  // A PackML line.
  const line = b.object(N.packmlObjectsFolder, { id: p('Line'), name: 'Line', type: N.packmlBaseObjectType, ref: 'i=35' });
  const base = b.stateMachine(line, { id: p('Line.Base'), name: 'BaseStateMachine', ns: packML, type: N.packmlBaseStateMachineType });
  const machineState = b.stateMachine(base, { id: p('Line.Machine'), name: 'MachineState', ns: packML, type: N.packmlMachineStateMachineType });
  b.stateMachine(machineState, { id: p('Line.Execute'), name: 'ExecuteState', ns: packML, type: N.packmlExecuteStateMachineType });
  const admin = b.object(line, { id: p('Line.Admin'), name: 'Admin', ns: packML });
  b.variable(admin, { id: p('Line.Processed'), name: 'ProdProcessedCount', ns: packML });
  b.variable(admin, { id: p('Line.Defective'), name: 'ProdDefectiveCount', ns: packML });
  b.variable(admin, { id: p('Line.DesignSpeed'), name: 'MachDesignSpeed', ns: packML });
  const status = b.object(line, { id: p('Line.Status'), name: 'Status', ns: packML });
  b.variable(status, { id: p('Line.UnitMode'), name: 'UnitModeCurrent', ns: packML });
  b.variable(status, { id: p('Line.Speed'), name: 'CurMachSpeed', ns: packML });

  // A vendor folder of plain variables, with a property that is no data variable.
  const legacy = b.object(undefined, { id: p('Old'), name: 'Old press', type: 'i=61', ref: 'i=35' });
  b.variable(legacy, { id: p('Old.Status'), name: 'Status', ref: 'i=35' });
  b.variable(legacy, { id: p('Old.ShotCounter'), name: 'ShotCounter', ref: 'i=35' });
  b.variable(legacy, { id: p('Old.Version'), name: 'Version', ref: 'i=46', type: 'i=68' });
  // A second object named like the first machine: ids stay unique.
  const dup = b.object(undefined, { id: p('Mill1-dup'), name: 'Mill 1', type: 'i=61', ref: 'i=35' });
  b.variable(dup, { id: p('Mill1-dup.Temp'), name: 'Temperature', ref: 'i=35' });
  return b;
}

export function discover(): DiscoveryResult {
  const b = plant();
  b.type(`nsu=${packML};i=15`, packML, 'PackMLCountDataType', 'i=22');
  const snapshot = b.build();
  const types = createTypeHierarchy(snapshot.types);
  const recognition = recognizeMachines(snapshot, types);
  const variableTypes = new Map([
    [p('Mill1.PartsProducedInLifetime'), { dataType: 'i=9', valueRank: -1 }],
    [p('Mill1.Job.PartsGood'), { dataType: 'i=289', valueRank: -1 }],
    [p('Mill1.ItemState.CurrentState'), { dataType: 'i=21', valueRank: -1 }],
    [p('Lathe2.JobA.PartsCompleted'), { dataType: 'i=7', valueRank: -1 }],
    [p('Line.Processed'), { dataType: `nsu=${packML};i=15`, valueRank: 1 }],
    [p('Old.ShotCounter'), { dataType: 'i=7', valueRank: -1 }],
    [p('Old.Status'), { dataType: 'i=6', valueRank: -1 }],
  ]);
  const facts: DiscoveryFacts = {
    variableTypes,
    values: new Map<string, unknown>([
      [p('Mill1.Manufacturer'), { text: 'Chongqing Machine Tool' }],
      [p('Mill1.Model'), { text: '  ' }],
      [p('Mill1.SerialNumber'), 'SN-0042'],
      [p('Line.DesignSpeed'), 140],
    ]),
  };
  return completeDiscovery(recognition, snapshot, facts, types, {
    connection: { endpointUrl: 'opc.tcp://plant:4840', securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', user: { kind: 'anonymous' } },
    stats: { nodes: snapshot.nodes.length, browseRequests: 1, readRequests: 1, truncated: false, maxNodesPerBrowse: 1000, maxNodesPerRead: 1000 },
    warnings: [],
  });
}

