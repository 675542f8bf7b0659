import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { EnterpriseSchema, type Enterprise } from './enterprise.js';
import { TenantSchema } from './tenant.js';

const enterprise: Enterprise = {
  id: 'ent_1',
  tenantId: 'changan-chain',
  unifiedSocialCreditCode: '914403001922038216',
  name: '重庆某某精密机械有限公司',
  sizeClass: 'small',
  designation: 'specialized',
  chainLeader: false,
  regionCode: '500112',
  certifications: ['ISO9001', 'IATF16949'],
  identifierPrefix: '88.123.45',
  createTime: 1_740_960_000_000,
  updateTime: 1_740_960_000_000,
  etag: 'v1',
};

describe('Tenant', () => {
  it('parses a valid tenant and rejects bad ids and times', () => {
    expect(TenantSchema.parse({ id: 'changan-chain', name: '长安汽车供应链', createTime: 0 })).toEqual({
      id: 'changan-chain',
      name: '长安汽车供应链',
      createTime: 0,
    });
    expect(issuePaths(TenantSchema, { id: 'Changan Chain', name: 'x' })).toEqual([['id']]);
    expect(issuePaths(TenantSchema, { id: 'a', name: ' ' })).toEqual([['name']]);
    expect(issuePaths(TenantSchema, { id: 'a', name: 'x', createTime: -1 })).toEqual([['createTime']]);
    expect(issuePaths(TenantSchema, { id: 'a', name: 'x', createTime: 1.5 })).toEqual([['createTime']]);
  });
});

describe('Enterprise', () => {
  it('parses a valid enterprise', () => {
    expect(EnterpriseSchema.parse(enterprise)).toEqual(enterprise);
  });

  it('parses a create request without platform fields and unstated enums', () => {
    const request = { unifiedSocialCreditCode: '91440300708461136T', name: '腾讯', chainLeader: true, certifications: [] };
    expect(EnterpriseSchema.parse(request)).toEqual(request);
  });

  it('rejects an invalid credit code with a message naming the problem', () => {
    const result = EnterpriseSchema.safeParse({ ...enterprise, unifiedSocialCreditCode: '914403001922038217' });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['unifiedSocialCreditCode'], 'invalid unified social credit code: check character is 7, expected 6 (GB 32100)'],
    ]);
  });

  it('names each invalid field', () => {
    expect(issuePaths(EnterpriseSchema, { ...enterprise, sizeClass: 'SIZE_CLASS_SMALL' })).toEqual([['sizeClass']]);
    expect(issuePaths(EnterpriseSchema, { ...enterprise, designation: 'little-giant' })).toEqual([['designation']]);
    expect(issuePaths(EnterpriseSchema, { ...enterprise, regionCode: '5001' })).toEqual([['regionCode']]);
    expect(issuePaths(EnterpriseSchema, { ...enterprise, identifierPrefix: '88.123' })).toEqual([['identifierPrefix']]);
    expect(issuePaths(EnterpriseSchema, { ...enterprise, certifications: ['ISO9001', 'ISO 14001'] })).toEqual([
      ['certifications', 1],
    ]);
    expect(issuePaths(EnterpriseSchema, { ...enterprise, chainLeader: undefined })).toEqual([['chainLeader']]);
    expect(issuePaths(EnterpriseSchema, { ...enterprise, name: '' })).toEqual([['name']]);
  });

  it('rejects duplicate certifications at the repeated entry', () => {
    expect(issuePaths(EnterpriseSchema, { ...enterprise, certifications: ['ISO9001', 'IATF16949', 'ISO9001'] })).toEqual([
      ['certifications', 2],
    ]);
  });
});
