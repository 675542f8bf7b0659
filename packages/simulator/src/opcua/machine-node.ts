import type { AddressSpace, Namespace } from 'node-opcua';
import type { MachineKind } from '../model/machine-kind.js';
import type { MachineSnapshot } from '../model/machine-model.js';
import type { ValueWriter } from './value-writer.js';

/** Where a simulated machine sits in the server's address space. */
export interface SimulatedMachineInfo {
  readonly id: string;
  readonly kind: MachineKind;
  /** NodeId of the machine object (the legacy machine: its folder), e.g. `ns=9;s=CNC1`. */
  readonly nodeId: string;
  /**
   * Readable browse path from the Root folder, BrowseName names only (their namespaces are those
   * of the models: `Machines` is Machinery's, `PackMLObjects` PackML's, the machine the
   * simulator's), e.g. `Objects/Machines/CNC1`.
   */
  readonly browsePath: string;
  /** NodeId of the machine's TypeDefinition, e.g. `ns=6;i=13`. */
  readonly typeDefinition: string;
  /** BrowseName of the TypeDefinition, e.g. `MachineToolType`, `PackMLBaseObjectType`, `FolderType`. */
  readonly typeDefinitionName: string;
  /** NodeIds of the key variables by name (see each kind's node builder). */
  readonly variables: Readonly<Record<string, string>>;
}

/** The OPC UA side of one simulated machine. */
export interface MachineNode {
  readonly info: SimulatedMachineInfo;
  /** Writes what changed in `snapshot` (simulated time `snapshot.at`). */
  publish(snapshot: MachineSnapshot, writer: ValueWriter): void;
}

/** What a machine node builder needs. */
export interface MachineNodeContext {
  readonly addressSpace: AddressSpace;
  /** The simulator's namespace (machine instances live here). */
  readonly namespace: Namespace;
  /** Namespace index of a model by URI. */
  nsIndex(uri: string): number;
}
