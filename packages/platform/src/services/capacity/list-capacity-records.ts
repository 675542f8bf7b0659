import { CAPACITY_TYPES, HIERARCHY_LEVELS, PERIOD_GRANULARITIES, type FieldViolation } from '@rongtong/core';
import type { CapacityServiceHandlers, ListCapacityRecordsRequest__Output } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { CapacityRecordFilter } from '../../store/capacity-records.js';
import { capacityRecordToProto } from '../convert/capacity-record.js';
import { filteredPage, pageSizeOf } from '../paging.js';
import { CAPACITY_READ_SCOPES, capacityReaderOf, type CapacityReader } from './read-access.js';
import { enumFilterOf, enumListOf, idListOf, throwIfAny, timeBoundsOf } from './request-filters.js';

/** The store filter of a ListCapacityRecords request; `minimum_confidence` must be in [0, 1]. */
export function capacityRecordFilterOf(request: ListCapacityRecordsRequest__Output, reader: CapacityReader): CapacityRecordFilter {
  const violations: FieldViolation[] = [];
  const level = enumFilterOf('HIERARCHY_LEVEL', HIERARCHY_LEVELS, request.level, 'level', violations);
  const equipmentIds = idListOf(request.equipmentIds, 'equipment_ids', violations);
  const capabilityIds = idListOf(request.capabilityIds, 'capability_ids', violations);
  const granularity = enumFilterOf('PERIOD_GRANULARITY', PERIOD_GRANULARITIES, request.granularity, 'granularity', violations);
  const types = enumListOf('CAPACITY_TYPE', CAPACITY_TYPES, request.types, 'types', violations);
  const bounds = timeBoundsOf(request.timeRange, violations);
  const minimumConfidence = request.minimumConfidence;
  if (!Number.isFinite(minimumConfidence) || minimumConfidence < 0 || minimumConfidence > 1) {
    violations.push({ path: 'minimum_confidence', reason: `must be in [0, 1]: got ${minimumConfidence}` });
  }
  throwIfAny(violations);
  return {
    tenantId: reader.tenantId,
    enterpriseId: reader.enterpriseId,
    ...(reader.enterpriseIds ? { enterpriseIds: reader.enterpriseIds } : {}),
    ...(level ? { level } : {}),
    equipmentIds,
    capabilityIds,
    ...(granularity ? { granularity } : {}),
    types,
    minimumConfidence,
    ...bounds,
  };
}

/** CapacityService.ListCapacityRecords: current ISA-95 capacity records, filtered and paged. */
export function createListCapacityRecordsRpc(ctx: PlatformContext): Pick<CapacityServiceHandlers, 'ListCapacityRecords'> {
  return {
    ListCapacityRecords: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const reader = capacityReaderOf(ctx, principal, CAPACITY_READ_SCOPES, request.enterpriseId);
      const pageSize = pageSizeOf(request.pageSize);
      const filter = capacityRecordFilterOf(request, reader);
      const page = await filteredPage((p) => ctx.store.listCapacityRecords(filter, p), () => true, pageSize, request.pageToken);
      return { capacityRecords: page.items.map(capacityRecordToProto), nextPageToken: page.nextPageToken };
    }),
  };
}
