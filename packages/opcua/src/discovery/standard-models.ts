/**
 * The companion specifications discovery recognises, by namespace URI — never by namespace
 * index, which depends on the order a server loads its models. NodeIds here are in the
 * portable form (`nsu=<uri>;i=<n>`, namespace 0 as `i=<n>`) that the snapshot uses.
 */
export const OPCUA_MODEL_URIS = Object.freeze({
  ua: 'http://opcfoundation.org/UA/',
  di: 'http://opcfoundation.org/UA/DI/',
  machinery: 'http://opcfoundation.org/UA/Machinery/',
  machineTool: 'http://opcfoundation.org/UA/MachineTool/',
  packML: 'http://opcfoundation.org/UA/PackML/',
} as const);

const nsu = (uri: string, id: number): string => `nsu=${uri};i=${id}`;
const { machinery, machineTool, packML } = OPCUA_MODEL_URIS;

/**
 * Types and instances of the standard models, by their numeric ids in the published NodeSets
 * (OPC 40001-1 Machinery 1.03, OPC 40501-1 Machine Tools 1.02, OPC 30050 PackML 1.01).
 */
export const STANDARD_NODES = Object.freeze({
  /** `Objects/Machines` (OPC 40001-1 §8.1): the folder that organizes every machine of a server. */
  machinesFolder: nsu(machinery, 1001),
  /** `MachineryItemState_StateMachineType` (OPC 40001-1 §12.1): NotAvailable, OutOfService, NotExecuting, Executing. */
  machineryItemStateType: nsu(machinery, 1002),
  /** `MachineryOperationModeStateMachineType` (OPC 40001-1 §13.1): None, Maintenance, Setup, Processing. */
  machineryOperationModeType: nsu(machinery, 1008),
  /** `MachineToolType` (OPC 40501-1 §8.1). */
  machineToolType: nsu(machineTool, 13),
  /** `ProductionJobType` (OPC 40501-1 §10.4): PartsCompleted, PartsGood of one job. */
  productionJobType: nsu(machineTool, 29),
  /** `ProductionActiveProgramType` (OPC 40501-1 §10.6). */
  productionActiveProgramType: nsu(machineTool, 32),
  /** `PackMLObjects` folder (OPC 30050 §6.2). */
  packmlObjectsFolder: nsu(packML, 72),
  /** `PackMLBaseObjectType` (OPC 30050 §7.2): one PackML unit / machine. */
  packmlBaseObjectType: nsu(packML, 6),
  /** `PackMLBaseStateMachineType`: Aborting, Aborted, Cleared (its sub-state machine `MachineState`). */
  packmlBaseStateMachineType: nsu(packML, 3),
  /** `PackMLMachineStateMachineType`: Clearing, Stopped, Stopping, Running (its sub-state machine `ExecuteState`). */
  packmlMachineStateMachineType: nsu(packML, 2),
  /** `PackMLExecuteStateMachineType`: the 12 remaining states (Idle, Starting, Execute, Held, …). */
  packmlExecuteStateMachineType: nsu(packML, 1),
  /** `FolderType`. */
  folderType: 'i=61',
  /** `BaseObjectType`, root of the object types. */
  baseObjectType: 'i=58',
  /** `BaseDataType`, root of the data types. */
  baseDataType: 'i=24',
  /** `Enumeration`. */
  enumeration: 'i=29',
  /** `Structure`. */
  structure: 'i=22',
  /** `HasProperty` reference type. */
  hasProperty: 'i=46',
} as const);

/**
 * The built-in data types (namespace 0) by NodeId: a variable's DataType is reduced to the
 * nearest of them through the type hierarchy (a `Counter` is a `UInt32`).
 */
export const BUILT_IN_DATA_TYPES: Readonly<Record<string, string>> = Object.freeze({
  'i=1': 'Boolean',
  'i=2': 'SByte',
  'i=3': 'Byte',
  'i=4': 'Int16',
  'i=5': 'UInt16',
  'i=6': 'Int32',
  'i=7': 'UInt32',
  'i=8': 'Int64',
  'i=9': 'UInt64',
  'i=10': 'Float',
  'i=11': 'Double',
  'i=12': 'String',
  'i=13': 'DateTime',
  'i=14': 'Guid',
  'i=15': 'ByteString',
  'i=16': 'XmlElement',
  'i=17': 'NodeId',
  'i=20': 'QualifiedName',
  'i=21': 'LocalizedText',
  'i=22': 'Structure',
  'i=29': 'Enumeration',
});

/** Integer data types and the modulus at which a counter of that type wraps (unsigned only: a signed counter goes negative). */
export const COUNTER_WRAP: Readonly<Record<string, number | undefined>> = Object.freeze({
  Byte: 2 ** 8,
  UInt16: 2 ** 16,
  UInt32: 2 ** 32,
  // UInt64 and the signed types: no usable modulus (2⁶⁴ is beyond a lifetime; signed ones turn negative).
});

/** Integer built-in types: the values a counter or an enumeration has. */
export const INTEGER_DATA_TYPES: ReadonlySet<string> = new Set(['SByte', 'Byte', 'Int16', 'UInt16', 'Int32', 'UInt32', 'Int64', 'UInt64', 'Enumeration']);

/**
 * PackML `ProductionMaintenanceModeEnum` (OPC 30050 §6.5.2), the values of
 * `Status/UnitModeCurrent`: 0 Invalid, 1 Produce, 2 Maintenance, 3 Manual.
 */
export const PACKML_UNIT_MODE_VALUES = Object.freeze({ Invalid: 0, Produce: 1, Maintenance: 2, Manual: 3 } as const);
