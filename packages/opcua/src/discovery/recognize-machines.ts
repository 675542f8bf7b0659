import { PACKML_STATE_MAPPING, type SignalSemantic, type SignalStateMapping } from '@rongtong/core';
import { type AddressSpaceSnapshot, type BrowsedNode, type SnapshotIndex, indexSnapshot } from './address-space-snapshot.js';
import type { DiscoveredMachineKind, ElementAddress } from './discovery-result.js';
import { OPCUA_MODEL_URIS, PACKML_UNIT_MODE_VALUES, STANDARD_NODES } from './standard-models.js';
import type { TypeHierarchy } from './type-hierarchy.js';

/** A signal recognised in the snapshot, before its data type is read. */
export interface SignalDraft {
  /** Last part of the signal id, e.g. `state`, `produced`, `state/execute`. */
  readonly role: string;
  readonly semantic: SignalSemantic;
  /** The variable read. */
  readonly node: BrowsedNode;
  /** The type definition that identified it (the state machine's, for a `CurrentState`). */
  readonly typeDefinitionId: string;
  readonly unit: string;
  /** Counter behaviour without `wrapsAt`, which comes from the data type. */
  readonly counter?: { readonly monotonic: true; readonly resetsOnJob?: boolean };
  readonly stateMappings?: readonly SignalStateMapping[];
  readonly element?: ElementAddress;
  readonly description: string;
}

/** A machine recognised in the snapshot, before its identification and data types are read. */
export interface MachineDraft {
  readonly kind: DiscoveredMachineKind;
  readonly node: BrowsedNode;
  readonly typeDefinitionName: string;
  readonly signals: readonly SignalDraft[];
  /** Variables whose values are equipment fields. */
  readonly identification: { readonly manufacturer?: BrowsedNode; readonly model?: BrowsedNode; readonly serialNumber?: BrowsedNode };
  /** PackML `Admin/MachDesignSpeed` (units per minute), read for the ideal unit time. */
  readonly designSpeed?: BrowsedNode;
  readonly notes: readonly string[];
}

/** An object with data variables that no standard model describes. */
export interface UnrecognisedDraft {
  readonly node: BrowsedNode;
  readonly variables: readonly BrowsedNode[];
}

/** What {@link recognizeMachines} found. */
export interface Recognition {
  readonly machines: readonly MachineDraft[];
  readonly unrecognised: readonly UnrecognisedDraft[];
  readonly warnings: readonly string[];
}

const { di, machinery, machineTool, packML, ua } = OPCUA_MODEL_URIS;
const N = STANDARD_NODES;

/**
 * The PackML state mapping as `stateMappings` entries: the 17 states of core's
 * `PACKML_STATE_MAPPING` with their buckets, and `Cleared` (BaseStateMachine) and `Running`
 * (MachineState) without a bucket — they only say that the inner state machine is active,
 * whose own `CurrentState` carries the state, so the agent ignores them and the inner state
 * continues. The agent buckets every state with the Machinery table plus these entries, so all
 * PackML names must be listed. One shared (frozen) array: the YAML shows it once, with an anchor.
 */
export const PACKML_STATE_MAPPINGS: readonly SignalStateMapping[] = Object.freeze([
  ...Object.entries(PACKML_STATE_MAPPING.states).map(([rawState, bucket]) => Object.freeze({ rawState, bucket })),
  Object.freeze({ rawState: 'Cleared' }),
  Object.freeze({ rawState: 'Running' }),
]);

/** PackML unit mode Maintenance (`Status/UnitModeCurrent` = 2) is planned downtime, as core's PackML table has it. */
const PACKML_MODE_MAPPINGS: readonly SignalStateMapping[] = Object.freeze([Object.freeze({ rawState: String(PACKML_UNIT_MODE_VALUES.Maintenance), bucket: 'pdot' as const })]);

/** Inside one machine: its index, its subtree and the hierarchy. */
class MachineScope {
  readonly subtree: readonly BrowsedNode[];

  constructor(
    readonly index: SnapshotIndex,
    readonly types: TypeHierarchy,
    readonly machine: BrowsedNode,
    prune: (node: BrowsedNode) => boolean,
  ) {
    this.subtree = index.descendants(machine.nodeId, prune);
  }

  /** Objects of the subtree whose type is `type` or a subtype, shallowest first. */
  objectsOfType(type: string): BrowsedNode[] {
    return this.subtree.filter((n) => n.nodeClass === 'Object' && this.types.isA(n.typeDefinition, type));
  }

  /** A child by BrowseName, preferring `namespaceUri`, else any namespace. */
  child(node: BrowsedNode | undefined, name: string, namespaceUri: string): BrowsedNode | undefined {
    if (node === undefined) return undefined;
    return this.index.child(node.nodeId, name, namespaceUri) ?? this.index.child(node.nodeId, name);
  }

  /** The `CurrentState` variable of a state machine object. */
  currentState(stateMachine: BrowsedNode | undefined): BrowsedNode | undefined {
    const v = this.child(stateMachine, 'CurrentState', ua);
    return v?.nodeClass === 'Variable' ? v : undefined;
  }

  /** Variables of the subtree with this BrowseName (namespace and name), shallowest first. */
  variablesNamed(name: string, namespaceUri: string): BrowsedNode[] {
    return this.subtree.filter((n) => n.nodeClass === 'Variable' && n.browseName.name === name && n.browseName.namespaceUri === namespaceUri);
  }

  pathText(node: BrowsedNode): string {
    const machineDepth = this.machine.path.length;
    return node.path
      .slice(machineDepth)
      .map((p) => p.name)
      .join('/');
  }
}

function stateSignal(scope: MachineScope, role: string, semantic: SignalSemantic, stateMachine: BrowsedNode, description: string, stateMappings?: readonly SignalStateMapping[]): SignalDraft | undefined {
  const current = scope.currentState(stateMachine);
  if (current === undefined) return undefined;
  return {
    role,
    semantic,
    node: current,
    typeDefinitionId: stateMachine.typeDefinition,
    unit: '',
    ...(stateMappings === undefined ? {} : { stateMappings }),
    description,
  };
}

/** The one of several candidates to use (the shallowest), with a note when there is a choice. */
function pickFirst(scope: MachineScope, candidates: readonly BrowsedNode[], what: string, notes: string[]): BrowsedNode | undefined {
  const [first] = candidates;
  if (first !== undefined && candidates.length > 1) {
    notes.push(`${candidates.length} ${what} found (${candidates.map((c) => scope.pathText(c)).join(', ')}): used ${scope.pathText(first)}`);
  }
  return first;
}

function identificationOf(scope: MachineScope): MachineDraft['identification'] {
  const identification = scope.child(scope.machine, 'Identification', di);
  const field = (name: string): BrowsedNode | undefined => {
    const v = scope.child(identification, name, di);
    return v?.nodeClass === 'Variable' ? v : undefined;
  };
  const manufacturer = field('Manufacturer');
  const model = field('Model');
  const serialNumber = field('SerialNumber');
  return {
    ...(manufacturer ? { manufacturer } : {}),
    ...(model ? { model } : {}),
    ...(serialNumber ? { serialNumber } : {}),
  };
}

/** Machinery building blocks (state, mode, identification) of a Machinery or Machine Tools machine. */
function machinerySignals(scope: MachineScope, signals: SignalDraft[], notes: string[]): void {
  const itemState = pickFirst(scope, scope.objectsOfType(N.machineryItemStateType), 'MachineryItemState state machines', notes);
  const state =
    itemState &&
    stateSignal(
      scope,
      'state',
      'machine_state',
      itemState,
      'OPC 40001-1 MachineryItemState/CurrentState: state name (NotAvailable, OutOfService, NotExecuting, Executing), bucketed by OPC 40501-1 Annex C — the agent default',
    );
  if (state) signals.push(state);
  else notes.push('no MachineryItemState/CurrentState: no machine_state signal, so no state intervals; map a state variable by hand');
  const opMode = pickFirst(scope, scope.objectsOfType(N.machineryOperationModeType), 'MachineryOperationMode state machines', notes);
  const mode =
    opMode &&
    stateSignal(
      scope,
      'mode',
      'operation_mode',
      opMode,
      'OPC 40001-1 MachineryOperationMode/CurrentState: mode name (None, Maintenance, Setup, Processing); Executing in Setup is setup time (AUST), any state in Maintenance planned downtime',
    );
  if (mode) signals.push(mode);
  else if (state) notes.push('no MachineryOperationMode: Executing counts as production time, setup and maintenance cannot be told apart');
}

/** Machine Tools counters, job and product. */
function machineToolSignals(scope: MachineScope, signals: SignalDraft[], notes: string[]): void {
  const lifetimeCounters = scope.variablesNamed('PartsProducedInLifetime', machineTool);
  // The UInt64 one under OperationCounters; Production/Statistics holds the deprecated UInt32 one.
  const statistics = (n: BrowsedNode): boolean => {
    const parent = n.parent === undefined ? undefined : scope.index.get(n.parent);
    return parent?.browseName.name === 'Statistics';
  };
  const lifetime = lifetimeCounters.find((n) => !statistics(n)) ?? lifetimeCounters[0];
  if (lifetime !== undefined) {
    if (statistics(lifetime)) notes.push('PartsProducedInLifetime only under Production/Statistics (deprecated in Machine Tools 1.02, may be UInt32 and wrap)');
    signals.push({
      role: 'produced',
      semantic: 'produced_count',
      node: lifetime,
      typeDefinitionId: lifetime.typeDefinition,
      unit: '',
      counter: { monotonic: true },
      description: 'OPC 40501-1 PartsProducedInLifetime: every part made, good and scrap, since the machine was built; never resets, so no part is lost at a job change → PQ',
    });
  }

  const jobs = scope.objectsOfType(N.productionJobType);
  const job = jobs.length === 1 ? jobs[0] : undefined;
  if (jobs.length > 1) {
    notes.push(
      `${jobs.length} production jobs in the ProductionPlan (${jobs.map((j) => j.browseName.name).join(', ')}): job counters not mapped, as the running job moves between nodes`,
    );
  }
  const partsGood = scope.child(job, 'PartsGood', machineTool);
  const partsCompleted = scope.child(job, 'PartsCompleted', machineTool);
  if (lifetime === undefined && partsCompleted?.nodeClass === 'Variable') {
    signals.push({
      role: 'produced',
      semantic: 'produced_count',
      node: partsCompleted,
      typeDefinitionId: partsCompleted.typeDefinition,
      unit: '',
      counter: { monotonic: true, resetsOnJob: true },
      description: 'OPC 40501-1 ProductionJob PartsCompleted: parts of the current job, good and scrap; back to 0 at each job → PQ (no PartsProducedInLifetime on this machine)',
    });
  } else if (partsCompleted !== undefined) {
    notes.push('ProductionJob PartsCompleted not mapped: PartsProducedInLifetime counts the same parts and never resets');
  }
  if (partsGood?.nodeClass === 'Variable') {
    signals.push({
      role: 'good',
      semantic: 'good_count',
      node: partsGood,
      typeDefinitionId: partsGood.typeDefinition,
      unit: '',
      counter: { monotonic: true, resetsOnJob: true },
      description: 'OPC 40501-1 ProductionJob PartsGood: good parts of the current job; back to 0 at each job → GQ',
    });
    if (signals.some((s) => s.semantic === 'produced_count')) {
      notes.push(
        'Machine Tools has no scrap counter: scrap SQ = PQ − GQ (PartsProducedInLifetime − PartsGood); the agent derives SQ only from a bad_count signal today, so until it completes SQ from PQ − GQ its SQ is 0 (GQ/PQ, the quality ratio, is right)',
      );
    }
  } else if (signals.some((s) => s.semantic === 'produced_count')) {
    notes.push('no ProductionJob PartsGood: good count = produced count (no scrap known)');
  } else {
    notes.push('no parts counter (PartsProducedInLifetime, ProductionJob PartsCompleted/PartsGood): no production counts; map a counter by hand');
  }

  const activeProgram = scope.objectsOfType(N.productionActiveProgramType)[0];
  const jobIdentifier = scope.child(activeProgram, 'JobIdentifier', machineTool) ?? scope.child(job, 'Identifier', machineTool);
  if (jobIdentifier?.nodeClass === 'Variable') {
    signals.push({
      role: 'job',
      semantic: 'job',
      node: jobIdentifier,
      typeDefinitionId: jobIdentifier.typeDefinition,
      unit: '',
      description: `OPC 40501-1 ${scope.pathText(jobIdentifier)}: the current job`,
    });
  }
  const programName = scope.child(activeProgram, 'Name', machineTool);
  if (programName?.nodeClass === 'Variable') {
    signals.push({
      role: 'product',
      semantic: 'product',
      node: programName,
      typeDefinitionId: programName.typeDefinition,
      unit: '',
      description: 'OPC 40501-1 Production/ActiveProgram/Name: the NC program running, standing for the part made (ideal unit times per product are keyed by it)',
    });
  }
}

/** PackML state machines, counters, mode and speed. */
function packmlSignals(scope: MachineScope, signals: SignalDraft[], notes: string[]): BrowsedNode | undefined {
  // Innermost first: at a change the inner machine turns Bad_StateNotActive in the same instant
  // the outer one takes the state, and the agent orders samples of one instant as delivered.
  const machines: [string, string, string, string][] = [
    ['state/execute', N.packmlExecuteStateMachineType, 'PackMLExecuteStateMachineType', 'OPC 30050 BaseStateMachine/MachineState/ExecuteState/CurrentState: the PackML state while MachineState is Running (12 states: Idle, Starting, Execute, Completing, Complete, Resetting, Holding, Held, Unholding, Suspending, Suspended, Unsuspending); Bad_StateNotActive otherwise'],
    ['state/machine', N.packmlMachineStateMachineType, 'PackMLMachineStateMachineType', 'OPC 30050 BaseStateMachine/MachineState/CurrentState: Clearing, Stopped, Stopping, or Running (ignored: ExecuteState has the state) while the base is Cleared; Bad_StateNotActive otherwise'],
    ['state/base', N.packmlBaseStateMachineType, 'PackMLBaseStateMachineType', 'OPC 30050 BaseStateMachine/CurrentState: Aborting, Aborted, or Cleared (ignored: MachineState has the state)'],
  ];
  let stateMachines = 0;
  for (const [role, type, typeName, description] of machines) {
    const stateMachine = pickFirst(scope, scope.objectsOfType(type), `${typeName} state machines`, notes);
    const signal = stateMachine && stateSignal(scope, role, 'machine_state', stateMachine, description, PACKML_STATE_MAPPINGS);
    if (signal) {
      signals.push(signal);
      stateMachines += 1;
    }
  }
  if (stateMachines === 0) notes.push('no PackML state machine with a CurrentState: no machine_state signal');
  else {
    notes.push(
      'the PackML state is the CurrentState of the innermost active of three nested state machines (OPC 30050 has no Status/StateCurrent): all three are machine_state signals of the line, with the PackML mapping as stateMappings; an inactive one reads Bad_StateNotActive at the same instant the outer one takes the state',
    );
  }

  const admin = scope.child(scope.machine, 'Admin', packML);
  const status = scope.child(scope.machine, 'Status', packML);
  const counts: [string, string, SignalSemantic, string][] = [
    ['ProdProcessedCount', 'produced', 'produced_count', 'OPC 30050 Admin/ProdProcessedCount[0].AccCount: units processed, good and defective, accumulated over jobs (Count restarts per job) → PQ'],
    ['ProdDefectiveCount', 'bad', 'bad_count', 'OPC 30050 Admin/ProdDefectiveCount[0].AccCount: defective units, accumulated over jobs → SQ'],
  ];
  for (const [name, role, semantic, description] of counts) {
    const node = scope.child(admin, name, packML);
    if (node?.nodeClass !== 'Variable') continue;
    signals.push({
      role,
      semantic,
      node,
      typeDefinitionId: node.typeDefinition,
      unit: '',
      counter: { monotonic: true },
      element: { indexRange: '0', field: 'AccCount' },
      description,
    });
  }
  if (signals.some((s) => s.element !== undefined)) {
    notes.push(
      'PackML counters are fields of array elements (PackMLCountDataType[]: ID, Name, Unit, Count, AccCount per product): the signals read AccCount of the first element (indexRange 0, field AccCount), the first product only; add signals for more elements if the line counts several products',
    );
  }
  const unitMode = scope.child(status, 'UnitModeCurrent', packML);
  if (unitMode?.nodeClass === 'Variable') {
    signals.push({
      role: 'mode',
      semantic: 'operation_mode',
      node: unitMode,
      typeDefinitionId: unitMode.typeDefinition,
      unit: '',
      stateMappings: PACKML_MODE_MAPPINGS,
      description: 'OPC 30050 Status/UnitModeCurrent (ProductionMaintenanceModeEnum: 1 Produce, 2 Maintenance, 3 Manual): Maintenance is planned downtime',
    });
  }
  const speed = scope.child(status, 'CurMachSpeed', packML);
  if (speed?.nodeClass === 'Variable') {
    signals.push({
      role: 'speed',
      semantic: 'speed',
      node: speed,
      typeDefinitionId: speed.typeDefinition,
      unit: '/min',
      description: 'OPC 30050 Status/CurMachSpeed: current speed, primary packages per minute',
    });
  }
  const designSpeed = scope.child(admin, 'MachDesignSpeed', packML);
  return designSpeed?.nodeClass === 'Variable' ? designSpeed : undefined;
}

function kindOf(node: BrowsedNode, types: TypeHierarchy): DiscoveredMachineKind | undefined {
  if (node.nodeClass !== 'Object') return undefined;
  if (types.isA(node.typeDefinition, N.machineToolType)) return 'machine-tool';
  if (types.isA(node.typeDefinition, N.packmlBaseObjectType)) return 'packml';
  if (node.parent === N.machinesFolder || node.otherParents?.includes(N.machinesFolder)) return 'machinery';
  return undefined;
}

/** Standard folders and namespace-0 objects: never reported as unrecognised machines. */
function isInfrastructure(node: BrowsedNode): boolean {
  return node.browseName.namespaceUri === ua || node.nodeId === N.machinesFolder || node.nodeId === N.packmlObjectsFolder;
}

/**
 * Recognises machines in a snapshot (pure):
 *
 * - **Machine Tools**: objects whose type definition is `MachineToolType` or a subtype;
 * - **PackML**: objects whose type definition is `PackMLBaseObjectType` or a subtype;
 * - **Machinery**: other objects in the `Machines` folder (found by the folder's NodeId in the
 *   Machinery namespace).
 *
 * An object below another machine is its component, not a machine of its own. Within a
 * machine (not descending into its Machinery `Components`), the building blocks are found by
 * type definition (MachineryItemState, MachineryOperationMode, ProductionJob, the three
 * PackML state machines) and by BrowseName in their model's namespace (Identification,
 * PartsProducedInLifetime, PartsGood, Admin/ProdProcessedCount, …). Objects outside machines
 * with data variables (not properties) and no standard type are `unrecognised`.
 */
export function recognizeMachines(snapshot: AddressSpaceSnapshot, types: TypeHierarchy): Recognition {
  const index = indexSnapshot(snapshot);
  const candidates = snapshot.nodes.filter((n) => kindOf(n, types) !== undefined);
  const machineIds = new Set(candidates.map((c) => c.nodeId));
  // A machine below another machine is a component of it.
  const outer = candidates.filter((c) => !candidates.some((other) => other !== c && index.isBelow(c.nodeId, other.nodeId)));
  const machines: MachineDraft[] = [];
  for (const node of outer) {
    const kind = kindOf(node, types)!;
    const prune = (n: BrowsedNode): boolean =>
      machineIds.has(n.nodeId) || (n.browseName.name === 'Components' && n.browseName.namespaceUri === machinery);
    const scope = new MachineScope(index, types, node, prune);
    const signals: SignalDraft[] = [];
    const notes: string[] = [];
    let designSpeed: BrowsedNode | undefined;
    if (kind === 'packml') {
      designSpeed = packmlSignals(scope, signals, notes);
    } else {
      machinerySignals(scope, signals, notes);
      if (kind === 'machine-tool') machineToolSignals(scope, signals, notes);
      else notes.push('a Machinery machine without a Machine Tools type: no standard parts counter; map one by hand if the machine has it');
    }
    machines.push({
      kind,
      node,
      typeDefinitionName: types.name(node.typeDefinition) ?? node.typeDefinition,
      signals,
      identification: kind === 'packml' ? {} : identificationOf(scope),
      ...(designSpeed ? { designSpeed } : {}),
      notes,
    });
  }

  const inMachines = new Set<string>(machineIds);
  for (const m of outer) for (const n of index.descendants(m.nodeId)) inMachines.add(n.nodeId);
  const inMachine = (n: BrowsedNode): boolean => inMachines.has(n.nodeId);
  const unrecognised: UnrecognisedDraft[] = [];
  for (const node of snapshot.nodes) {
    if (node.nodeClass !== 'Object' || isInfrastructure(node) || inMachine(node)) continue;
    const variables = index.children(node.nodeId).filter((c) => c.nodeClass === 'Variable' && c.referenceType !== N.hasProperty);
    if (variables.length > 0) unrecognised.push({ node, variables });
  }
  return { machines, unrecognised, warnings: [] };
}
