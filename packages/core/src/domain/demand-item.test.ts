import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { MONDAY, WEEK, week } from '../test-support/weeks.js';
import { DemandItemSchema, type DemandItem } from './demand-item.js';

const demand: DemandItem = {
  id: 'dem_1',
  buyerEnterpriseId: 'ent_leader',
  externalId: 'MAT-100234',
  category: 'component.casting.brake-disc',
  name: '制动盘铸件毛坯',
  description: 'HT250, Ø320',
  spec: { material: 'HT250', diameter_mm: '320' },
  quantity: { value: 12_000, unit: '' },
  delivery: { kind: 'schedule', periods: [week(0, 4000), week(1, 4000), week(2, 4000)] },
  regionCodes: ['50', '5101'],
  requiredCertifications: ['IATF16949'],
  minimumDesignation: 'specialized',
  capability: { kind: 'product_class', id: 'brake-disc' },
  status: 'open',
  committedQuantity: { value: 4000, unit: '' },
  createTime: MONDAY - WEEK,
  updateTime: MONDAY - WEEK,
  etag: 'v3',
};

describe('DemandItem', () => {
  it('parses a demand with a schedule, and one with a due time', () => {
    expect(DemandItemSchema.parse(demand)).toEqual(demand);
    const due = { ...demand, delivery: { kind: 'due_time', dueTime: MONDAY + 4 * WEEK } };
    expect(DemandItemSchema.parse(due)).toEqual(due);
  });

  it('parses a minimal create request, defaulting the status to draft', () => {
    const request = {
      category: 'component.casting',
      name: '铸件',
      spec: {},
      quantity: { value: 10, unit: 't' },
      regionCodes: [],
      requiredCertifications: [],
    };
    expect(DemandItemSchema.parse(request)).toEqual({ ...request, status: 'draft' });
  });

  it('requires a positive quantity', () => {
    expect(issuePaths(DemandItemSchema, { ...demand, quantity: { value: 0, unit: '' } })).toEqual([['quantity', 'value']]);
  });

  it('checks the schedule: order, overlap, units and total', () => {
    const swapped = { ...demand, delivery: { kind: 'schedule', periods: [week(1, 4000), week(0, 4000), week(2, 4000)] } };
    expect(issuePaths(DemandItemSchema, swapped)).toEqual([['delivery', 'periods', 1, 'startTime']]);
    const units = { ...demand, delivery: { kind: 'schedule', periods: [week(0, 4000), week(1, 4000, 't'), week(2, 4000)] } };
    expect(issuePaths(DemandItemSchema, units)).toEqual([['delivery', 'periods', 1, 'quantity', 'unit']]);
    const short = { ...demand, delivery: { kind: 'schedule', periods: [week(0, 4000), week(1, 4000)] } };
    const result = DemandItemSchema.safeParse(short);
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['delivery', 'periods'], "the scheduled quantities add up to 8000, not to the item's quantity 12000"],
    ]);
    expect(issuePaths(DemandItemSchema, { ...demand, delivery: { kind: 'schedule', periods: [] } })).toEqual([
      ['delivery', 'periods'],
    ]);
    const backwards = { ...demand, delivery: { kind: 'schedule', periods: [{ ...week(0, 12_000), endTime: MONDAY }] } };
    expect(issuePaths(DemandItemSchema, backwards)).toEqual([['delivery', 'periods', 0, 'endTime']]);
  });

  it('names other invalid fields', () => {
    expect(issuePaths(DemandItemSchema, { ...demand, delivery: { kind: 'asap' } })).toEqual([['delivery', 'kind']]);
    expect(issuePaths(DemandItemSchema, { ...demand, delivery: { kind: 'due_time', dueTime: -1 } })).toEqual([
      ['delivery', 'dueTime'],
    ]);
    expect(issuePaths(DemandItemSchema, { ...demand, regionCodes: ['50', '500'] })).toEqual([['regionCodes', 1]]);
    expect(issuePaths(DemandItemSchema, { ...demand, regionCodes: ['50', '50'] })).toEqual([['regionCodes', 1]]);
    expect(issuePaths(DemandItemSchema, { ...demand, minimumDesignation: 'gold' })).toEqual([['minimumDesignation']]);
    expect(issuePaths(DemandItemSchema, { ...demand, category: 'Component Casting' })).toEqual([['category']]);
    expect(issuePaths(DemandItemSchema, { ...demand, name: '   ' })).toEqual([['name']]);
    expect(issuePaths(DemandItemSchema, { ...demand, spec: { '': 'x' } })).toEqual([['spec', '']]);
    expect(issuePaths(DemandItemSchema, { ...demand, status: 'published' })).toEqual([['status']]);
    expect(issuePaths(DemandItemSchema, { ...demand, committedQuantity: { value: 1, unit: 't' } })).toEqual([
      ['committedQuantity', 'unit'],
    ]);
  });
});
