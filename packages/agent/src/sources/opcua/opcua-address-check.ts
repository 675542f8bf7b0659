import type { OpcUaAddress } from '@rongtong/core';
import type { AddressProblem } from '../source-factory.js';

/** Largest namespace index (UInt16) and numeric identifier (UInt32) of a NodeId. */
const MAX_NAMESPACE_INDEX = 65_535;
const MAX_NUMERIC_ID = 4_294_967_295;

/**
 * What the OPC UA source cannot read in an `opcua` address that core's NodeId syntax accepts:
 * a namespace index beyond 65535 or a numeric identifier beyond 2³² − 1 (no server can have
 * such a node: the binary encoding has no room for it). `typeDefinitionId` and `browsePath`
 * are for people and model recognition; the source reads the variable at `nodeId`.
 */
export function opcuaAddressProblems(address: OpcUaAddress): AddressProblem[] {
  const problems: AddressProblem[] = [];
  const ns = /^ns=(\d+);/.exec(address.nodeId);
  if (ns && Number(ns[1]) > MAX_NAMESPACE_INDEX) {
    problems.push({ path: ['nodeId'], message: `namespace index ${ns[1]} is beyond ${MAX_NAMESPACE_INDEX}, the largest an OPC UA NodeId can have` });
  }
  const numeric = /(?:^|;)i=(\d+)$/.exec(address.nodeId);
  if (numeric && Number(numeric[1]) > MAX_NUMERIC_ID) {
    problems.push({ path: ['nodeId'], message: `numeric identifier ${numeric[1]} is beyond ${MAX_NUMERIC_ID} (UInt32), the largest an OPC UA NodeId can have` });
  }
  return problems;
}
