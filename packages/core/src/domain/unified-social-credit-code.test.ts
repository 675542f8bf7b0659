import { describe, expect, it } from 'vitest';
import {
  UnifiedSocialCreditCodeSchema,
  isUnifiedSocialCreditCode,
  organizationCodeCheckCharacter,
  unifiedSocialCreditCodeCheckCharacter,
  unifiedSocialCreditCodeProblem,
} from './unified-social-credit-code.js';

/** Published codes of well-known companies (business licences, annual reports). */
const PUBLISHED = [
  '914403001922038216', // 华为技术有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '91440300192317458F', // 比亚迪股份有限公司
  '911100007109287788', // 中国石油化工股份有限公司
  '91350200MA2YJ1XR9G', // organisation code assigned after 2015 ("MA" series)
  '91440101MA5CJQ4N59',
];

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('unified social credit code (GB 32100-2015)', () => {
  it('computes the check character of the standard worked example: 91350100M000100Y4 → 3', () => {
    // Σ C_i·W_i = 1640, 1640 mod 31 = 28, 31 − 28 = 3.
    expect(unifiedSocialCreditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(isUnifiedSocialCreditCode('91350100M000100Y43')).toBe(true);
    // The standard's example of an invalid code ends in Z, which is not even in the code set.
    expect(unifiedSocialCreditCodeProblem('91350100M000100Y4Z')).toMatch(/^must be 18 characters from /);
    expect(unifiedSocialCreditCodeProblem('91350100M000100Y44')).toBe('check character is 4, expected 3 (GB 32100)');
  });

  it('weights position i by 3^(i−1) mod 31', () => {
    // A single 1 at position i gives Σ = W_i, so the check character is CHARSET[(31 − W_i) mod 31].
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    weights.forEach((w, i) => {
      const first17 = '0'.repeat(i) + '1' + '0'.repeat(16 - i);
      expect([i + 1, unifiedSocialCreditCodeCheckCharacter(first17)]).toEqual([i + 1, CHARSET.charAt((31 - w) % 31)]);
    });
    // A letter's value is its place in the code set: Y = 30 at position 1 → Σ 30 → check 1.
    expect(unifiedSocialCreditCodeCheckCharacter('Y0000000000000000')).toBe('1');
  });

  it('writes a check value of 31 as "0"', () => {
    // Σ = 0 → 31 − 0 = 31 → '0'. And 1·W_1 = 1 → 31 − 1 = 30 → 'Y', the last character.
    expect(unifiedSocialCreditCodeCheckCharacter('00000000000000000')).toBe('0');
    expect(unifiedSocialCreditCodeCheckCharacter('10000000000000000')).toBe('Y');
    expect(unifiedSocialCreditCodeCheckCharacter('1000000000000000')).toBeUndefined();
    expect(unifiedSocialCreditCodeCheckCharacter('I0000000000000000')).toBeUndefined();
  });

  it('accepts published codes', () => {
    for (const code of PUBLISHED) expect([code, unifiedSocialCreditCodeProblem(code)]).toEqual([code, undefined]);
  });

  it('computes the GB 11714 organisation check character, writing 10 as X and 11 as 0', () => {
    expect(organizationCodeCheckCharacter('19220382')).toBe('1'); // Huawei 19220382-1
    expect(organizationCodeCheckCharacter('MA2YJ1XR')).toBe('9');
    // 91350213678251743X: organisation code 67825174-3; 9135021359498494XQ: 59498494-X.
    expect(organizationCodeCheckCharacter('59498494')).toBe('X');
    expect(organizationCodeCheckCharacter('00000000')).toBe('0');
    expect(organizationCodeCheckCharacter('1922038')).toBeUndefined();
    expect(organizationCodeCheckCharacter('1922038a')).toBeUndefined();
  });

  it('rejects every single-character change of a valid code', () => {
    for (const code of PUBLISHED) {
      for (let i = 0; i < 18; i += 1) {
        for (const c of CHARSET) {
          if (c === code[i]) continue;
          const mutated = code.slice(0, i) + c + code.slice(i + 1);
          // Positions 3–8 must stay digits; the shape check catches letters there.
          expect([mutated, isUnifiedSocialCreditCode(mutated)]).toEqual([mutated, false]);
        }
      }
    }
  });

  it('rejects swapped neighbours that change the code', () => {
    const code = '914403001922038216';
    for (let i = 0; i < 17; i += 1) {
      const a = code[i] ?? '';
      const b = code[i + 1] ?? '';
      if (a === b) continue;
      const swapped = code.slice(0, i) + b + a + code.slice(i + 2);
      expect([swapped, isUnifiedSocialCreditCode(swapped)]).toEqual([swapped, false]);
    }
  });

  it('names the problem', () => {
    expect(unifiedSocialCreditCodeProblem('91440300708461136')).toBe('must be 18 characters, got 17');
    expect(unifiedSocialCreditCodeProblem('91440300708461136t')).toMatch(/^must be 18 characters from 0-9A-HJ-NPQRTUWXY/);
    expect(unifiedSocialCreditCodeProblem('9144030070846113IT')).toMatch(/no I, O, S, V, Z/);
    expect(unifiedSocialCreditCodeProblem('91A40300708461136T')).toMatch(/digits in positions 3–8/);
    // Organisation code 70846113-6 changed to 70846113-5.
    expect(unifiedSocialCreditCodeProblem('91440300708461135T')).toBe(
      'organisation code 708461135 has check character 5, expected 6 (GB 11714)',
    );
  });

  it('validates in the schema with a message naming the problem', () => {
    expect(UnifiedSocialCreditCodeSchema.parse('914403001922038216')).toBe('914403001922038216');
    const result = UnifiedSocialCreditCodeSchema.safeParse('914403001922038217');
    expect(result.error?.issues).toEqual([
      {
        code: 'custom',
        path: [],
        message: 'invalid unified social credit code: check character is 7, expected 6 (GB 32100)',
      },
    ]);
    expect(UnifiedSocialCreditCodeSchema.safeParse(9144030019).error?.issues[0]?.code).toBe('invalid_type');
  });
});
