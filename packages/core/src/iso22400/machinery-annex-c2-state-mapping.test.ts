import { describe, expect, it } from 'vitest';
import { MACHINERY_ANNEX_C2_STATE_MAPPING } from './machinery-annex-c2-state-mapping.js';
import { MACHINERY_STATE_MAPPING } from './machinery-state-mapping.js';
import { mapStateToBucket } from './state-mapping.js';

const map = (state: string, mode?: string): string => mapStateToBucket(state, mode, MACHINERY_ANNEX_C2_STATE_MAPPING);

describe('MACHINERY_ANNEX_C2_STATE_MAPPING', () => {
  it('refines NotExecuting by the operation mode', () => {
    expect([map('NotExecuting', 'Processing'), map('NotExecuting', 'Setup'), map('NotExecuting', 'None'), map('NotExecuting')]).toEqual([
      'adet',
      'aust',
      'idle',
      'adot',
    ]);
  });

  it('books maintenance mode as planned down time in every state', () => {
    for (const state of ['Executing', 'NotExecuting', 'OutOfService', 'NotAvailable']) expect(map(state, 'Maintenance')).toBe('pdot');
  });

  it('agrees with the Annex C.2.3 mapping where C.2.3 has a row', () => {
    const rows: Array<[string, string | undefined]> = [
      ['Executing', 'Processing'],
      ['Executing', 'Setup'],
      ['Executing', undefined],
      ['NotExecuting', undefined],
      ['OutOfService', undefined],
      ['OutOfService', 'Processing'],
      ['NotAvailable', undefined],
    ];
    for (const [state, mode] of rows) expect(map(state, mode)).toBe(mapStateToBucket(state, mode, MACHINERY_STATE_MAPPING));
  });

  it('maps unknown states, empty states and bad quality to unknown', () => {
    expect(map('Running')).toBe('unknown');
    expect(map('')).toBe('unknown');
    expect(mapStateToBucket('Executing', 'Processing', MACHINERY_ANNEX_C2_STATE_MAPPING, 'bad')).toBe('unknown');
  });
});
