/**
 * The kinds of simulated machine and the state and mode names each one reports. Names are the
 * BrowseNames of the states in the standard information models (never numbers), so the ground
 * truth reads the same as what an OPC UA client sees.
 */

/**
 * - `cnc`: a CNC machine tool (OPC 40501-1 Machine Tools on OPC 40001-1 Machinery):
 *   MachineryItemState × MachineryOperationMode, PartsProducedInLifetime, a production job.
 * - `packml`: a packaging line (OPC 30050 PackML): the 17 PackML states, ProdProcessedCount /
 *   ProdDefectiveCount with per-job `Count` and lifetime `AccCount`.
 * - `legacy`: an injection moulding machine with plain vendor variables (an integer status code,
 *   counters named after EUROMAP 77 / OPC 40083 job counters); no standard model.
 */
export type MachineKind = 'cnc' | 'packml' | 'legacy';

/** Every machine kind. */
export const MACHINE_KINDS: readonly MachineKind[] = Object.freeze(['cnc', 'packml', 'legacy'] as const);

/** True when `value` is a {@link MachineKind}. */
export function isMachineKind(value: unknown): value is MachineKind {
  return typeof value === 'string' && (MACHINE_KINDS as readonly string[]).includes(value);
}

/** OPC 40001-1 `MachineryItemState_StateMachineType` states (CNC raw states). */
export const MACHINERY_ITEM_STATES = Object.freeze(['NotAvailable', 'OutOfService', 'NotExecuting', 'Executing'] as const);
/** A MachineryItemState name. */
export type MachineryItemState = (typeof MACHINERY_ITEM_STATES)[number];

/** OPC 40001-1 `MachineryOperationModeStateMachineType` states (CNC modes). */
export const MACHINERY_OPERATION_MODES = Object.freeze(['None', 'Maintenance', 'Setup', 'Processing'] as const);
/** A MachineryOperationMode name. */
export type MachineryOperationMode = (typeof MACHINERY_OPERATION_MODES)[number];

/**
 * The 17 PackML states (OPC 30050 / ISA-TR88.00.02) with their state numbers, which are the
 * `StateNumber`s of the state objects in the PackML nodeset (and the PackTags numbers).
 */
export const PACKML_STATE_NUMBERS = Object.freeze({
  Clearing: 1,
  Stopped: 2,
  Starting: 3,
  Idle: 4,
  Suspended: 5,
  Execute: 6,
  Stopping: 7,
  Aborting: 8,
  Aborted: 9,
  Holding: 10,
  Held: 11,
  Unholding: 12,
  Suspending: 13,
  Unsuspending: 14,
  Resetting: 15,
  Completing: 16,
  Complete: 17,
} as const);
/** A PackML state name. */
export type PackmlState = keyof typeof PACKML_STATE_NUMBERS;

/**
 * PackML unit modes (`ProductionMaintenanceModeEnum` of the PackML nodeset). The simulated line
 * always runs in `Produce` (value 1).
 */
export const PACKML_UNIT_MODES = Object.freeze({ Invalid: 0, Produce: 1, Maintenance: 2, Manual: 3 } as const);
/** A PackML unit mode name. */
export type PackmlUnitMode = keyof typeof PACKML_UNIT_MODES;

/**
 * Status codes of the legacy machine's `Status` variable (a vendor table, documented here
 * because no standard defines it):
 *
 * | code | name        | meaning                                                        |
 * |------|-------------|----------------------------------------------------------------|
 * | 0    | Off         | switched off / not available                                    |
 * | 1    | Setup       | mould change and start-up preparation for a new job             |
 * | 2    | Producing   | automatic cycle running, parts being made                       |
 * | 3    | Waiting     | in automatic but not cycling (material, operator, downstream)   |
 * | 4    | Alarm       | stopped by a machine fault until repaired                       |
 * | 5    | Maintenance | planned maintenance                                             |
 */
export const LEGACY_STATUS_CODES = Object.freeze({
  Off: 0,
  Setup: 1,
  Producing: 2,
  Waiting: 3,
  Alarm: 4,
  Maintenance: 5,
} as const);
/** A legacy machine status name. */
export type LegacyStatus = keyof typeof LEGACY_STATUS_CODES;

/**
 * Values of the legacy machine's `MachineMode` variable: EUROMAP 83 / OPC 40083
 * `MachineModeEnumeration` (OTHER 0, AUTOMATIC 1, SEMI_AUTOMATIC 2, MANUAL 3, SETUP 4, SLEEP 5).
 */
export const LEGACY_MACHINE_MODES = Object.freeze({
  OTHER: 0,
  AUTOMATIC: 1,
  SEMI_AUTOMATIC: 2,
  MANUAL: 3,
  SETUP: 4,
  SLEEP: 5,
} as const);
/** A legacy machine mode name. */
export type LegacyMachineMode = keyof typeof LEGACY_MACHINE_MODES;
