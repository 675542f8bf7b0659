import { COMMITMENT_STATUSES, type FieldViolation } from '@rongtong/core';
import type { CapacityServiceHandlers, ListCommitmentsRequest__Output } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { CommitmentFilter } from '../../store/capacity-records.js';
import { commitmentToProto } from '../convert/commitment.js';
import { filteredPage, pageSizeOf } from '../paging.js';
import { COMMITMENT_READ_SCOPES, capacityReaderOf, type CapacityReader } from './read-access.js';
import { enumFilterOf, throwIfAny, timeBoundsOf } from './request-filters.js';

/** The store filter of a ListCommitments request (a restricted token sees commitments where its enterprise is buyer or supplier). */
export function commitmentFilterOf(request: ListCommitmentsRequest__Output, reader: CapacityReader): CommitmentFilter {
  const violations: FieldViolation[] = [];
  const status = enumFilterOf('COMMITMENT_STATUS', COMMITMENT_STATUSES, request.status, 'status', violations);
  const bounds = timeBoundsOf(request.timeRange, violations);
  throwIfAny(violations);
  return {
    tenantId: reader.tenantId,
    enterpriseId: reader.enterpriseId,
    ...(reader.enterpriseIds ? { enterpriseIds: reader.enterpriseIds } : {}),
    demandItemId: request.demandItemId,
    supplyItemId: request.supplyItemId,
    ...(status ? { status } : {}),
    ...bounds,
  };
}

/** CapacityService.ListCommitments: commitments newest first (scope `capacity:read` or `market:read`). */
export function createListCommitmentsRpc(ctx: PlatformContext): Pick<CapacityServiceHandlers, 'ListCommitments'> {
  return {
    ListCommitments: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const reader = capacityReaderOf(ctx, principal, COMMITMENT_READ_SCOPES, request.enterpriseId);
      const pageSize = pageSizeOf(request.pageSize);
      const filter = commitmentFilterOf(request, reader);
      const page = await filteredPage((p) => ctx.store.listCommitments(filter, p), () => true, pageSize, request.pageToken);
      return { commitments: page.items.map(commitmentToProto), nextPageToken: page.nextPageToken };
    }),
  };
}
