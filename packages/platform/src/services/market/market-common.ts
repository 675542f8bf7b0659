import { randomBytes } from 'node:crypto';
import { RongtongError } from '@rongtong/core';
import type { Principal } from '../../auth/principal.js';
import type { PlatformContext } from '../../context.js';
import { buildFeedEvent } from '../../feed/feed-event.js';
import type { CommitmentRecord } from '../../store/capacity-records.js';
import type { DemandItemRecord, MatchRecord, SupplyItemRecord } from '../../store/market-records.js';
import type { NewFeedEvent } from '../../store/records.js';
import { commitmentToProto } from '../convert/commitment.js';
import { demandItemToProto } from '../convert/demand-item.js';
import { matchToProto } from '../convert/match.js';
import { supplyItemToProto } from '../convert/supply-item.js';
import { notifyFeed } from '../feed-notify.js';
import { invalidField } from '../validate.js';

/** Checks `market:read` and returns the caller's tenant (the operator must use a tenant token). */
export function readAccess(ctx: PlatformContext, principal: Principal): string {
  ctx.auth.requireScope(principal, 'market:read');
  return ctx.auth.tenantOf(principal);
}

/** Checks `market:write` and returns the caller's tenant. */
export function writeAccess(ctx: PlatformContext, principal: Principal): string {
  ctx.auth.requireScope(principal, 'market:write');
  return ctx.auth.tenantOf(principal);
}

/** A new opaque etag. */
export function newEtag(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * The enterprise an item is written for: `requested`, else the caller's own enterprise
 * (restricted tokens). Required for tenant-wide tokens; a restricted token naming another
 * enterprise gets PERMISSION_DENIED; an unknown enterprise is NOT_FOUND.
 */
export async function ownerOf(ctx: PlatformContext, principal: Principal, tenantId: string, requested: string, path: string): Promise<string> {
  const id = requested !== '' ? requested : principal.enterpriseId;
  if (id === '') throw invalidField(path, 'required with a token not restricted to an enterprise');
  ctx.auth.requireEnterprise(principal, id);
  if (!(await ctx.store.getEnterprise(tenantId, id))) throw new RongtongError('NOT_FOUND', `enterprise ${JSON.stringify(id)} not found`);
  return id;
}

/** True when the caller may read an item: tenant-wide tokens all, restricted ones OPEN items and their own. */
export function mayRead(callerEnterpriseId: string, ownerId: string, status: string): boolean {
  return callerEnterpriseId === '' || callerEnterpriseId === ownerId || status === 'open';
}

/** NOT_FOUND for a market resource. */
export function notFound(kind: string, id: string): RongtongError {
  return new RongtongError('NOT_FOUND', `${kind} ${JSON.stringify(id)} not found`);
}

/** CONFLICT for a stale etag. */
export function staleEtag(kind: string): RongtongError {
  return new RongtongError('CONFLICT', `the ${kind} was changed since the etag was read: read it again and retry`);
}

/** The DEMAND_ITEM event of a demand item (enterprise: the buyer). */
export function demandEvent(r: DemandItemRecord, now: number): NewFeedEvent {
  return buildFeedEvent({ tenantId: r.tenantId, kind: 'demand_item', enterpriseId: r.buyerEnterpriseId, time: now, payload: { demandItem: demandItemToProto(r) } });
}

/** The SUPPLY_ITEM event of a supply item (enterprise: the supplier). */
export function supplyEvent(r: SupplyItemRecord, now: number): NewFeedEvent {
  return buildFeedEvent({ tenantId: r.tenantId, kind: 'supply_item', enterpriseId: r.supplierEnterpriseId, time: now, payload: { supplyItem: supplyItemToProto(r) } });
}

/** The MATCH event of a match (enterprise: the supplier, per feed_event.proto). */
export function matchEvent(m: MatchRecord, now: number): NewFeedEvent {
  return buildFeedEvent({ tenantId: m.tenantId, kind: 'match', enterpriseId: m.supplierEnterpriseId, time: now, payload: { match: matchToProto(m) } });
}

/** The COMMITMENT event of a commitment (enterprise: the supplier). */
export function commitmentEvent(c: CommitmentRecord, now: number): NewFeedEvent {
  return buildFeedEvent({ tenantId: c.tenantId, kind: 'commitment', enterpriseId: c.supplierEnterpriseId, time: now, payload: { commitment: commitmentToProto(c) } });
}

/** Every PROPOSED match of a demand or supply item, by id. */
async function proposedMatchIds(ctx: PlatformContext, tenantId: string, item: { demandItemId?: string; supplyItemId?: string }): Promise<string[]> {
  const ids: string[] = [];
  let pageToken = '';
  do {
    const page = await ctx.store.listMatches(
      { tenantId, demandItemId: item.demandItemId ?? '', supplyItemId: item.supplyItemId ?? '', enterpriseId: '', status: 'proposed' },
      { pageSize: 1000, pageToken },
    );
    ids.push(...page.items.map((m) => m.id));
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return ids;
}

/** Expires the PROPOSED matches of a changed or closed item (with MATCH events). Returns how many. */
export async function expireProposedMatches(
  ctx: PlatformContext,
  tenantId: string,
  item: { demandItemId?: string; supplyItemId?: string },
): Promise<number> {
  const ids = await proposedMatchIds(ctx, tenantId, item);
  if (ids.length === 0) return 0;
  const now = ctx.now();
  const updated = await ctx.store.updateProposedMatches(tenantId, ids, 'expired', now, (ms) => ms.map((m) => matchEvent(m, now)));
  return updated.length;
}

/** Wakes feed subscribers after a write. */
export async function changed(ctx: PlatformContext): Promise<void> {
  await notifyFeed(ctx);
}
