import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { MONDAY, WEEK, week } from '../test-support/weeks.js';
import { CommitmentSchema, type Commitment } from './commitment.js';

const commitment: Commitment = {
  id: 'com_1',
  matchId: 'mat_1',
  demandItemId: 'dem_1',
  supplyItemId: 'sup_1',
  buyerEnterpriseId: 'ent_leader',
  supplierEnterpriseId: 'ent_sme',
  capability: { kind: 'product_class', id: 'brake-disc' },
  allocations: [week(0, 4000), week(1, 4000), week(3, 2000)],
  status: 'active',
  createTime: MONDAY - 86_400_000,
  updateTime: MONDAY - 86_400_000,
};

describe('Commitment', () => {
  it('parses a valid commitment', () => {
    expect(CommitmentSchema.parse(commitment)).toEqual(commitment);
  });

  it('needs at least one allocation', () => {
    expect(issuePaths(CommitmentSchema, { ...commitment, allocations: [] })).toEqual([['allocations']]);
  });

  it('requires allocations in time order, without overlap', () => {
    const overlapping = [week(0, 4000), { ...week(1, 4000), startTime: MONDAY + WEEK - 1 }];
    const result = CommitmentSchema.safeParse({ ...commitment, allocations: overlapping });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['allocations', 1, 'startTime']]);
    expect(issuePaths(CommitmentSchema, { ...commitment, allocations: [week(2, 1), week(0, 1)] })).toEqual([
      ['allocations', 1, 'startTime'],
    ]);
  });

  it('requires one unit across allocations', () => {
    expect(issuePaths(CommitmentSchema, { ...commitment, allocations: [week(0, 4000), week(1, 4, 't')] })).toEqual([
      ['allocations', 1, 'quantity', 'unit'],
    ]);
  });

  it('reports bad allocations and fields by path', () => {
    const backwards = [{ ...week(0, 4000), endTime: MONDAY - 1 }];
    expect(issuePaths(CommitmentSchema, { ...commitment, allocations: backwards })).toEqual([['allocations', 0, 'endTime']]);
    expect(issuePaths(CommitmentSchema, { ...commitment, allocations: [week(0, -1)] })).toEqual([
      ['allocations', 0, 'quantity', 'value'],
    ]);
    expect(issuePaths(CommitmentSchema, { ...commitment, status: 'done' })).toEqual([['status']]);
    expect(issuePaths(CommitmentSchema, { ...commitment, matchId: undefined })).toEqual([['matchId']]);
  });
});
