import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CategorySchema, isCategoryWithin } from './category.js';
import { CertificationSchema } from './certification.js';
import { IdentifierPrefixSchema, isIdentifierPrefix } from './identifier-prefix.js';
import { LocalIdSchema, ResourceIdSchema, SignalIdSchema, SnakeCaseNameSchema, TenantIdSchema } from './identifier.js';
import { RegionCodeSchema, RegionPrefixSchema, isRegionCode, isRegionPrefix } from './region-code.js';

function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe('region codes (GB/T 2260)', () => {
  it('accepts 6-digit codes with a province prefix', () => {
    for (const code of ['500112', '500000', '110105', '440305', '650102', '810000', '820000']) expect(isRegionCode(code)).toBe(true);
  });

  it('rejects other shapes and unknown provinces', () => {
    for (const code of ['50011', '5001120', '50011a', '', ' 500112', '100000', '190101', '390101', '720000', '990000']) {
      expect([code, isRegionCode(code)]).toEqual([code, false]);
    }
    expect(messages(RegionCodeSchema, '5001')).toEqual([
      'must be a GB/T 2260 administrative division code: 6 digits starting with a province code, e.g. "500112"',
    ]);
  });

  it('accepts 2-, 4- and 6-digit prefixes for filters', () => {
    expect(['50', '5001', '500112'].map(isRegionPrefix)).toEqual([true, true, true]);
    expect(['5', '500', '50011', '5001120', '99', 'ab'].map(isRegionPrefix)).toEqual([false, false, false, false, false, false]);
    expect(RegionPrefixSchema.safeParse('500').success).toBe(false);
  });
});

describe('industrial-internet identifier prefix', () => {
  it('accepts 88.<digits>.<digits>', () => {
    expect(['88.123.45', '88.1.1', '88.118.8'].map(isIdentifierPrefix)).toEqual([true, true, true]);
  });

  it('rejects other prefixes', () => {
    expect(['86.123.45', '88.123', '88.123.45.6', '88.abc.45', '88..45', ' 88.1.2', '88.1.2/x'].map(isIdentifierPrefix)).toEqual([
      false, false, false, false, false, false, false,
    ]);
    expect(messages(IdentifierPrefixSchema, '88.1')).toEqual([
      'must be an industrial-internet identifier prefix "88.<digits>.<digits>", e.g. "88.123.45"',
    ]);
  });
});

describe('identifiers and codes', () => {
  it('checks local, signal, tenant and platform ids', () => {
    expect(LocalIdSchema.safeParse('cnc-lathe.3:a_b').success).toBe(true);
    expect(messages(LocalIdSchema, 'lathe/3')).toEqual(['must be 1 to 128 characters from [A-Za-z0-9._:-]']);
    expect(LocalIdSchema.safeParse('x'.repeat(129)).success).toBe(false);
    expect(SignalIdSchema.safeParse('lathe-3/state').success).toBe(true);
    expect(SignalIdSchema.safeParse('lathe 3').success).toBe(false);
    expect(TenantIdSchema.safeParse('changan-chain').success).toBe(true);
    expect(TenantIdSchema.safeParse('Changan').success).toBe(false);
    expect(ResourceIdSchema.safeParse('ent_01HZX').success).toBe(true);
    expect(ResourceIdSchema.safeParse('').success).toBe(false);
  });

  it('checks certifications, categories and snake_case names', () => {
    expect(CertificationSchema.safeParse('GB/T29490').success).toBe(true);
    expect(CertificationSchema.safeParse('GB/T 29490').success).toBe(false);
    expect(CategorySchema.safeParse('component.casting.brake-disc').success).toBe(true);
    expect(['component.', '.casting', 'a..b', 'a b', ''].map((c) => CategorySchema.safeParse(c).success)).toEqual([
      false, false, false, false, false,
    ]);
    expect(isCategoryWithin('component.casting.brake-disc', 'component.casting')).toBe(true);
    expect(isCategoryWithin('component.casting', 'component.casting')).toBe(true);
    expect(isCategoryWithin('component.castings', 'component.casting')).toBe(false);
    expect(SnakeCaseNameSchema.safeParse('measured_capacity').success).toBe(true);
    expect(['MeasuredCapacity', 'measured-capacity', '_x', 'x_', 'a__b'].map((n) => SnakeCaseNameSchema.safeParse(n).success)).toEqual([
      false, false, false, false, false,
    ]);
  });
});
