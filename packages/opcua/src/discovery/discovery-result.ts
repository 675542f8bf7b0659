import type { CounterBehavior, OpcUaAddress, SignalSemantic, SignalStateMapping } from '@rongtong/core';
import type { OpcuaSecurityMode, OpcuaSecurityPolicy } from '../security-settings.js';

/** Which standard model a machine was recognised by. */
export type DiscoveredMachineKind =
  /** OPC 40501-1 Machine Tools: an instance of (a subtype of) `MachineToolType`. */
  | 'machine-tool'
  /** OPC 40001-1 Machinery: an object in the `Machines` folder that is no machine tool. */
  | 'machinery'
  /** OPC 30050 PackML: an instance of (a subtype of) `PackMLBaseObjectType`. */
  | 'packml';

/**
 * The value of a signal is a field of an element of an array of structures (PackML
 * `Admin/ProdProcessedCount[0].AccCount`): the signal's address has the same `indexRange`
 * and `field`, which the agent reads.
 */
export interface ElementAddress {
  /** OPC UA NumericRange of the element, e.g. `0`. */
  readonly indexRange: string;
  /** Field of the structure, as its DataTypeDefinition names it, e.g. `AccCount`. */
  readonly field: string;
}

/** One signal of a discovered machine: where it is, what it means, how its values behave. */
export interface DiscoveredSignal {
  /** Signal id, `<equipment id>/<role>`, e.g. `CNC1/state`. */
  readonly id: string;
  readonly semantic: SignalSemantic;
  /** UCUM unit ("" = pieces for counters, dimensionless otherwise). */
  readonly unit: string;
  /** Counter behaviour, for counter semantics. */
  readonly counter?: CounterBehavior;
  /** Raw value → bucket entries the agent needs (PackML states; PackML unit modes), when core's default mapping does not cover the values. */
  readonly stateMappings?: readonly SignalStateMapping[];
  /**
   * Where it is read: the NodeId in the `nsu=<namespace URI>;…` form (stable when the server
   * reorders its namespaces), the type definition that identified it (the state machine's type
   * for a `CurrentState`, else the variable's), and the browse path from the Objects folder.
   */
  readonly address: OpcUaAddress & { readonly typeDefinitionId: string; readonly browsePath: string };
  /** The variable's data type: built-in name (`UInt64`, `LocalizedText`) or the type's BrowseName; `[]` for arrays. */
  readonly dataType: string | undefined;
  /** Set when the value is a field of an array element (see {@link ElementAddress}). */
  readonly element?: ElementAddress;
  /** False when the agent cannot read it (the generated config would list it as a comment); every discovered signal is ready today. */
  readonly ready: boolean;
  /** What it is, for people: the standard, the node and the choice made, e.g. `OPC 40001-1 MachineryItemState: state name`. */
  readonly description: string;
}

/** A machine recognised by its type definition or its place in a standard folder. */
export interface DiscoveredMachine {
  /** Equipment id: the BrowseName, reduced to `[A-Za-z0-9._:-]`, unique in the result. */
  readonly id: string;
  readonly kind: DiscoveredMachineKind;
  /** The DisplayName. */
  readonly name: string;
  /** NodeId of the machine object, `nsu=` form. */
  readonly nodeId: string;
  /** Browse path from the Objects folder (OPC 10000-4 Annex A text form). */
  readonly browsePath: string;
  readonly typeDefinitionId: string;
  /** BrowseName of the type definition, e.g. `MachineToolType`: the equipment class. */
  readonly typeDefinitionName: string;
  /** From DI / Machinery `Identification` (`Manufacturer`, `Model`, `SerialNumber`), when the server has them. */
  readonly manufacturer?: string;
  readonly model?: string;
  readonly serialNumber?: string;
  /** Ideal time per unit (ms) the server states, e.g. 60 000 / PackML `Admin/MachDesignSpeed` (units per minute). */
  readonly idealUnitTimeMs?: number;
  readonly signals: readonly DiscoveredSignal[];
  /** What was missing or chosen, for people (e.g. "no PartsGood: good count = produced count"). */
  readonly notes: readonly string[];
}

/** A guess of a plain variable's meaning from its name (see `suggestFromName`). */
export interface SignalSuggestion {
  readonly semantic: SignalSemantic;
  readonly counter?: CounterBehavior;
  /** Why, and what is left to do, e.g. "name contains Status: add stateMappings for the vendor's codes". */
  readonly reason: string;
}

/** A variable of an object no standard model describes. */
export interface UnrecognisedVariable {
  /** BrowseName name. */
  readonly name: string;
  readonly nodeId: string;
  readonly browsePath: string;
  readonly dataType: string | undefined;
  /** A guess from its name (EUROMAP 77 / 83-style and common vendor names), never applied by itself. */
  readonly suggestion?: SignalSuggestion;
}

/** An object with data variables that no standard model describes (a vendor's plain variables). */
export interface UnrecognisedObject {
  /** A suggested equipment id (its BrowseName, reduced to `[A-Za-z0-9._:-]`). */
  readonly id: string;
  readonly name: string;
  readonly nodeId: string;
  readonly browsePath: string;
  readonly typeDefinitionId: string;
  readonly typeDefinitionName: string | undefined;
  readonly variables: readonly UnrecognisedVariable[];
  /** What to do with it. */
  readonly hint: string;
}

/** The connection discovery used, for the generated source config (never with a secret). */
export interface DiscoveryConnection {
  readonly endpointUrl: string;
  readonly securityMode: OpcuaSecurityMode;
  readonly securityPolicy: OpcuaSecurityPolicy;
  /** The kind of user; the user name when there was one (never the password). */
  readonly user: { readonly kind: 'anonymous' } | { readonly kind: 'username'; readonly username: string } | { readonly kind: 'certificate' };
}

/** What {@link discoverOpcuaMachines} found. */
export interface DiscoveryResult {
  readonly connection: DiscoveryConnection;
  /** The server's NamespaceArray at discovery time (browse paths use its indexes). */
  readonly namespaceArray: readonly string[];
  readonly machines: readonly DiscoveredMachine[];
  readonly unrecognised: readonly UnrecognisedObject[];
  /** Problems met (limits reached, nodes that could not be browsed or read, ambiguous models). */
  readonly warnings: readonly string[];
  readonly stats: DiscoveryStats;
}

/** How much discovery did. */
export interface DiscoveryStats {
  /** Objects and Variables browsed below the Objects folder. */
  readonly nodes: number;
  /** Browse and BrowseNext requests. */
  readonly browseRequests: number;
  /** Read requests. */
  readonly readRequests: number;
  /** True when `maxNodes` stopped the browse before the whole address space was seen. */
  readonly truncated: boolean;
  /** The limits used: the server's, lowered by the options. */
  readonly maxNodesPerBrowse: number;
  readonly maxNodesPerRead: number;
}
