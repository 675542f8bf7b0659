import { kpiRecord, capacityRecordRow } from '@rongtong/testkit';
import { toMillis } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { capacityRecordToProto } from './capacity-record.js';
import { kpiToProto } from './kpi.js';

const T = Date.UTC(2026, 2, 2);

describe('kpiToProto', () => {
  it('maps enums, durations and ids; absent ratios stay unset', () => {
    const k = kpiRecord('tenant-a', 'ent-1', undefined, T, { oee: undefined, effectiveness: undefined, availability: 0.75, agentId: undefined });
    const p = kpiToProto(k);
    expect([p.level, p.granularity, p.equipmentId, p.agentId, p.enterpriseId]).toEqual(['HIERARCHY_LEVEL_ENTERPRISE', 'PERIOD_GRANULARITY_HOUR', '', '', 'ent-1']);
    expect(toMillis(p.actualProductionTime)).toBe(k.actualProductionTime);
    expect(toMillis(p.startTime)).toBe(T);
    expect(p.availability).toBe(0.75);
    expect('oee' in p).toBe(false);
    expect('effectiveness' in p).toBe(false);
  });

  it('sets the equipment id of equipment KPIs', () => {
    expect(kpiToProto(kpiRecord('tenant-a', 'ent-1', 'm1', T))).toMatchObject({ level: 'HIERARCHY_LEVEL_EQUIPMENT', equipmentId: 'm1' });
  });
});

describe('capacityRecordToProto', () => {
  it('maps scope, capability, type and evidence (decimal seqs, digest bytes)', () => {
    const r = capacityRecordRow('tenant-a', 'ent-1', 'cap-1', 'm1', T);
    const p = capacityRecordToProto(r);
    expect(p.id).toBe('cap-1');
    expect(p.type).toMatch(/^CAPACITY_TYPE_/);
    expect(p.scope?.enterpriseId).toBe('ent-1');
    expect(p.evidence?.map((e) => [e.agentId, e.firstSeq, e.lastSeq])).toEqual(r.evidence.map((e) => [e.agentId, e.firstSeq.toString(), e.lastSeq.toString()]));
    expect(Buffer.from(p.evidence?.[0]?.firstDigest as Uint8Array)).toEqual(Buffer.from(r.evidence[0]?.firstDigest ?? []));
  });

  it('gives an absent capability as null and an absent id as ""', () => {
    const { id: _id, capability: _cap, ...rest } = capacityRecordRow('tenant-a', 'ent-1', 'cap-1', 'm1', T);
    const p = capacityRecordToProto({ ...rest, scope: { level: 'enterprise', enterpriseId: 'ent-1', path: [] } });
    expect([p.id, p.capability, p.scope?.id, p.scope?.level]).toEqual(['', null, '', 'HIERARCHY_LEVEL_ENTERPRISE']);
  });
});
