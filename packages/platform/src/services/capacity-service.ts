import type { CapacityServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../context.js';
import { createGetEvidenceRpc } from './capacity/get-evidence.js';
import { createListCapacityRecordsRpc } from './capacity/list-capacity-records.js';
import { createListCommitmentsRpc } from './capacity/list-commitments.js';
import { createListEquipmentRpc } from './capacity/list-equipment.js';
import { createListKpisRpc } from './capacity/list-kpis.js';

/**
 * The `rongtong.v1.CapacityService` implementation: what the platform measured —
 * equipment, ISO 22400 KPIs, ISA-95 capacity records, commitments — and the signed
 * evidence behind records. Every RPC needs a tenant token with scope `capacity:read`
 * (ListCommitments also accepts `market:read`); a token restricted to an enterprise sees
 * only that enterprise's data. Register it with
 * `server.addService(definition['rongtong.v1.CapacityService'], handlers)`.
 */
export function createCapacityService(ctx: PlatformContext): CapacityServiceHandlers {
  const scoped = { ...ctx, logger: ctx.logger.child({ component: 'capacity-service' }) };
  return {
    ...createListEquipmentRpc(scoped),
    ...createListKpisRpc(scoped),
    ...createListCapacityRecordsRpc(scoped),
    ...createListCommitmentsRpc(scoped),
    ...createGetEvidenceRpc(scoped),
  };
}
