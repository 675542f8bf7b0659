import { RongtongError, type FieldViolation } from '@rongtong/core';
import { EventKind, type SubscribeRequest__Output } from '@rongtong/protocol';
import type { Principal } from '../auth/principal.js';
import type { PlatformContext } from '../context.js';
import type { FeedEventKind } from '../store/records.js';
import { checkCursorInRange, parseFeedStart } from './cursor.js';

/** Which events of the store a subscription reads. */
export interface FeedFilter {
  readonly tenantId: string;
  /** Empty: all kinds. */
  readonly kinds: readonly FeedEventKind[];
  /** Empty: every enterprise (only for tokens not restricted to one). */
  readonly enterpriseIds: readonly string[];
  /** Empty: no equipment filter. */
  readonly equipmentIds: readonly string[];
}

/** A checked subscription request: what to read and the seq to read after. */
export interface ResolvedSubscription {
  readonly filter: FeedFilter;
  /** Events with seq > after are delivered. */
  readonly after: bigint;
}

/** Most entries each filter list may have. */
export const MAX_FILTER_ENTRIES = 100;

const KIND_PREFIX = 'EVENT_KIND_';
const KNOWN_KINDS: ReadonlySet<string> = new Set(Object.keys(EventKind).filter((k) => k !== 'EVENT_KIND_UNSPECIFIED'));

/**
 * Authorizes and checks a Subscribe request for `principal`: scope `feed:read`; the
 * tenant is the token's (the operator token, which belongs to no tenant, is refused);
 * a token restricted to an enterprise sees only that enterprise (asking for another is
 * PERMISSION_DENIED); every requested enterprise must belong to the tenant
 * (PERMISSION_DENIED otherwise, so another tenant's ids are never confirmed); kinds must
 * be known and not UNSPECIFIED (INVALID_ARGUMENT naming `kinds[i]`); the cursor must be
 * well formed and within the retained history (OUT_OF_RANGE / CURSOR_OUT_OF_RANGE).
 */
export async function resolveSubscription(request: SubscribeRequest__Output, principal: Principal, ctx: PlatformContext): Promise<ResolvedSubscription> {
  ctx.auth.requireScope(principal, 'feed:read');
  if (principal.operator || principal.tenantId === '') {
    throw new RongtongError('PERMISSION_DENIED', 'the feed is per tenant: subscribe with a token of the tenant');
  }
  const tenantId = principal.tenantId;
  const violations: FieldViolation[] = [];
  const kinds = new Set<FeedEventKind>();
  request.kinds.forEach((kind, i) => {
    if (typeof kind === 'string' && KNOWN_KINDS.has(kind)) kinds.add(kind.slice(KIND_PREFIX.length).toLowerCase() as FeedEventKind);
    else violations.push({ path: `kinds[${i}]`, reason: `not a known EventKind other than UNSPECIFIED: ${String(kind)}` });
  });
  for (const field of ['kinds', 'enterprise_ids', 'equipment_ids'] as const) {
    const list = field === 'kinds' ? request.kinds : field === 'enterprise_ids' ? request.enterpriseIds : request.equipmentIds;
    if (list.length > MAX_FILTER_ENTRIES) violations.push({ path: field, reason: `at most ${MAX_FILTER_ENTRIES} entries` });
  }
  request.equipmentIds.forEach((id, i) => {
    if (id === '') violations.push({ path: `equipment_ids[${i}]`, reason: 'must not be empty' });
  });
  request.enterpriseIds.forEach((id, i) => {
    if (id === '') violations.push({ path: `enterprise_ids[${i}]`, reason: 'must not be empty' });
  });
  if (violations.length > 0) throw new RongtongError('INVALID_ARGUMENT', 'invalid SubscribeRequest', { fieldViolations: violations });

  let enterpriseIds = [...new Set(request.enterpriseIds)];
  if (principal.enterpriseId !== '') {
    for (const id of enterpriseIds) ctx.auth.requireEnterprise(principal, id);
    enterpriseIds = [principal.enterpriseId];
  } else {
    for (const id of enterpriseIds) {
      if (!(await ctx.store.getEnterprise(tenantId, id))) {
        throw new RongtongError('PERMISSION_DENIED', `enterprise "${id}" is not one this token may read`);
      }
    }
  }

  const start = parseFeedStart(request.after);
  let after = 0n;
  if (start.kind === 'now') {
    after = await ctx.store.lastEventSeq();
  } else if (start.kind === 'after') {
    const [first, last] = await Promise.all([ctx.store.firstEventSeq(), ctx.store.lastEventSeq()]);
    checkCursorInRange(start.after, first, last);
    after = start.after;
  }
  return {
    filter: { tenantId, kinds: [...kinds], enterpriseIds, equipmentIds: [...new Set(request.equipmentIds)] },
    after,
  };
}
