import { DataType, VariantArrayType, coerceUInt64, type UAVariable } from 'node-opcua';
import { LEGACY_MACHINE_MODES, LEGACY_STATUS_CODES, type LegacyMachineMode, type LegacyStatus } from '../model/machine-kind.js';
import type { MachineSnapshot } from '../model/machine-model.js';
import type { MachineNode, MachineNodeContext } from './machine-node.js';
import type { ValueWriter } from './value-writer.js';

/**
 * The plain variables of the legacy machine: name → data type. Counter names follow EUROMAP 77 /
 * OPC 40083 `ActiveCyclicJobValuesType` (UInt64), without its object model.
 */
const LEGACY_VARIABLES = Object.freeze({
  /** Vendor status code, see `LEGACY_STATUS_CODES`. */
  Status: DataType.Int32,
  /** EUROMAP 83 `MachineModeEnumeration` value, see `LEGACY_MACHINE_MODES`. */
  MachineMode: DataType.Int32,
  /** Current job (the job's name: a new name means the job counters restarted). */
  JobName: DataType.String,
  /** Mould of the current job. */
  MouldId: DataType.String,
  JobCycleCounter: DataType.UInt64,
  JobPartsCounter: DataType.UInt64,
  JobGoodPartsCounter: DataType.UInt64,
  JobBadPartsCounter: DataType.UInt64,
  /** Lifetime shots, never reset. */
  MachineCycleCounter: DataType.UInt64,
  /** Duration of the last shot, ms. */
  LastCycleTime: DataType.Double,
} as const);

type LegacyVariableName = keyof typeof LEGACY_VARIABLES;

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * Adds the legacy injection moulding machine: a folder `Objects/<id>` (NodeId `s=<id>`) that
 * organizes plain variables with NodeIds `s=<id>.<Name>` in the simulator's namespace, e.g.
 * `s=Legacy1.Status`. No type information beyond `FolderType` and `BaseDataVariableType`.
 */
export function addLegacyMachine(ctx: MachineNodeContext, id: string): MachineNode {
  const { addressSpace, namespace } = ctx;
  const folder = namespace.addFolder(addressSpace.rootFolder.objects, {
    browseName: id,
    nodeId: `s=${id}`,
    description: 'Injection moulding machine with plain vendor variables (no companion specification)',
  });
  const variables = Object.fromEntries(
    Object.entries(LEGACY_VARIABLES).map(([name, dataType]) => [
      name,
      namespace.addVariable({
        organizedBy: folder,
        browseName: name,
        nodeId: `s=${id}.${name}`,
        // LastCycleTime is a Duration (a Double in ms), as in OPC 40083.
        dataType: name === 'LastCycleTime' ? 'Duration' : DataType[dataType],
        minimumSamplingInterval: 0,
      }),
    ]),
  ) as Record<LegacyVariableName, UAVariable>;

  const uint64 = (w: ValueWriter, name: LegacyVariableName, value: number, at: number): void => {
    w.write(variables[name], String(value), () => ({ dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: coerceUInt64(value) }), at, 'coalesce');
  };

  return {
    info: {
      id,
      kind: 'legacy',
      nodeId: folder.nodeId.toString(),
      browsePath: `Objects/${id}`,
      typeDefinition: folder.typeDefinition.toString(),
      typeDefinitionName: 'FolderType',
      variables: Object.fromEntries(Object.entries(variables).map(([name, node]) => [lowerFirst(name), node.nodeId.toString()])),
    },
    publish(s: MachineSnapshot, w: ValueWriter) {
      const at = s.at;
      w.write(variables.JobName, s.job.id, () => ({ dataType: DataType.String, value: s.job.id }), at, 'now');
      w.write(variables.MouldId, s.job.product, () => ({ dataType: DataType.String, value: s.job.product }), at, 'now');
      uint64(w, 'JobCycleCounter', s.counters.jobCycleCounter ?? 0, at);
      uint64(w, 'JobPartsCounter', s.counters.jobPartsCounter ?? 0, at);
      uint64(w, 'JobGoodPartsCounter', s.counters.jobGoodPartsCounter ?? 0, at);
      uint64(w, 'JobBadPartsCounter', s.counters.jobBadPartsCounter ?? 0, at);
      uint64(w, 'MachineCycleCounter', s.counters.machineCycleCounter ?? 0, at);
      w.write(variables.LastCycleTime, String(s.lastCycleMs), () => ({ dataType: DataType.Double, value: s.lastCycleMs }), at, 'coalesce');
      const mode = LEGACY_MACHINE_MODES[s.mode as LegacyMachineMode] ?? LEGACY_MACHINE_MODES.OTHER;
      w.write(variables.MachineMode, String(mode), () => ({ dataType: DataType.Int32, value: mode }), at, 'now');
      const status = LEGACY_STATUS_CODES[s.state as LegacyStatus] ?? -1;
      w.write(variables.Status, String(status), () => ({ dataType: DataType.Int32, value: status }), at, 'now');
    },
  };
}
