import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { EquipmentSchema, type Equipment } from './equipment.js';
import type { Signal } from './signal.js';

const state: Signal = {
  id: 'lathe-3/state',
  source: { kind: 'opcua', nodeId: 'nsu=http://example.com/lathe/;s=Lathe3.State' },
  semantic: 'machine_state',
  unit: '',
  stateMappings: [],
};

const parts: Signal = {
  id: 'lathe-3/parts',
  source: { kind: 'opcua', nodeId: 'nsu=http://example.com/lathe/;s=Lathe3.PartsProduced' },
  semantic: 'produced_count',
  unit: '',
  counter: { monotonic: true, wrapsAt: 4_294_967_296 },
  stateMappings: [],
};

const lathe: Equipment = {
  id: 'lathe-3',
  enterpriseId: 'ent_1',
  name: '3号数控车床',
  path: [
    { level: 'site', id: 'cq-plant-1' },
    { level: 'area', id: 'workshop-2' },
    { level: 'line', id: 'line-a' },
  ],
  equipmentClass: 'cnc-lathe',
  manufacturer: 'DMG MORI',
  model: 'CLX 350',
  serialNumber: 'SN-0042',
  ratedCapacityPerHour: { value: 120, unit: '' },
  idealUnitTimes: [{ idealUnitTime: 30_000 }, { productId: 'brake-disc-320', idealUnitTime: 25_000 }],
  shiftCalendarId: 'two-shifts',
  capabilities: [{ kind: 'process_segment', id: 'machining.turning' }],
  signals: [state, parts],
  agentId: 'agt_1',
  createTime: 1_740_960_000_000,
  updateTime: 1_740_960_000_000,
};

describe('Equipment', () => {
  it('parses a valid declaration, also without the platform fields', () => {
    expect(EquipmentSchema.parse(lathe)).toEqual(lathe);
    const declared = { ...lathe, enterpriseId: undefined, agentId: undefined, createTime: undefined, updateTime: undefined };
    expect(EquipmentSchema.safeParse(declared).success).toBe(true);
  });

  it('reports an invalid signal by index', () => {
    expect(issuePaths(EquipmentSchema, { ...lathe, signals: [{ ...state, semantic: 'status' }] })).toEqual([
      ['signals', 0, 'semantic'],
    ]);
    expect(issuePaths(EquipmentSchema, { ...lathe, signals: [state, { ...parts, counter: undefined }] })).toEqual([
      ['signals', 1, 'counter'],
    ]);
    expect(
      issuePaths(EquipmentSchema, { ...lathe, signals: [state, { ...parts, source: { kind: 'mqtt', topic: 'a/#' } }] }),
    ).toEqual([['signals', 1, 'source', 'topic']]);
  });

  it('rejects duplicate signal ids, products and capabilities', () => {
    expect(issuePaths(EquipmentSchema, { ...lathe, signals: [state, parts, { ...parts }] })).toEqual([['signals', 2, 'id']]);
    expect(
      issuePaths(EquipmentSchema, { ...lathe, idealUnitTimes: [{ idealUnitTime: 30_000 }, { idealUnitTime: 20_000 }] }),
    ).toEqual([['idealUnitTimes', 1, 'productId']]);
    expect(
      issuePaths(EquipmentSchema, { ...lathe, capabilities: [lathe.capabilities[0], { kind: 'process_segment', id: 'machining.turning', name: 'x' }] }),
    ).toEqual([['capabilities', 1, 'id']]);
    // Same id, other kind: a different capability.
    expect(
      EquipmentSchema.safeParse({ ...lathe, capabilities: [lathe.capabilities[0], { kind: 'product_class', id: 'machining.turning' }] })
        .success,
    ).toBe(true);
  });

  it('checks path order, ideal unit times and rated capacity', () => {
    expect(issuePaths(EquipmentSchema, { ...lathe, path: [{ level: 'line', id: 'a' }, { level: 'site', id: 'b' }] })).toEqual([
      ['path', 1, 'level'],
    ]);
    expect(issuePaths(EquipmentSchema, { ...lathe, idealUnitTimes: [{ idealUnitTime: 0 }] })).toEqual([
      ['idealUnitTimes', 0, 'idealUnitTime'],
    ]);
    expect(issuePaths(EquipmentSchema, { ...lathe, ratedCapacityPerHour: { value: 0, unit: '' } })).toEqual([
      ['ratedCapacityPerHour', 'value'],
    ]);
    expect(issuePaths(EquipmentSchema, { ...lathe, shiftCalendarId: '' })).toEqual([['shiftCalendarId']]);
  });
});
