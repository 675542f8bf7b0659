import type { StateMapping } from './state-mapping.js';

/**
 * The richer mapping after OPC 40001-1 (OPC UA for Machinery) Annex C.2, Table 68
 * (https://reference.opcfoundation.org/specs/OPC-40001-1/c-2): `MachineryItemState`
 * refined by `MachineryOperationMode` to ISO 22400 time buckets. Where
 * {@link MACHINERY_STATE_MAPPING} (OPC 40501-1 C.2.3) books every `NotExecuting` as `adot`
 * and every `OutOfService` as `adet`, this table also reads the operation mode:
 *
 * | MachineryItemState | MachineryOperationMode | bucket | why                                              |
 * |--------------------|------------------------|--------|--------------------------------------------------|
 * | Executing          | Processing, None, —    | apt    | producing                                        |
 * | Executing          | Setup                  | aust   | setting up (Table 68: setup time)                |
 * | Executing          | Maintenance            | pdot   | planned maintenance (APMT, outside PBT)          |
 * | NotExecuting       | Processing             | adet   | an order is running but the unit waits: a delay  |
 * | NotExecuting       | Setup                  | aust   | setup work while the unit stands                 |
 * | NotExecuting       | None                   | idle   | available, no order                              |
 * | NotExecuting       | Maintenance            | pdot   | planned maintenance                              |
 * | NotExecuting       | —                      | adot   | available, not running (ISO ADOT)                |
 * | OutOfService       | Maintenance            | pdot   | planned maintenance                              |
 * | OutOfService       | any other, —           | adet   | malfunction-caused interruption                  |
 * | NotAvailable       | Maintenance            | pdot   | planned maintenance                              |
 * | NotAvailable       | any other, —           | unknown| off or unreachable: Table 68 needs the MES state |
 *
 * "—" is no mode signal. Rows other than those of Annex C.2.3 are Rongtong's reading of
 * Table 68, whose split of NotAvailable and NotExecuting time also uses the higher-level
 * system's (MES/ERP) condition state, which machines do not report. Spread and override
 * entries to change a decision.
 */
export const MACHINERY_ANNEX_C2_STATE_MAPPING: StateMapping = Object.freeze({
  name: 'opc-40001-1-annex-c2',
  states: Object.freeze({
    Executing: 'apt',
    NotExecuting: 'adot',
    OutOfService: 'adet',
    NotAvailable: 'unknown',
  }),
  modes: Object.freeze({
    Executing: Object.freeze({ Processing: 'apt', Setup: 'aust', Maintenance: 'pdot', None: 'apt' }),
    NotExecuting: Object.freeze({ Processing: 'adet', Setup: 'aust', Maintenance: 'pdot', None: 'idle' }),
    OutOfService: Object.freeze({ Processing: 'adet', Setup: 'adet', Maintenance: 'pdot', None: 'adet' }),
    NotAvailable: Object.freeze({ Maintenance: 'pdot' }),
  }),
} satisfies StateMapping);
