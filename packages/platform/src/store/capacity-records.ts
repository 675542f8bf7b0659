import type { CapacityRecord, CapacityType, Commitment, Kpi, PeriodGranularity, ProductionCount, StateInterval } from '@rongtong/core';

/**
 * What the Store keeps for KPIs and capacity (issue #7). Times are ms since the Unix
 * epoch; sequence numbers are bigint. Every record belongs to exactly one tenant.
 */

/** Where a fact came from: the committed batch that carried it. */
export interface FactSource {
  tenantId: string;
  /** The agent's enterprise (from its enrolment). */
  enterpriseId: string;
  agentId: string;
  /** Seq of the batch that carried the fact. */
  seq: bigint;
}

/**
 * A state interval of one piece of equipment, from a committed batch (sent by a KPI-level
 * agent, or derived by the platform from a raw batch's samples).
 */
export type StateFact = FactSource & StateInterval & { kind: 'state' };

/** A production count of one piece of equipment, from a committed batch. */
export type CountFact = FactSource & ProductionCount & { kind: 'count' };

/** A state interval or production count kept for KPI and capacity computation. */
export type EquipmentFact = StateFact | CountFact;

/** Which facts to read: one piece of equipment, those overlapping `[from, to)`. */
export interface FactQuery {
  tenantId: string;
  equipmentId: string;
  /** Inclusive start, ms. */
  from: number;
  /** Exclusive end, ms. */
  to: number;
}

/** A KPI as stored: enterprise and compute time always set. Identity: (tenant, enterprise, level, equipment, product, granularity, startTime). */
export type KpiRecord = Kpi & { tenantId: string; enterpriseId: string };

/** Filter of `listKpis` (see `ListKpisRequest`). Periods overlapping `[from, to)` are listed. */
export interface KpiFilter {
  tenantId: string;
  /** '' : every enterprise. */
  enterpriseId: string;
  /** Enterprises the caller may see; undefined: all of the tenant. */
  enterpriseIds?: readonly string[];
  level?: 'equipment' | 'enterprise';
  /** Empty: no filter. */
  equipmentIds: readonly string[];
  granularity?: PeriodGranularity;
  /** '' : only all-product KPIs. */
  productId: string;
  /** Inclusive, ms; undefined: unbounded. */
  from?: number;
  /** Exclusive, ms; undefined: unbounded. */
  to?: number;
}

/**
 * A capacity record as stored: id, tenant, enterprise and compute time always set.
 * Identity: (tenant, scope level, scope enterprise, scope id ('' when unset), capability
 * kind + id ('' when unset), granularity, startTime, type). `supersededBy` is '' for the
 * current record of its identity, else the id of the record that replaced it (superseded
 * records stay readable by id for GetEvidence).
 */
export type CapacityRecordRow = CapacityRecord & {
  id: string;
  tenantId: string;
  enterpriseId: string;
  supersededBy: string;
};

/** Filter of `listCapacityRecords` (see `ListCapacityRecordsRequest`); only current records are listed. */
export interface CapacityRecordFilter {
  tenantId: string;
  /** '' : every enterprise. */
  enterpriseId: string;
  /** Enterprises the caller may see; undefined: all of the tenant. */
  enterpriseIds?: readonly string[];
  /** Scope level; undefined: all. */
  level?: CapacityRecord['scope']['level'];
  /** Records scoped to these equipment ids; empty: no filter. */
  equipmentIds: readonly string[];
  /** Records of these capability ids; empty: no filter. */
  capabilityIds: readonly string[];
  granularity?: PeriodGranularity;
  /** Empty: all types. */
  types: readonly CapacityType[];
  /** 0: no filter. */
  minimumConfidence: number;
  /** Inclusive, ms; undefined: unbounded. */
  from?: number;
  /** Exclusive, ms; undefined: unbounded. */
  to?: number;
}

/** A commitment as stored. `requestId` is the AcceptMatch idempotency key ('' : none). */
export type CommitmentRecord = Commitment & { tenantId: string; requestId: string };

/** Filter of `listCommitments` (see `ListCommitmentsRequest`), newest first. */
export interface CommitmentFilter {
  tenantId: string;
  /** Buyer or supplier; '' : all. */
  enterpriseId: string;
  /** Enterprises the caller may see (as buyer or supplier); undefined: all of the tenant. */
  enterpriseIds?: readonly string[];
  /** '' : all. */
  demandItemId: string;
  /** '' : all. */
  supplyItemId: string;
  /** Only commitments of this supplier; undefined: any. */
  supplierEnterpriseId?: string;
  status?: Commitment['status'];
  /** Commitments with an allocation period overlapping `[from, to)`: inclusive, ms; undefined: unbounded. */
  from?: number;
  /** Exclusive, ms; undefined: unbounded. */
  to?: number;
}

/**
 * Equipment whose facts changed: written with the facts of a committed batch, read and
 * cleared by the capacity engine once it recomputed the KPIs and records of `[from, to)`.
 */
export interface DirtyMark {
  /** Increasing id of the mark (`clearDirtyMarks` removes exactly the marks given, by this id). */
  markId: bigint;
  tenantId: string;
  enterpriseId: string;
  equipmentId: string;
  /** Earliest fact start, ms. */
  from: number;
  /** Latest fact end, ms. */
  to: number;
}
