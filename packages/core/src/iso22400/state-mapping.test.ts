import { describe, expect, it } from 'vitest';
import { MACHINERY_STATE_MAPPING } from './machinery-state-mapping.js';
import { PACKML_STATE_MAPPING } from './packml-state-mapping.js';
import { mapStateToBucket, type StateMapping } from './state-mapping.js';
import { TIME_BUCKETS, isTimeBucket, type TimeBucket } from './time-bucket.js';

describe('time buckets', () => {
  it('lists the seven buckets and recognises only them', () => {
    expect(TIME_BUCKETS).toEqual(['apt', 'aust', 'adet', 'adot', 'pdot', 'idle', 'unknown']);
    expect(isTimeBucket('apt')).toBe(true);
    expect(isTimeBucket('APT')).toBe(false);
    expect(isTimeBucket('toString')).toBe(false);
    expect(isTimeBucket(3)).toBe(false);
  });
});

describe('mapStateToBucket with the default OPC 40501-1 Annex C mapping', () => {
  it.each<[string, string | undefined, TimeBucket]>([
    // Annex C.2.3 rows
    ['Executing', 'Processing', 'apt'],
    ['Executing', 'Setup', 'aust'],
    ['NotExecuting', undefined, 'adot'],
    ['NotExecuting', 'Processing', 'adot'],
    ['NotExecuting', 'Setup', 'adot'],
    ['OutOfService', undefined, 'adet'],
    ['OutOfService', 'Processing', 'adet'],
    // Rongtong additions
    ['Executing', undefined, 'apt'],
    ['Executing', 'None', 'apt'],
    ['Executing', 'Maintenance', 'pdot'],
    ['NotExecuting', 'Maintenance', 'pdot'],
    ['OutOfService', 'Maintenance', 'pdot'],
    ['NotAvailable', 'Maintenance', 'pdot'],
    ['NotAvailable', undefined, 'unknown'],
    ['NotAvailable', 'Processing', 'unknown'],
  ])('%s in mode %s → %s', (state, mode, bucket) => {
    expect(mapStateToBucket(state, mode)).toBe(bucket);
    expect(mapStateToBucket(state, mode, MACHINERY_STATE_MAPPING)).toBe(bucket);
  });

  it('falls back to the state when the mode has no refinement', () => {
    expect(mapStateToBucket('Executing', 'SomeVendorMode')).toBe('apt');
    expect(mapStateToBucket('OutOfService', '')).toBe('adet');
    expect(mapStateToBucket('OutOfService', null)).toBe('adet');
  });

  it('gives unknown for unmapped, empty or missing states, and for other spellings', () => {
    expect(mapStateToBucket('Running')).toBe('unknown');
    expect(mapStateToBucket('executing')).toBe('unknown');
    expect(mapStateToBucket('')).toBe('unknown');
    expect(mapStateToBucket(undefined)).toBe('unknown');
    expect(mapStateToBucket(null, 'Processing')).toBe('unknown');
  });

  it('does not read inherited object keys as states or modes', () => {
    expect(mapStateToBucket('constructor')).toBe('unknown');
    expect(mapStateToBucket('__proto__')).toBe('unknown');
    expect(mapStateToBucket('toString', 'valueOf')).toBe('unknown');
    expect(mapStateToBucket('Executing', 'hasOwnProperty')).toBe('apt');
  });

  it('gives unknown for bad quality and maps uncertain quality normally', () => {
    expect(mapStateToBucket('Executing', 'Processing', MACHINERY_STATE_MAPPING, 'bad')).toBe('unknown');
    expect(mapStateToBucket('Executing', 'Processing', MACHINERY_STATE_MAPPING, 'uncertain')).toBe('apt');
    expect(mapStateToBucket('Executing', 'Processing', MACHINERY_STATE_MAPPING, 'good')).toBe('apt');
  });
});

describe('user mappings', () => {
  it('lets users override entries by spreading a built-in table', () => {
    const mine: StateMapping = {
      name: 'mine',
      states: { ...MACHINERY_STATE_MAPPING.states, NotAvailable: 'pdot', NotExecuting: 'idle' },
      modes: { ...MACHINERY_STATE_MAPPING.modes, Executing: { Processing: 'apt', Setup: 'adet' } },
    };
    expect(mapStateToBucket('NotAvailable', undefined, mine)).toBe('pdot');
    expect(mapStateToBucket('NotExecuting', undefined, mine)).toBe('idle');
    expect(mapStateToBucket('Executing', 'Setup', mine)).toBe('adet');
    expect(mapStateToBucket('OutOfService', undefined, mine)).toBe('adet');
  });

  it('treats an entry that is not a bucket as unknown', () => {
    const broken = { name: 'broken', states: { Run: 'running' } } as unknown as StateMapping;
    expect(mapStateToBucket('Run', undefined, broken)).toBe('unknown');
    const noModes: StateMapping = { name: 'plain', states: { Run: 'apt' } };
    expect(mapStateToBucket('Run', 'Setup', noModes)).toBe('apt');
  });

  it('keeps the built-in tables frozen', () => {
    expect(Object.isFrozen(MACHINERY_STATE_MAPPING.states)).toBe(true);
    expect(Object.isFrozen(PACKML_STATE_MAPPING.states)).toBe(true);
  });
});

describe('PackML mapping, by state name', () => {
  it.each<[string, TimeBucket]>([
    ['Execute', 'apt'],
    ['Completing', 'apt'],
    ['Starting', 'aust'],
    ['Holding', 'adet'],
    ['Held', 'adet'],
    ['Unholding', 'adet'],
    ['Suspending', 'adet'],
    ['Suspended', 'adet'],
    ['Unsuspending', 'adet'],
    ['Aborting', 'adet'],
    ['Aborted', 'adet'],
    ['Clearing', 'adet'],
    ['Idle', 'idle'],
    ['Stopping', 'idle'],
    ['Stopped', 'idle'],
    ['Resetting', 'idle'],
    ['Complete', 'idle'],
  ])('%s → %s', (state, bucket) => {
    expect(mapStateToBucket(state, undefined, PACKML_STATE_MAPPING)).toBe(bucket);
    expect(mapStateToBucket(state, 'Produce', PACKML_STATE_MAPPING)).toBe(bucket);
  });

  it('covers exactly the 17 PackML states', () => {
    expect(Object.keys(PACKML_STATE_MAPPING.states)).toHaveLength(17);
  });

  it('maps any state in Maintenance mode to planned down time', () => {
    expect(mapStateToBucket('Execute', 'Maintenance', PACKML_STATE_MAPPING)).toBe('pdot');
    expect(mapStateToBucket('Held', 'Maintenance', PACKML_STATE_MAPPING)).toBe('pdot');
  });

  it('never maps state numbers or other spellings', () => {
    expect(mapStateToBucket('6', undefined, PACKML_STATE_MAPPING)).toBe('unknown');
    expect(mapStateToBucket('4', undefined, PACKML_STATE_MAPPING)).toBe('unknown');
    expect(mapStateToBucket('Un-holding', undefined, PACKML_STATE_MAPPING)).toBe('unknown');
    expect(mapStateToBucket('EXECUTE', undefined, PACKML_STATE_MAPPING)).toBe('unknown');
    expect(mapStateToBucket('Executing', undefined, PACKML_STATE_MAPPING)).toBe('unknown');
  });
});
