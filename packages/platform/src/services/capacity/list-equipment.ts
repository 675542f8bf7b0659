import type { CapacityServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import { equipmentToProto } from '../convert/equipment.js';
import { filteredPage, pageSizeOf } from '../paging.js';
import { CAPACITY_READ_SCOPES, capacityReaderOf } from './read-access.js';

/** CapacityService.ListEquipment: declared equipment with its signals, of one enterprise or all the caller may see. */
export function createListEquipmentRpc(ctx: PlatformContext): Pick<CapacityServiceHandlers, 'ListEquipment'> {
  return {
    ListEquipment: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const reader = capacityReaderOf(ctx, principal, CAPACITY_READ_SCOPES, request.enterpriseId);
      const pageSize = pageSizeOf(request.pageSize);
      const page = await filteredPage(
        (p) => ctx.store.listEquipment(reader.tenantId, reader.enterpriseId, p),
        (e) => reader.enterpriseId === '' || e.enterpriseId === reader.enterpriseId,
        pageSize,
        request.pageToken,
      );
      return { equipment: page.items.map(equipmentToProto), nextPageToken: page.nextPageToken };
    }),
  };
}
