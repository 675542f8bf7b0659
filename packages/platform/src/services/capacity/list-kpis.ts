import { HIERARCHY_LEVELS, PERIOD_GRANULARITIES, type FieldViolation } from '@rongtong/core';
import type { CapacityServiceHandlers, ListKpisRequest__Output } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { KpiFilter } from '../../store/capacity-records.js';
import { kpiToProto } from '../convert/kpi.js';
import { filteredPage, pageSizeOf } from '../paging.js';
import { CAPACITY_READ_SCOPES, capacityReaderOf, type CapacityReader } from './read-access.js';
import { enumFilterOf, idListOf, throwIfAny, timeBoundsOf } from './request-filters.js';

/**
 * The store filter of a ListKpis request. `level` must be EQUIPMENT or ENTERPRISE (or
 * UNSPECIFIED); `equipment_ids` implies EQUIPMENT, so with ENTERPRISE it is INVALID_ARGUMENT.
 */
export function kpiFilterOf(request: ListKpisRequest__Output, reader: CapacityReader): KpiFilter {
  const violations: FieldViolation[] = [];
  const level = enumFilterOf('HIERARCHY_LEVEL', HIERARCHY_LEVELS, request.level, 'level', violations);
  if (level !== undefined && level !== 'equipment' && level !== 'enterprise') {
    violations.push({ path: 'level', reason: 'KPIs exist per equipment or per enterprise: use HIERARCHY_LEVEL_EQUIPMENT or HIERARCHY_LEVEL_ENTERPRISE' });
  }
  const equipmentIds = idListOf(request.equipmentIds, 'equipment_ids', violations);
  if (equipmentIds.length > 0 && level === 'enterprise') {
    violations.push({ path: 'equipment_ids', reason: 'selects equipment KPIs: not allowed with level HIERARCHY_LEVEL_ENTERPRISE' });
  }
  const granularity = enumFilterOf('PERIOD_GRANULARITY', PERIOD_GRANULARITIES, request.granularity, 'granularity', violations);
  const bounds = timeBoundsOf(request.timeRange, violations);
  throwIfAny(violations);
  const kpiLevel = equipmentIds.length > 0 ? 'equipment' : (level as KpiFilter['level']);
  return {
    tenantId: reader.tenantId,
    enterpriseId: reader.enterpriseId,
    ...(reader.enterpriseIds ? { enterpriseIds: reader.enterpriseIds } : {}),
    ...(kpiLevel ? { level: kpiLevel } : {}),
    equipmentIds,
    ...(granularity ? { granularity } : {}),
    productId: request.productId,
    ...bounds,
  };
}

/** CapacityService.ListKpis: ISO 22400 KPIs per equipment or enterprise and period, filtered and paged. */
export function createListKpisRpc(ctx: PlatformContext): Pick<CapacityServiceHandlers, 'ListKpis'> {
  return {
    ListKpis: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const reader = capacityReaderOf(ctx, principal, CAPACITY_READ_SCOPES, request.enterpriseId);
      const pageSize = pageSizeOf(request.pageSize);
      const filter = kpiFilterOf(request, reader);
      const page = await filteredPage((p) => ctx.store.listKpis(filter, p), () => true, pageSize, request.pageToken);
      return { kpis: page.items.map(kpiToProto), nextPageToken: page.nextPageToken };
    }),
  };
}
