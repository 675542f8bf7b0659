import { RongtongError, rankSupplyForDemand, type SupplyCandidate, type SupplyMatch } from '@rongtong/core';
import type { MarketServiceHandlers, Match } from '@rongtong/protocol';
import { newId } from '../../auth/token-secret.js';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { DemandItemRecord, MatchRecord } from '../../store/market-records.js';
import type { EnterpriseRecord } from '../../store/records.js';
import { matchToProto } from '../convert/match.js';
import { invalidField, requireField } from '../validate.js';
import { changed, matchEvent, mayRead, notFound, readAccess } from './market-common.js';
import { BASIS_WINDOW_MS, availablePeriods, summarizeCapacity, supplyCapacityRecords } from './measured-capacity.js';

/** Matches returned when FindMatches leaves `limit` 0. */
export const DEFAULT_MATCH_LIMIT = 10;
/** Most matches FindMatches returns. */
export const MAX_MATCH_LIMIT = 100;
/** How long a PROPOSED match stays open, ms (7 days). */
export const MATCH_TTL_MS = 7 * 86_400_000;
/** Window of demands without delivery ("as soon as possible"), ms — rankSupplyForDemand's default. */
const ASAP_HORIZON_MS = 28 * 86_400_000;

/** A request's `limit`: 0 → 10, above 100 → 100, negative INVALID_ARGUMENT. */
export function matchLimitOf(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0) throw invalidField('limit', 'must not be negative');
  return limit === 0 ? DEFAULT_MATCH_LIMIT : Math.min(limit, MAX_MATCH_LIMIT);
}

/** The last time the demand needs quantity: its due time, the end of its schedule, or now + 28 days. */
export function demandHorizon(demand: DemandItemRecord, now: number): number {
  const d = demand.delivery;
  if (d?.kind === 'due_time') return Math.max(d.dueTime, now + 1);
  if (d?.kind === 'schedule') return Math.max(...d.periods.map((p) => p.endTime), now + 1);
  return now + ASAP_HORIZON_MS;
}

async function allPages<T>(fetch: (pageToken: string) => Promise<{ items: T[]; nextPageToken: string }>): Promise<T[]> {
  const out: T[] = [];
  let token = '';
  do {
    const page = await fetch(token);
    out.push(...page.items);
    token = page.nextPageToken;
  } while (token !== '');
  return out;
}

/**
 * The candidates of a demand: OPEN supply items of the tenant, without those whose pair
 * was REJECTED after both items last changed. Each comes with its supplier's profile and
 * the supplier's AVAILABLE capacity periods over [now, horizon) (capability records, else
 * enterprise-level), and the item's measured summary (see measured-capacity.ts).
 */
async function candidatesFor(ctx: PlatformContext, demand: DemandItemRecord, now: number): Promise<SupplyCandidate[]> {
  const tenantId = demand.tenantId;
  const supply = await allPages((pageToken) =>
    ctx.store.listSupplyItems({ tenantId, enterpriseId: '', category: '', status: 'open' }, { pageSize: 1000, pageToken }),
  );
  const rejected = await allPages((pageToken) =>
    ctx.store.listMatches({ tenantId, demandItemId: demand.id, supplyItemId: '', enterpriseId: '', status: 'rejected' }, { pageSize: 1000, pageToken }),
  );
  const rejectedAt = new Map<string, number>();
  for (const m of rejected) rejectedAt.set(m.supplyItemId, Math.max(rejectedAt.get(m.supplyItemId) ?? 0, m.updateTime));
  const suppliers = new Map<string, Promise<EnterpriseRecord | undefined>>();
  const horizon = demandHorizon(demand, now);
  const out: SupplyCandidate[] = [];
  for (const item of supply) {
    const at = rejectedAt.get(item.id);
    if (at !== undefined && at >= Math.max(demand.updateTime, item.updateTime)) continue;
    if (!suppliers.has(item.supplierEnterpriseId)) suppliers.set(item.supplierEnterpriseId, ctx.store.getEnterprise(tenantId, item.supplierEnterpriseId));
    const supplier = await suppliers.get(item.supplierEnterpriseId);
    const records = await supplyCapacityRecords(ctx, tenantId, item, ['total', 'available'], now - BASIS_WINDOW_MS, Math.max(horizon, now + BASIS_WINDOW_MS));
    const periods = availablePeriods(records).filter((p) => p.endTime > now && p.startTime < horizon);
    const measured = summarizeCapacity(records, now);
    const { measuredCapacity: _stored, ...rest } = item;
    out.push({
      item: measured ? { ...rest, measuredCapacity: measured } : rest,
      supplier: {
        id: item.supplierEnterpriseId,
        name: supplier?.name ?? '',
        designation: supplier?.designation,
        certifications: supplier?.certifications ?? [],
        regionCode: supplier?.regionCode,
      },
      availableCapacity: periods,
    });
  }
  return out;
}

function toRecord(demand: DemandItemRecord, m: SupplyMatch, rank: number, now: number): MatchRecord {
  return {
    id: newId('mat'),
    tenantId: demand.tenantId,
    demandItemId: demand.id,
    supplyItemId: m.supplyItemId ?? '',
    buyerEnterpriseId: demand.buyerEnterpriseId,
    supplierEnterpriseId: m.supplierEnterpriseId ?? '',
    score: m.score,
    rank,
    factors: m.factors.map((f) => ({ ...f })),
    failedConstraints: m.failedConstraints.map((f) => ({ constraint: f.constraint, reason: f.reason })),
    explanation: m.explanation,
    status: 'proposed',
    createTime: now,
    updateTime: now,
    expireTime: now + MATCH_TTL_MS,
  };
}

/**
 * FindMatches: ranks the candidates with core's `rankSupplyForDemand` (buyer profile for
 * region and intended-customer factors), stores the best `limit` as PROPOSED (expiring
 * after 7 days; replacing earlier PROPOSED matches of the same pairs) with MATCH events,
 * and returns them; with include_failed, at most `limit` failing candidates follow
 * (rank 0, no id, not stored). An enterprise-restricted token may rank only its own
 * demand items (the ranking shows other suppliers' scores): PERMISSION_DENIED otherwise.
 */
export function createFindMatchesRpc(ctx: PlatformContext): Pick<MarketServiceHandlers, 'FindMatches'> {
  return {
    FindMatches: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = readAccess(ctx, principal);
      const id = requireField(request.demandItemId, 'demand_item_id');
      const limit = matchLimitOf(request.limit);
      const demand = await ctx.store.getDemandItem(tenantId, id);
      if (!demand || !mayRead(principal.enterpriseId, demand.buyerEnterpriseId, demand.status)) throw notFound('demand item', id);
      // Rankings show every supplier's score: only the buyer (or a tenant-wide token) may ask.
      ctx.auth.requireEnterprise(principal, demand.buyerEnterpriseId);
      if (demand.status !== 'open') {
        throw new RongtongError('FAILED_PRECONDITION', `demand item ${JSON.stringify(id)} is ${demand.status.toUpperCase()}: only OPEN items are matched`);
      }
      const now = ctx.now();
      const buyer = await ctx.store.getEnterprise(tenantId, demand.buyerEnterpriseId);
      const candidates = await candidatesFor(ctx, demand, now);
      const ranking = rankSupplyForDemand(demand, candidates, {
        now,
        buyer: { id: demand.buyerEnterpriseId, unifiedSocialCreditCode: buyer?.unifiedSocialCreditCode, name: buyer?.name, regionCode: buyer?.regionCode },
      });
      const records = ranking.ranked.slice(0, limit).map((m, i) => toRecord(demand, m, i + 1, now));
      await ctx.store.replaceProposedMatches(tenantId, demand.id, records, records.map((r) => matchEvent(r, now)));
      if (records.length > 0) await changed(ctx);
      const matches: Match[] = records.map(matchToProto);
      if (request.includeFailed) {
        for (const m of ranking.excluded.slice(0, limit)) matches.push({ ...matchToProto(toRecord(demand, m, 1, now)), id: '', rank: 0, status: 'MATCH_STATUS_UNSPECIFIED', expireTime: null });
      }
      return { matches };
    }),
  };
}
