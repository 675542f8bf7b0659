import { isRongtongError, type FieldViolation } from '@rongtong/core';
import type { BatchPayload__Output } from '@rongtong/protocol';
import { productionCountFromProto, stateIntervalFromProto } from '../services/convert/production.js';
import type { EquipmentFact, FactSource } from '../store/capacity-records.js';

/** The facts of a batch, and the intervals and counts left out. */
export interface BatchFacts {
  /** State intervals, then production counts, in payload order. */
  facts: EquipmentFact[];
  /** Why each left-out item was left out (proto path, e.g. `payload.state_intervals.3.end_time`). */
  skipped: FieldViolation[];
}

/**
 * The facts a committed batch carries for KPI and capacity computation: its state
 * intervals and production counts, each with the batch's source (tenant, the agent's
 * enterprise from its enrolment — never from the payload —, agent, seq).
 *
 * An item that breaks the domain rules (end not after start, unknown bucket, negative
 * quantity, bad equipment id) is left out and reported in `skipped`; the batch itself is
 * signed and chained, so it is stored unchanged either way. Pure.
 */
export function batchFacts(source: FactSource, payload: Pick<BatchPayload__Output, 'stateIntervals' | 'productionCounts'>): BatchFacts {
  const facts: EquipmentFact[] = [];
  const skipped: FieldViolation[] = [];
  const keep = (make: () => EquipmentFact): void => {
    try {
      facts.push(make());
    } catch (error) {
      if (!isRongtongError(error)) throw error;
      skipped.push(...(error.fieldViolations.length > 0 ? error.fieldViolations : [{ path: 'payload', reason: error.message }]));
    }
  };
  const base = { tenantId: source.tenantId, enterpriseId: source.enterpriseId, agentId: source.agentId, seq: source.seq };
  payload.stateIntervals.forEach((interval, i) => {
    keep(() => ({ ...base, kind: 'state', ...stateIntervalFromProto(interval, ['payload', 'state_intervals', i]) }));
  });
  payload.productionCounts.forEach((count, i) => {
    keep(() => ({ ...base, kind: 'count', ...productionCountFromProto(count, ['payload', 'production_counts', i]) }));
  });
  return { facts, skipped };
}
