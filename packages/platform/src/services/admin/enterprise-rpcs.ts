import { randomBytes } from 'node:crypto';
import { EnterpriseSchema, RongtongError, isRongtongError, type Scope } from '@rongtong/core';
import type { AdminServiceHandlers } from '@rongtong/protocol';
import { newId } from '../../auth/token-secret.js';
import type { PlatformContext } from '../../context.js';
import { buildFeedEvent } from '../../feed/feed-event.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import { emitSafely } from '../../platform-events.js';
import type { EnterpriseRecord, NewFeedEvent } from '../../store/records.js';
import { findEnterprise, requireAnyScope, requireTenant, requireTenantWide } from '../access.js';
import { enterpriseInput, enterpriseToProto } from '../convert/enterprise.js';
import { notifyFeed } from '../feed-notify.js';
import { filteredPage, pageSizeOf } from '../paging.js';
import { parseRequest, requireField } from '../validate.js';
import { enterpriseFilterFrom, matchesEnterpriseFilter } from './enterprise-filter.js';
import { applyEnterpriseUpdate, maskedFields } from './enterprise-update.js';

/** Scopes that may read enterprises (GetEnterprise, ListEnterprises). */
const READ_SCOPES: readonly Scope[] = ['admin', 'market:read', 'capacity:read'];
/** Read-modify-write attempts of an update without an etag before giving up with CONFLICT. */
const UPDATE_ATTEMPTS = 3;

function newEtag(): string {
  return randomBytes(9).toString('base64url');
}

/** The ENTERPRISE_CHANGED event of a created or updated enterprise. */
export function enterpriseEvent(record: EnterpriseRecord, now: number): NewFeedEvent {
  return buildFeedEvent({
    tenantId: record.tenantId,
    kind: 'enterprise_changed',
    enterpriseId: record.id,
    time: now,
    payload: { enterprise: enterpriseToProto(record) },
  });
}

function conflict(): RongtongError {
  return new RongtongError('CONFLICT', 'the enterprise was changed since the etag was read: read it again and retry');
}

type EnterpriseRpcs = Pick<AdminServiceHandlers, 'CreateEnterprise' | 'UpdateEnterprise' | 'GetEnterprise' | 'ListEnterprises'>;

/** AdminService's enterprise RPCs: create, update (field mask + etag), get and list. */
export function createEnterpriseRpcs(ctx: PlatformContext): EnterpriseRpcs {
  const changed = async (stored: EnterpriseRecord): Promise<void> => {
    emitSafely(ctx.events, ctx.logger, 'enterpriseChanged', stored);
    await notifyFeed(ctx);
  };

  return {
    CreateEnterprise: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      ctx.auth.requireScope(principal, 'admin');
      const tenantId = ctx.auth.tenantOf(principal, request.tenantId);
      requireTenantWide(principal);
      if (principal.operator) await requireTenant(ctx, tenantId);
      const input = enterpriseInput(requireField(request.enterprise, 'enterprise'));
      const enterprise = parseRequest(EnterpriseSchema, input, ['enterprise']);
      const now = ctx.now();
      const record: EnterpriseRecord = {
        ...enterprise,
        id: newId('ent'),
        tenantId,
        createTime: now,
        updateTime: now,
        etag: newEtag(),
      };
      const stored = await ctx.store.createEnterprise(record, enterpriseEvent(record, now));
      await changed(stored);
      return { enterprise: enterpriseToProto(stored) };
    }),

    UpdateEnterprise: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      ctx.auth.requireScope(principal, 'admin');
      const wanted = requireField(request.enterprise, 'enterprise');
      const id = requireField(wanted.id, 'enterprise.id');
      if (!principal.operator) ctx.auth.tenantOf(principal, wanted.tenantId);
      const fields = maskedFields(request.updateMask?.paths ?? []);
      for (let attempt = 1; ; attempt += 1) {
        const stored = await findEnterprise(ctx, principal, id, wanted.tenantId);
        if (wanted.etag !== '' && wanted.etag !== stored.etag) throw conflict();
        const updated = applyEnterpriseUpdate(stored, wanted, fields);
        const now = ctx.now();
        const record: EnterpriseRecord = {
          ...updated,
          id: stored.id,
          tenantId: stored.tenantId,
          createTime: stored.createTime,
          updateTime: now,
          etag: newEtag(),
        };
        try {
          // Always compare with the etag read: a concurrent change must not be overwritten
          // by the fields outside the mask that were read before it.
          const saved = await ctx.store.updateEnterprise(record, stored.etag, enterpriseEvent(record, now));
          await changed(saved);
          return { enterprise: enterpriseToProto(saved) };
        } catch (err) {
          const retry = isRongtongError(err) && err.code === 'CONFLICT' && wanted.etag === '' && attempt < UPDATE_ATTEMPTS;
          if (!retry) throw err;
        }
      }
    }),

    GetEnterprise: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      requireAnyScope(principal, READ_SCOPES);
      const id = requireField(request.enterpriseId, 'enterprise_id');
      return { enterprise: enterpriseToProto(await findEnterprise(ctx, principal, id)) };
    }),

    ListEnterprises: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      requireAnyScope(principal, READ_SCOPES);
      const tenantId = ctx.auth.tenantOf(principal, request.tenantId);
      if (principal.operator) await requireTenant(ctx, tenantId);
      const filter = enterpriseFilterFrom(request);
      const pageSize = pageSizeOf(request.pageSize);
      if (principal.enterpriseId !== '') {
        // A restricted token sees its own enterprise only: one page of at most one item.
        const own = await ctx.store.getEnterprise(tenantId, principal.enterpriseId);
        const items = own && matchesEnterpriseFilter(own, filter) ? [own] : [];
        return { enterprises: items.map(enterpriseToProto), nextPageToken: '' };
      }
      const page = await filteredPage(
        (p) => ctx.store.listEnterprises(tenantId, p),
        (e) => matchesEnterpriseFilter(e, filter),
        pageSize,
        request.pageToken,
      );
      return { enterprises: page.items.map(enterpriseToProto), nextPageToken: page.nextPageToken };
    }),
  };
}
