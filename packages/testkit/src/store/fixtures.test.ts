import {
  CapacityRecordSchema,
  CommitmentSchema,
  DemandItemSchema,
  EnterpriseSchema,
  EquipmentSchema,
  KpiSchema,
  MatchSchema,
  ProductionCountSchema,
  StateIntervalSchema,
  SupplyItemSchema,
  TenantSchema,
  isUnifiedSocialCreditCode,
} from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { HOUR, capacityRecordRow, commitmentRecord, countFact, kpiRecord, stateFact } from './capacity-fixtures.js';
import { GENESIS, T0, batchDigest, batchRecord, bytes, creditCode, enterpriseRecord, equipmentRecord, sha256Hex, tenantRecord } from './fixtures.js';
import { demandItemRecord, matchRecord, supplyItemRecord } from './market-fixtures.js';

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

describe('capacity and market fixtures', () => {
  const source = { tenantId: 'tenant-a', enterpriseId: 'ent-1', agentId: 'agt-1', seq: 1n };
  const pair = { demandItemId: 'dem-1', supplyItemId: 'sup-1', buyerEnterpriseId: 'ent-1', supplierEnterpriseId: 'ent-2' };

  it('make facts, KPIs, capacity records and commitments the domain schemas accept', () => {
    expect(StateIntervalSchema.safeParse(stateFact(source, 'lathe-1', T0, T0 + HOUR)).error).toBeUndefined();
    expect(ProductionCountSchema.safeParse(countFact(source, 'lathe-1', T0, T0 + HOUR)).error).toBeUndefined();
    expect(KpiSchema.safeParse(kpiRecord('tenant-a', 'ent-1', 'lathe-1', T0)).error).toBeUndefined();
    expect(KpiSchema.safeParse(kpiRecord('tenant-a', 'ent-1', undefined, T0)).error).toBeUndefined();
    expect(CapacityRecordSchema.safeParse(capacityRecordRow('tenant-a', 'ent-1', 'cap-1', 'lathe-1', T0)).error).toBeUndefined();
    expect(CapacityRecordSchema.safeParse(capacityRecordRow('tenant-a', 'ent-1', 'cap-2', undefined, T0)).error).toBeUndefined();
    expect(CommitmentSchema.safeParse(commitmentRecord('tenant-a', 'com-1', { ...pair, matchId: 'mat-1' })).error).toBeUndefined();
  });

  it('make demand items, supply items and matches the domain schemas accept', () => {
    expect(DemandItemSchema.safeParse(demandItemRecord('tenant-a', 'ent-1', 'dem-1')).error).toBeUndefined();
    expect(SupplyItemSchema.safeParse(supplyItemRecord('tenant-a', 'ent-2', 'sup-1')).error).toBeUndefined();
    expect(MatchSchema.safeParse(matchRecord('tenant-a', 'mat-1', pair)).error).toBeUndefined();
  });
});
