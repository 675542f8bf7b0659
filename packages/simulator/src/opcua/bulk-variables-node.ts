import { DataType, StatusCodes, VariantArrayType, type UAVariable } from 'node-opcua';
import { bulkIdentifier, createBulkSchedule, type BulkSchedule, type ResolvedBulkOptions } from './bulk-schedule.js';
import type { MachineNodeContext } from './machine-node.js';

/** Where the bulk variables are and how they change (see `BulkSchedule` for the values). */
export interface SimulatedBulkInfo {
  readonly count: number;
  /** Simulated ms between two changes of one variable. */
  readonly intervalMs: number;
  /** Simulated start (ms since the epoch): every variable `i` has the value `i` then. */
  readonly startTime: number;
  /** NodeId of the folder `Objects/Bulk`, e.g. `ns=9;s=bulk`. */
  readonly folderNodeId: string;
  readonly browsePath: string;
  /** NodeId of every variable, in order, e.g. `ns=9;s=bulk/00042` (Double). */
  readonly nodeIds: readonly string[];
}

/** What the bulk variables published so far. */
export interface BulkStats {
  /** Changes that happened (simulated time) since the start. */
  readonly changes: number;
  /** Of those, changes written to the address space. */
  readonly written: number;
  /**
   * Changes not written because the clock jumped by more than {@link MAX_PENDING_ROUNDS} intervals
   * at once (`advance`, or a tick that late): only each variable's latest changes were written.
   */
  readonly coalesced: number;
}

/**
 * Most changes per variable written at once. A tick that comes late (a busy server) writes every
 * change it missed, each with its own time, so a subscriber with a queue sees them all; a jump
 * of hours (`advance`) writes each variable's last 10 changes only, not millions.
 */
export const MAX_PENDING_ROUNDS = 10;

/** The bulk variables in a server's address space. */
export interface BulkVariablesNode {
  readonly info: SimulatedBulkInfo;
  readonly schedule: BulkSchedule;
  /** Writes every change up to simulated time `t` in time order, each with its own time as source timestamp. */
  publishTo(t: number): void;
  stats(): BulkStats;
}

/**
 * Adds `Objects/Bulk` (NodeId `s=bulk`) organizing `count` Double variables `s=bulk/00000`,
 * `s=bulk/00001`, … in the simulator's namespace, with their initial values at `startTime`.
 */
export function addBulkVariables(ctx: MachineNodeContext, options: ResolvedBulkOptions, startTime: number): BulkVariablesNode {
  const { addressSpace, namespace } = ctx;
  const folder = namespace.addFolder(addressSpace.rootFolder.objects, {
    browseName: 'Bulk',
    nodeId: 's=bulk',
    description: `${options.count} Double variables, each changing every ${options.intervalMs} simulated ms (load tests)`,
  });
  const variables: UAVariable[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const identifier = bulkIdentifier(i);
    variables.push(
      namespace.addVariable({ organizedBy: folder, browseName: identifier.slice('bulk/'.length), nodeId: `s=${identifier}`, dataType: 'Double', minimumSamplingInterval: 0 }),
    );
  }
  const schedule = createBulkSchedule({ ...options, startTime });
  const write = (index: number, value: number, time: number): void => {
    variables[index]!.setValueFromSource({ dataType: DataType.Double, arrayType: VariantArrayType.Scalar, value }, StatusCodes.Good, new Date(time));
  };
  variables.forEach((_, i) => write(i, i, startTime));

  let next = options.count;
  let written = 0;
  let coalesced = 0;
  return {
    info: {
      count: options.count,
      intervalMs: options.intervalMs,
      startTime,
      folderNodeId: folder.nodeId.toString(),
      browsePath: 'Objects/Bulk',
      nodeIds: variables.map((v) => v.nodeId.toString()),
    },
    schedule,
    publishTo(t) {
      const end = schedule.nextChangeAfter(t);
      const most = MAX_PENDING_ROUNDS * options.count;
      if (end - next > most) {
        // More than MAX_PENDING_ROUNDS changes per variable waiting: only the latest of each are written.
        coalesced += end - most - next;
        next = end - most;
      }
      for (; next < end; next += 1) {
        const { index, time } = schedule.change(next);
        write(index, next, time);
        written += 1;
      }
    },
    stats: () => ({ changes: written + coalesced, written, coalesced }),
  };
}
