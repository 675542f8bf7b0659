import { describe, expect, it } from 'vitest';
import { convertPayloadValue } from './payload-value.js';

const ok = (value: unknown) => ({ ok: true, value });

describe('payload values', () => {
  it('auto keeps JSON numbers, booleans and text; refuses objects, arrays and null', () => {
    expect(convertPayloadValue(21.5, 'auto')).toEqual(ok(21.5));
    expect(convertPayloadValue(7, 'auto')).toEqual(ok(7));
    expect(convertPayloadValue(true, 'auto')).toEqual(ok(true));
    expect(convertPayloadValue('Executing', 'auto')).toEqual(ok('Executing'));
    for (const bad of [null, {}, [1], undefined]) expect(convertPayloadValue(bad, 'auto').ok).toBe(false);
    expect(convertPayloadValue({ a: 1 }, 'auto')).toMatchObject({ ok: false, reason: 'expected a number, a boolean or text, got an object' });
  });

  it('integer gives bigint from safe JSON integers and from decimal text, and refuses lost digits', () => {
    expect(convertPayloadValue(120, 'integer')).toEqual(ok(120n));
    expect(convertPayloadValue(-3, 'integer')).toEqual(ok(-3n));
    expect(convertPayloadValue(1.0, 'integer')).toEqual(ok(1n));
    expect(convertPayloadValue('18446744073709551615', 'integer')).toEqual(ok(18446744073709551615n));
    expect(convertPayloadValue('-9223372036854775808', 'integer')).toEqual(ok(-9223372036854775808n));
    expect(convertPayloadValue(' 42 ', 'integer')).toEqual(ok(42n));
    expect(convertPayloadValue(1.5, 'integer')).toMatchObject({ ok: false, reason: expect.stringMatching(/expected an integer/) as unknown });
    expect(convertPayloadValue(2 ** 60, 'integer')).toMatchObject({ ok: false, reason: expect.stringMatching(/beyond ±2\^53.*decimal text/) as unknown });
    expect(convertPayloadValue('18446744073709551616', 'integer')).toMatchObject({ ok: false, reason: expect.stringMatching(/64 bits/) as unknown });
    expect(convertPayloadValue('12.5', 'integer').ok).toBe(false);
    expect(convertPayloadValue(true, 'integer').ok).toBe(false);
  });

  it('number, boolean and string are strict, string turning numbers and booleans into text', () => {
    expect(convertPayloadValue(3, 'number')).toEqual(ok(3));
    expect(convertPayloadValue('3', 'number').ok).toBe(false);
    expect(convertPayloadValue(false, 'boolean')).toEqual(ok(false));
    expect(convertPayloadValue(0, 'boolean').ok).toBe(false);
    expect(convertPayloadValue('J-42', 'string')).toEqual(ok('J-42'));
    expect(convertPayloadValue(12345, 'string')).toEqual(ok('12345'));
    expect(convertPayloadValue(true, 'string')).toEqual(ok('true'));
    expect(convertPayloadValue(null, 'string').ok).toBe(false);
  });

  it('refuses JSON numbers beyond the double range (they parse as ±Infinity) for every type', () => {
    for (const type of ['auto', 'number', 'string', 'integer'] as const) {
      expect(convertPayloadValue(JSON.parse('1e400'), type)).toMatchObject({ ok: false, reason: expect.stringMatching(/beyond the range of a double/) as unknown });
      expect(convertPayloadValue(JSON.parse('-1e400'), type).ok).toBe(false);
    }
    expect(convertPayloadValue(1.7e308, 'number')).toEqual(ok(1.7e308));
  });
});
