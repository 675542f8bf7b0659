import { enumToProto } from '@rongtong/core';
import { timestampFromMillis, type Match } from '@rongtong/protocol';
import type { MatchRecord } from '../../store/market-records.js';

/** The `rongtong.v1.Match` of a stored (or ranked, not stored) match. */
export function matchToProto(m: MatchRecord): Match {
  return {
    id: m.id,
    demandItemId: m.demandItemId,
    supplyItemId: m.supplyItemId,
    buyerEnterpriseId: m.buyerEnterpriseId,
    supplierEnterpriseId: m.supplierEnterpriseId,
    score: m.score,
    rank: m.rank,
    factors: m.factors.map((f) => ({ factor: f.factor, weight: f.weight, value: f.value, contribution: f.contribution, detail: f.detail ?? '' })),
    failedConstraints: m.failedConstraints.map((c) => ({ constraint: c.constraint, reason: c.reason })),
    explanation: m.explanation,
    status: enumToProto('MATCH_STATUS', m.status),
    createTime: timestampFromMillis(m.createTime),
    updateTime: timestampFromMillis(m.updateTime),
    expireTime: m.expireTime === undefined ? null : timestampFromMillis(m.expireTime),
  };
}
