import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { MONDAY, WEEK } from '../test-support/weeks.js';
import { MeasuredCapacitySchema, type MeasuredCapacity } from './measured-capacity.js';
import { SupplyItemSchema, type SupplyItem } from './supply-item.js';

const measured: MeasuredCapacity = {
  total: { quantity: { value: 21_000, unit: '' }, granularity: 'week' },
  available: { quantity: { value: 5200, unit: '' }, granularity: 'week' },
  confidence: 0.86,
  basis: { startTime: MONDAY - 4 * WEEK, endTime: MONDAY },
  capacityRecordIds: ['cap_1', 'cap_2'],
  updateTime: MONDAY,
};

const supply: SupplyItem = {
  id: 'sup_1',
  supplierEnterpriseId: 'ent_sme',
  externalId: 'P-320',
  category: 'component.casting.brake-disc',
  mainProduct: '汽车制动盘',
  description: 'HT250 灰铸铁制动盘',
  spec: { material: 'HT250', diameter_mm: '320' },
  capability: { kind: 'product_class', id: 'brake-disc' },
  declaredCapacity: { quantity: { value: 20_000, unit: '' }, granularity: 'week' },
  measuredCapacity: measured,
  leadTime: 14 * 86_400_000,
  intendedCustomers: ['长安汽车', '91500000202805720T'],
  regionCode: '500112',
  certifications: ['IATF16949', 'ISO14001'],
  status: 'open',
  createTime: MONDAY - WEEK,
  updateTime: MONDAY,
  etag: 'v7',
};

describe('MeasuredCapacity', () => {
  it('parses a summary and rejects a confidence outside [0, 1]', () => {
    expect(MeasuredCapacitySchema.parse(measured)).toEqual(measured);
    expect(issuePaths(MeasuredCapacitySchema, { ...measured, confidence: 1.5 })).toEqual([['confidence']]);
    expect(issuePaths(MeasuredCapacitySchema, { ...measured, basis: { startTime: MONDAY, endTime: MONDAY } })).toEqual([
      ['basis', 'endTime'],
    ]);
  });
});

describe('SupplyItem', () => {
  it('parses a supply item, and a minimal create request with status draft', () => {
    expect(SupplyItemSchema.parse(supply)).toEqual(supply);
    const request = { category: 'component.casting', mainProduct: '铸件', spec: {}, intendedCustomers: [], certifications: [] };
    expect(SupplyItemSchema.parse(request)).toEqual({ ...request, status: 'draft' });
  });

  it('names invalid fields', () => {
    expect(issuePaths(SupplyItemSchema, { ...supply, mainProduct: '' })).toEqual([['mainProduct']]);
    expect(issuePaths(SupplyItemSchema, { ...supply, regionCode: '50' })).toEqual([['regionCode']]);
    expect(issuePaths(SupplyItemSchema, { ...supply, leadTime: -1 })).toEqual([['leadTime']]);
    expect(
      issuePaths(SupplyItemSchema, { ...supply, declaredCapacity: { quantity: { value: -1, unit: '' }, granularity: 'week' } }),
    ).toEqual([['declaredCapacity', 'quantity', 'value']]);
    expect(issuePaths(SupplyItemSchema, { ...supply, intendedCustomers: ['长安汽车', ' '] })).toEqual([['intendedCustomers', 1]]);
  });

  it('rejects duplicate certifications and intended customers', () => {
    expect(issuePaths(SupplyItemSchema, { ...supply, certifications: ['IATF16949', 'IATF16949'] })).toEqual([
      ['certifications', 1],
    ]);
    expect(issuePaths(SupplyItemSchema, { ...supply, intendedCustomers: ['长安汽车', '长安汽车'] })).toEqual([
      ['intendedCustomers', 1],
    ]);
  });

  it('requires measured capacity in the granularity of the declared capacity', () => {
    const daily = { ...measured, available: { quantity: { value: 800, unit: '' }, granularity: 'day' } };
    const result = SupplyItemSchema.safeParse({ ...supply, measuredCapacity: daily });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['measuredCapacity', 'available', 'granularity'], 'measured capacity must be per week, like the declared capacity (got per day)'],
    ]);
  });
});
