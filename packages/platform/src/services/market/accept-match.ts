import { RongtongError, type PeriodQuantity, type Quantity } from '@rongtong/core';
import { toMillis, type AcceptMatchRequest__Output, type MarketServiceHandlers } from '@rongtong/protocol';
import type { Principal } from '../../auth/principal.js';
import { newId } from '../../auth/token-secret.js';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { CommitmentRecord } from '../../store/capacity-records.js';
import type { MatchRecord, SupplyItemRecord } from '../../store/market-records.js';
import { commitmentToProto } from '../convert/commitment.js';
import { matchToProto } from '../convert/match.js';
import { invalidArgument, invalidField, requireField } from '../validate.js';
import { changed, commitmentEvent, demandEvent, matchEvent, notFound, writeAccess } from './market-common.js';
import { availablePeriods, supplyCapacityRecords } from './measured-capacity.js';

/** What AcceptMatch needs besides the context. */
export interface AcceptMatchDeps {
  /** Recomputes the supplier's future capacity records after a commitment (capacity engine). */
  refreshFuture(tenantId: string, enterpriseId: string): Promise<void>;
}

/** A match as a restricted caller may see it: tenant-wide tokens all, restricted ones only their own (else NOT_FOUND). */
export async function findMatch(ctx: PlatformContext, principal: Principal, tenantId: string, id: string): Promise<MatchRecord> {
  const match = await ctx.store.getMatch(tenantId, id);
  const party = principal.enterpriseId === '' || match?.buyerEnterpriseId === principal.enterpriseId || match?.supplierEnterpriseId === principal.enterpriseId;
  if (!match || !party) throw notFound('match', id);
  return match;
}

/**
 * The request's periods with the quantity, in time order. Errors name the field:
 * `quantity.value` (must be > 0), `quantity.unit` (the demand's unit), `periods` (at least
 * one), `periods[i].start_time` / `periods[i].end_time` (set, end after start, no overlap).
 */
export function allocationsOf(request: AcceptMatchRequest__Output, unit: string): PeriodQuantity[] {
  const q = requireField(request.quantity, 'quantity');
  if (!(Number.isFinite(q.value) && q.value > 0)) throw invalidField('quantity.value', 'must be positive (> 0)');
  if (q.unit !== unit) throw invalidField('quantity.unit', `must be the demand item's unit ${JSON.stringify(unit)}, got ${JSON.stringify(q.unit)}`);
  if (request.periods.length === 0) throw invalidField('periods', 'at least one period is required');
  const violations: Array<{ path: string; reason: string }> = [];
  const periods = request.periods.map((p, i) => {
    if (!p.startTime) violations.push({ path: `periods[${i}].start_time`, reason: 'required' });
    if (!p.endTime) violations.push({ path: `periods[${i}].end_time`, reason: 'required' });
    const start = p.startTime ? toMillis(p.startTime) : 0;
    const end = p.endTime ? toMillis(p.endTime) : 0;
    if (p.startTime && p.endTime && end <= start) violations.push({ path: `periods[${i}].end_time`, reason: 'must be after start_time' });
    return { i, start, end };
  });
  if (violations.length > 0) throw invalidArgument(violations);
  const sorted = [...periods].sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k += 1) {
    const prev = sorted[k - 1];
    const cur = sorted[k];
    if (prev && cur && cur.start < prev.end) {
      const later = Math.max(prev.i, cur.i);
      throw invalidField(`periods[${later}].start_time`, `overlaps periods[${Math.min(prev.i, cur.i)}]`);
    }
  }
  const quantity: Quantity = { value: q.value, unit };
  return sorted.map((p) => ({ startTime: p.start, endTime: p.end, quantity }));
}

/**
 * Throws INSUFFICIENT_CAPACITY when, in some period, the supplier's measured AVAILABLE
 * capacity for the item (capability records, else enterprise level; records pro-rated by
 * their overlap with the period; only records in the demand's unit; the first granularity
 * the supplier has of day, hour, shift, week) is below the quantity.
 */
export async function checkAvailable(ctx: PlatformContext, tenantId: string, item: SupplyItemRecord, allocations: readonly PeriodQuantity[]): Promise<void> {
  const from = Math.min(...allocations.map((a) => a.startTime));
  const to = Math.max(...allocations.map((a) => a.endTime));
  const periods = availablePeriods(await supplyCapacityRecords(ctx, tenantId, item, ['available'], from, to, ['day', 'hour', 'shift', 'week']));
  for (const [i, a] of allocations.entries()) {
    let available = 0;
    for (const p of periods) {
      if (p.quantity.unit !== a.quantity.unit) continue;
      const overlap = Math.min(p.endTime, a.endTime) - Math.max(p.startTime, a.startTime);
      if (overlap > 0) available += (p.quantity.value * overlap) / (p.endTime - p.startTime);
    }
    if (available + 1e-9 < a.quantity.value) {
      const span = `${new Date(a.startTime).toISOString()} – ${new Date(a.endTime).toISOString()}`;
      throw new RongtongError(
        'INSUFFICIENT_CAPACITY',
        `period ${i + 1} of the commitment (${span}): the supplier's measured available capacity is ${Math.round(available * 1000) / 1000} ${a.quantity.unit || 'pieces'}, below the ${a.quantity.value} requested`,
      );
    }
  }
}

/**
 * AcceptMatch: only the buyer (or a tenant-wide token) accepts a PROPOSED match; the
 * quantities are checked against the supplier's measured available capacity; the store
 * accepts in one transaction (request_id makes a repeat return the first result); then the
 * capacity engine's `refreshFuture` is awaited so the supplier's AVAILABLE falls at once.
 */
export function createAcceptMatchRpc(ctx: PlatformContext, deps: AcceptMatchDeps): Pick<MarketServiceHandlers, 'AcceptMatch'> {
  return {
    AcceptMatch: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = writeAccess(ctx, principal);
      const id = requireField(request.matchId, 'match_id');
      const match = await findMatch(ctx, principal, tenantId, id);
      if (principal.enterpriseId !== '' && principal.enterpriseId !== match.buyerEnterpriseId) {
        throw new RongtongError('PERMISSION_DENIED', 'only the buyer may accept a match');
      }
      const replayable = request.requestId !== '' && match.status === 'accepted';
      if (match.status !== 'proposed' && !replayable) {
        throw new RongtongError('FAILED_PRECONDITION', `match ${JSON.stringify(id)} is ${match.status.toUpperCase()}: only PROPOSED matches can be accepted`);
      }
      if (match.status === 'proposed' && match.expireTime !== undefined && match.expireTime <= ctx.now()) {
        throw new RongtongError('FAILED_PRECONDITION', `match ${JSON.stringify(id)} expired at ${new Date(match.expireTime).toISOString()}: run FindMatches again`);
      }
      const demand = await ctx.store.getDemandItem(tenantId, match.demandItemId);
      const supply = await ctx.store.getSupplyItem(tenantId, match.supplyItemId);
      if (!demand || !supply) throw notFound('match', id);
      const allocations = allocationsOf(request, demand.quantity.unit);
      if (!replayable) await checkAvailable(ctx, tenantId, supply, allocations);
      const now = ctx.now();
      const commitment: CommitmentRecord = {
        id: newId('com'),
        tenantId,
        requestId: request.requestId,
        matchId: match.id,
        demandItemId: demand.id,
        supplyItemId: supply.id,
        buyerEnterpriseId: match.buyerEnterpriseId,
        supplierEnterpriseId: match.supplierEnterpriseId,
        ...(supply.capability ? { capability: supply.capability } : {}),
        allocations,
        status: 'active',
        createTime: now,
        updateTime: now,
      };
      const added = allocations.reduce((s, a) => s + a.quantity.value, 0);
      const result = await ctx.store.acceptMatch({
        tenantId,
        matchId: match.id,
        commitment,
        demandCommittedQuantity: { value: (demand.committedQuantity?.value ?? 0) + added, unit: demand.quantity.unit },
        now,
        events: (r) => [matchEvent(r.match, now), commitmentEvent(r.commitment, now), demandEvent(r.demandItem, now)],
      });
      if (result.status === 'not_found') throw notFound('match', id);
      if (result.status === 'not_proposed') {
        if (match.status === 'proposed') throw new RongtongError('CONFLICT', `match ${JSON.stringify(id)} was ${result.match.status} concurrently`);
        throw new RongtongError('FAILED_PRECONDITION', `match ${JSON.stringify(id)} is ${result.match.status.toUpperCase()}: only PROPOSED matches can be accepted`);
      }
      if (result.status === 'accepted') {
        await changed(ctx);
        try {
          await deps.refreshFuture(tenantId, match.supplierEnterpriseId);
        } catch (err) {
          ctx.logger.error({ err, tenantId, enterpriseId: match.supplierEnterpriseId }, 'could not refresh future capacity after a commitment');
        }
      }
      return { commitment: commitmentToProto(result.commitment), match: matchToProto(result.match) };
    }),
  };
}
