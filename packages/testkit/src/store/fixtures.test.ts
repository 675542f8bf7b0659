import { EnterpriseSchema, EquipmentSchema, TenantSchema, isUnifiedSocialCreditCode } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { GENESIS, batchDigest, batchRecord, bytes, creditCode, enterpriseRecord, equipmentRecord, sha256Hex, tenantRecord } from './fixtures.js';

describe('contract fixtures', () => {
  it('make valid, distinct unified social credit codes', () => {
    const codes = Array.from({ length: 50 }, (_, i) => creditCode(i));
    expect(codes.every(isUnifiedSocialCreditCode)).toBe(true);
    expect(new Set(codes).size).toBe(50);
    expect(codes[1]).toMatch(/^9150011200000001.[0-9A-HJ-NPQRTUWXY]$/);
  });

  it('make records the domain schemas accept', () => {
    expect(TenantSchema.safeParse(tenantRecord('tenant-a')).success).toBe(true);
    expect(EnterpriseSchema.safeParse(enterpriseRecord('tenant-a', 'ent-1', 1)).error).toBeUndefined();
    expect(EquipmentSchema.safeParse(equipmentRecord('tenant-a', 'ent-1', 'lathe-1')).error).toBeUndefined();
  });

  it('chain batches: batch 1 follows 32 zero bytes, batch n+1 follows the digest of batch n', () => {
    expect(batchRecord('t', 'a', 1n).prevHash).toEqual(GENESIS);
    expect(GENESIS).toEqual(new Uint8Array(32));
    expect(batchRecord('t', 'a', 8n).prevHash).toEqual(batchRecord('t', 'a', 7n).digest);
    expect(batchDigest('a', 7n)).not.toEqual(batchDigest('b', 7n));
    expect(batchRecord('t', 'a', 2n ** 60n).seq).toBe(1152921504606846976n);
  });

  it('make bytes covering every value, and hex SHA-256', () => {
    expect(Array.from(bytes(4, 254))).toEqual([254, 255, 0, 1]);
    expect(new Set(bytes(256)).size).toBe(256);
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
