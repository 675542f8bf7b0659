import { StatusCodes } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { OPCUA_STATUS, statusSeverity } from './status-codes.js';
import { statusName } from './status-name.js';

describe('status codes', () => {
  it('match node-opcua', () => {
    for (const [name, value] of Object.entries(OPCUA_STATUS)) {
      expect(value, name).toBe((StatusCodes as unknown as Record<string, { value: number }>)[name]!.value >>> 0);
    }
    expect(statusSeverity(0)).toBe('good');
    expect(statusSeverity(StatusCodes.UncertainInitialValue.value)).toBe('uncertain');
    expect(statusSeverity(OPCUA_STATUS.BadConnectionClosed)).toBe('bad');
  });

  it('are named, info bits aside', () => {
    expect(statusName(0)).toBe('Good');
    expect(statusName(OPCUA_STATUS.BadNodeIdUnknown)).toBe('BadNodeIdUnknown');
    expect(statusName((StatusCodes.Good.value | 0x480) >>> 0)).toBe('Good');
    expect(statusName(0x80ff1234)).toBe('0x80ff1234');
  });
});
