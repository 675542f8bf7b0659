import type { StateMapping } from './state-mapping.js';

/**
 * Default mapping: OPC 40001-1 (OPC UA for Machinery) `MachineryItemState` and
 * `MachineryOperationMode` to ISO 22400 time buckets.
 *
 * Core rows — the simple mapping of OPC 40501-1 (OPC UA for Machine Tools) v1.01,
 * Annex C.2.3 "Time KPIs", https://reference.opcfoundation.org/MachineTool/v101/docs/C.2.3
 * (carried on in OPC 40501-1 §19, https://reference.opcfoundation.org/specs/OPC-40501-1/19.3):
 *
 * | MachineryItemState | MachineryOperationMode | bucket |
 * |--------------------|------------------------|--------|
 * | Executing          | Processing             | apt    |
 * | Executing          | Setup                  | aust   |
 * | NotExecuting       | (any)                  | adot   |
 * | OutOfService       | (any)                  | adet   |
 *
 * This agrees with ISO 22400-2:2014: ADOT is time the unit "is not running with orders,
 * although it is available" (= NotExecuting), ADET is malfunction-caused interruption
 * (= OutOfService).
 *
 * Rongtong's additions, for combinations Annex C.2.3 does not cover:
 * - `Executing` with no mode signal, or mode `None`, → `apt`. OPC 40001-1 §13.1 notes the
 *   operation mode "may not be known by the MachineryItem itself"; without it, Executing is
 *   the best evidence of production. Override `states.Executing` if your machines report
 *   Executing while not producing.
 * - Mode `Maintenance`, whatever the item state, → `pdot`, after
 *   OPC 40001-1 Annex C.2 Table 68 (https://reference.opcfoundation.org/specs/OPC-40001-1/c-2),
 *   which files Maintenance-mode time as APMT (preventive maintenance, planned operation
 *   time outside planned busy time).
 * - `NotAvailable` without a maintenance mode → `unknown`: the machine is off or not
 *   reachable, and Table 68 needs the higher-level system's (MES/ERP) condition state to
 *   classify it. A shift calendar or an override can turn it into `pdot` or `adot`.
 */
export const MACHINERY_STATE_MAPPING: StateMapping = Object.freeze({
  name: 'opc-40501-1-annex-c',
  states: Object.freeze({
    Executing: 'apt',
    NotExecuting: 'adot',
    OutOfService: 'adet',
    NotAvailable: 'unknown',
  }),
  modes: Object.freeze({
    Executing: Object.freeze({ Processing: 'apt', Setup: 'aust', Maintenance: 'pdot', None: 'apt' }),
    NotExecuting: Object.freeze({ Maintenance: 'pdot' }),
    OutOfService: Object.freeze({ Maintenance: 'pdot' }),
    NotAvailable: Object.freeze({ Maintenance: 'pdot' }),
  }),
} satisfies StateMapping);
