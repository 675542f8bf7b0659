import { RongtongError } from '@rongtong/core';
import type { OnboardingServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { buildFeedEvent } from '../../feed/feed-event.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import { emitSafely } from '../../platform-events.js';
import type { EquipmentRecord } from '../../store/records.js';
import { equipmentToProto } from '../convert/equipment.js';
import { notifyFeed } from '../feed-notify.js';
import { checkSignalIds, isUnchanged, parseDeclaration } from './equipment-declaration.js';

function denied(message: string): RongtongError {
  return new RongtongError('PERMISSION_DENIED', message);
}

/**
 * OnboardingService.DeclareEquipment: creates or replaces equipment (with its signals)
 * of the caller's own enterprise. Needs scope `ingest` and a token restricted to an
 * enterprise (normally the agent's credential). Equipment naming another enterprise in
 * `enterprise_id`, or whose id belongs to another enterprise of the tenant, is refused
 * with PERMISSION_DENIED. Re-declaring unchanged equipment writes nothing and appends no
 * event; each changed one appends an EQUIPMENT_DECLARED event.
 */
export function createDeclareEquipmentRpc(ctx: PlatformContext): Pick<OnboardingServiceHandlers, 'DeclareEquipment'> {
  return {
    DeclareEquipment: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      ctx.auth.requireScope(principal, 'ingest');
      const { tenantId, enterpriseId, agentId } = principal;
      if (enterpriseId === '') throw denied('DeclareEquipment needs a token restricted to an enterprise (an agent credential)');
      request.equipment.forEach((e, i) => {
        if (e.enterpriseId !== '' && e.enterpriseId !== enterpriseId) {
          throw denied(`equipment.${i}.enterprise_id: an agent declares equipment only for its own enterprise`);
        }
      });
      const declared = parseDeclaration(request);
      const existing = await Promise.all(declared.map((e) => ctx.store.getEquipment(tenantId, e.id)));
      existing.forEach((stored, i) => {
        if (stored && stored.enterpriseId !== enterpriseId) {
          throw denied(`equipment.${i}.id: equipment ${JSON.stringify(stored.id)} belongs to another enterprise`);
        }
      });
      await checkSignalIds(ctx, tenantId, enterpriseId, declared);

      const now = ctx.now();
      let result: EquipmentRecord[] = [];
      const changed: EquipmentRecord[] = [];
      declared.forEach((e, i) => {
        const stored = existing[i];
        if (stored && isUnchanged(stored, e, agentId)) {
          result.push(stored);
          return;
        }
        const record: EquipmentRecord = {
          ...e,
          tenantId,
          enterpriseId,
          agentId,
          createTime: stored?.createTime ?? now,
          updateTime: now,
        };
        result.push(record);
        changed.push(record);
      });
      if (changed.length > 0) {
        const events = changed.map((r) =>
          buildFeedEvent({
            tenantId,
            kind: 'equipment_declared',
            enterpriseId,
            equipmentId: r.id,
            agentId,
            time: now,
            payload: { equipment: equipmentToProto(r) },
          }),
        );
        const stored = await ctx.store.upsertEquipment(changed, events);
        const byId = new Map(stored.map((r) => [r.id, r]));
        result = result.map((r) => byId.get(r.id) ?? r);
        ctx.logger.info({ tenantId, enterpriseId, agentId, count: stored.length }, 'equipment declared');
        emitSafely(ctx.events, ctx.logger, 'equipmentDeclared', stored);
        await notifyFeed(ctx);
      }
      return { equipment: result.map(equipmentToProto) };
    }),
  };
}
