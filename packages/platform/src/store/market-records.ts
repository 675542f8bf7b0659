import type { DemandItem, ItemStatus, Match, MatchStatus, SupplyItem } from '@rongtong/core';
import type { CommitmentRecord } from './capacity-records.js';
import type { NewFeedEvent } from './records.js';

/**
 * What the Store keeps for the market (issue #7): demand and supply items, matches.
 * Times are ms since the Unix epoch.
 */

/** A demand item as stored: id, tenant, buyer, status, times and etag always set. */
export type DemandItemRecord = DemandItem & {
  id: string;
  tenantId: string;
  buyerEnterpriseId: string;
  status: ItemStatus;
  createTime: number;
  updateTime: number;
  etag: string;
};

/** A supply item as stored: id, tenant, supplier, status, times and etag always set. */
export type SupplyItemRecord = SupplyItem & {
  id: string;
  tenantId: string;
  supplierEnterpriseId: string;
  status: ItemStatus;
  createTime: number;
  updateTime: number;
  etag: string;
};

/** Filter of `listDemandItems` / `listSupplyItems`, newest first (createTime desc, then id). */
export interface ItemFilter {
  tenantId: string;
  /** The buyer (demand) or supplier (supply); '' : all. */
  enterpriseId: string;
  /** Items whose category equals this code or lies below it ("a.b" matches "a.b" and "a.b.c"); '' : all. */
  category: string;
  status?: ItemStatus;
  /**
   * Visibility of an enterprise-restricted caller: OPEN items of the tenant plus this
   * enterprise's own items in any status. undefined: no restriction.
   */
  visibleTo?: string;
  /** Supply only: items whose region code starts with this prefix (items without one never match); '' : all. */
  regionCodePrefix?: string;
}

/** A match as stored. */
export type MatchRecord = Match & { tenantId: string };

/** Filter of `listMatches`: by demand item then rank. */
export interface MatchFilter {
  tenantId: string;
  /** '' : all. */
  demandItemId: string;
  /** '' : all. */
  supplyItemId: string;
  /** Buyer or supplier; '' : all. */
  enterpriseId: string;
  /** Matches where one of these is buyer or supplier; undefined: all of the tenant. */
  enterpriseIds?: readonly string[];
  status?: MatchStatus;
}

/** Everything `acceptMatch` writes in one transaction. */
export interface AcceptMatchInput {
  tenantId: string;
  matchId: string;
  /** The commitment to create (status active). */
  commitment: CommitmentRecord;
  /** The demand item's committedQuantity after the acceptance. */
  demandCommittedQuantity: NonNullable<DemandItemRecord['committedQuantity']>;
  now: number;
  /** Makes the MATCH, COMMITMENT and DEMAND_ITEM events from the updated records. */
  events: (result: { match: MatchRecord; commitment: CommitmentRecord; demandItem: DemandItemRecord }) => NewFeedEvent[];
}

/**
 * Result of `acceptMatch`: `accepted`; `replayed` when a commitment with the same
 * non-empty requestId exists (nothing written, the first result returned); `not_found`;
 * `not_proposed` when the match is no longer PROPOSED (nothing written).
 */
export type AcceptMatchResult =
  | { status: 'accepted' | 'replayed'; match: MatchRecord; commitment: CommitmentRecord }
  | { status: 'not_found' }
  | { status: 'not_proposed'; match: MatchRecord };
