import type { BatchPayload__Output } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { checkSharingLevel, isWithinSharingLevel, sharingLevelFromProto, sharingLevelToProto } from './sharing-level.js';

const empty: BatchPayload__Output = {
  sharingLevel: 'SHARING_LEVEL_RAW',
  createTime: null,
  historical: false,
  samples: [],
  stateIntervals: [],
  productionCounts: [],
  kpis: [],
  capacityRecords: [],
  gaps: [],
};
const one = [{}] as never[];
const MEMBERS = ['samples', 'stateIntervals', 'productionCounts', 'kpis', 'capacityRecords', 'gaps'] as const;

/** What the contract allows at each level (rongtong.v1.SharingLevel). */
const ALLOWED = {
  SHARING_LEVEL_RAW: ['samples', 'stateIntervals', 'productionCounts', 'kpis', 'capacityRecords', 'gaps'],
  SHARING_LEVEL_KPI: ['stateIntervals', 'productionCounts', 'kpis', 'capacityRecords', 'gaps'],
  SHARING_LEVEL_CAPACITY: ['capacityRecords', 'gaps'],
} as const;

describe('sharing levels', () => {
  it('map to and from the proto enum', () => {
    expect(sharingLevelToProto('kpi')).toBe('SHARING_LEVEL_KPI');
    expect(sharingLevelFromProto('SHARING_LEVEL_CAPACITY')).toBe('capacity');
    expect(sharingLevelFromProto('SHARING_LEVEL_UNSPECIFIED')).toBeUndefined();
    expect(sharingLevelFromProto(7)).toBeUndefined();
  });

  it('order RAW < KPI < CAPACITY: a batch may be less detailed than its stream, never more', () => {
    expect(isWithinSharingLevel('kpi', 'raw')).toBe(true);
    expect(isWithinSharingLevel('capacity', 'kpi')).toBe(true);
    expect(isWithinSharingLevel('raw', 'raw')).toBe(true);
    expect(isWithinSharingLevel('raw', 'kpi')).toBe(false);
    expect(isWithinSharingLevel('kpi', 'capacity')).toBe(false);
  });

  it('allow exactly the content the contract lists at each level', () => {
    for (const [level, allowed] of Object.entries(ALLOWED)) {
      for (const member of MEMBERS) {
        const payload = { ...empty, sharingLevel: level, [member]: one } as BatchPayload__Output;
        const check = () => checkSharingLevel(payload, 'raw');
        if ((allowed as readonly string[]).includes(member)) expect(check, `${member} at ${level}`).not.toThrow();
        else expect(check, `${member} at ${level}`).toThrow(expect.objectContaining({ code: 'PROTOCOL_VIOLATION' }));
      }
    }
  });

  it('refuse a batch more detailed than the stream, and an unset level', () => {
    expect(() => checkSharingLevel({ ...empty, sharingLevel: 'SHARING_LEVEL_RAW' }, 'kpi')).toThrow(expect.objectContaining({ code: 'PROTOCOL_VIOLATION' }));
    expect(checkSharingLevel({ ...empty, sharingLevel: 'SHARING_LEVEL_CAPACITY' }, 'raw')).toBe('capacity');
    expect(() => checkSharingLevel({ ...empty, sharingLevel: 'SHARING_LEVEL_UNSPECIFIED' }, 'raw')).toThrow(
      expect.objectContaining({ code: 'MALFORMED_PAYLOAD', fieldViolations: [expect.objectContaining({ path: 'payload.sharing_level' })] }),
    );
  });
});
