import { describe, expect, it } from 'vitest';
import { suggestFromName } from './name-suggestions.js';

describe('suggestFromName', () => {
  it.each([
    ['JobGoodPartsCounter', 'UInt64', 'good_count', true],
    ['JobBadPartsCounter', 'UInt64', 'bad_count', true],
    ['ScrapCount', 'UInt32', 'bad_count', false],
    ['JobPartsCounter', 'UInt64', 'produced_count', true],
    ['PartCount', 'Int32', 'produced_count', false],
    ['JobCycleCounter', 'UInt64', 'cycle_count', true],
    ['MachineCycleCounter', 'UInt64', 'cycle_count', false],
    ['ShotCounter', 'UInt32', 'cycle_count', false],
    ['Status', 'Int32', 'machine_state', undefined],
    ['MachineState', 'String', 'machine_state', undefined],
    ['MachineMode', 'Int32', 'operation_mode', undefined],
    ['JobName', 'String', 'job', undefined],
    ['OrderNo', 'String', 'job', undefined],
    ['MouldId', 'String', 'product', undefined],
    ['ProgramName', 'String', 'product', undefined],
    ['SpindleSpeed', 'Double', 'speed', undefined],
  ] as const)('%s (%s) → %s', (name, dataType, semantic, perJob) => {
    const s = suggestFromName(name, dataType);
    expect(s?.semantic).toBe(semantic);
    if (perJob === undefined) expect(s?.counter).toBeUndefined();
    else expect(s?.counter).toEqual(perJob ? { monotonic: true, resetsOnJob: true } : { monotonic: true });
    expect(s?.reason).toContain(name);
  });

  it('does not take a non-integer for a counter, nor guess unknown names', () => {
    expect(suggestFromName('GoodParts', 'Double')).toBeUndefined();
    expect(suggestFromName('PartCount', undefined)).toBeUndefined();
    expect(suggestFromName('LastCycleTime', 'Double')).toBeUndefined();
    expect(suggestFromName('Temperature', 'Double')).toBeUndefined();
  });
});
