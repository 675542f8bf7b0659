import { nodesets } from 'node-opcua';

/** Namespace URI of the simulator's own nodes (machine instances, legacy variables). */
export const SIMULATOR_NAMESPACE_URI = 'urn:rongtong:simulator';

/** Namespace URIs of the standard models the simulator loads; look indexes up by these. */
export const NAMESPACE_URIS = Object.freeze({
  di: 'http://opcfoundation.org/UA/DI/',
  ia: 'http://opcfoundation.org/UA/IA/',
  machinery: 'http://opcfoundation.org/UA/Machinery/',
  isa95JobControl: 'http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/',
  machineryJobs: 'http://opcfoundation.org/UA/Machinery/Jobs/',
  machineTool: 'http://opcfoundation.org/UA/MachineTool/',
  packML: 'http://opcfoundation.org/UA/PackML/',
} as const);

/**
 * The NodeSet2 files the server loads, shipped with node-opcua. Machine Tools needs IA, ISA-95
 * Job Control and Machinery Jobs besides DI and Machinery; Machinery itself needs IA.
 */
export function simulatorNodesets(): string[] {
  return [
    nodesets.standard,
    nodesets.di,
    nodesets.ia,
    nodesets.machinery,
    nodesets.isa95JobControl,
    nodesets.machineryJobs,
    nodesets.machineTool,
    nodesets.packML,
  ];
}
