import { z } from 'zod';

/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from the
 * 31-character set `0-9A-HJ-NPQRTUWXY` (no I, O, S, V, Z):
 *
 * | chars | part |
 * |---|---|
 * | 1 | registration authority (登记管理部门代码) |
 * | 2 | organisation category (机构类别代码) |
 * | 3–8 | administrative division of the registration authority (GB/T 2260, digits) |
 * | 9–17 | organisation code (主体标识码, GB 11714), itself with a check character (17th) |
 * | 18 | check character over characters 1–17 |
 *
 * Check character (GB 32100-2015 §4.3): with character values C_i (`0`–`9` → 0–9, `A` → 10 …
 * `Y` → 30 in the set above) and weights W_i = 3^(i−1) mod 31 =
 * 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
 * C_18 = 31 − (Σ C_i·W_i mod 31), where 31 is written `0`. The standard's worked example:
 * `91350100M000100Y4` → sum 1640, 1640 mod 31 = 28, C_18 = 3.
 *
 * Organisation code check character (GB 11714-1997 §2.1.2): with values `0`–`9` → 0–9,
 * `A` → 10 … `Z` → 35 (the full Latin alphabet, appendix A) and weights 3, 7, 9, 10, 5, 8, 4, 2
 * over its first 8 characters, C_9 = 11 − (Σ C_i·W_i mod 11), where 10 is written `X` and 11
 * is written `0`.
 */

/** The GB 32100 code character set, in value order (`0` = 0 … `Y` = 30). */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100 weights W_i = 3^(i−1) mod 31, i = 1 … 17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 11714 weights of the 8 organisation-code body characters. */
const ORGANIZATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * The GB 32100 check character (18th) for the first 17 characters of a code, or
 * `undefined` when `first17` is not 17 characters of the code set.
 */
export function unifiedSocialCreditCodeCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CHARSET.indexOf(first17.charAt(i));
    if (value < 0) return undefined;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * The GB 11714 check character (9th) for the first 8 characters of an organisation code,
 * or `undefined` when `body` is not 8 characters from `0-9A-Z`.
 */
export function organizationCodeCheckCharacter(body: string): string | undefined {
  if (!/^[0-9A-Z]{8}$/.test(body)) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) {
    sum += Number.parseInt(body.charAt(i), 36) * (ORGANIZATION_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * What is wrong with `code` as a unified social credit code, in one sentence, or
 * `undefined` when it is valid: length, character set, digits in the region part, the
 * organisation code's GB 11714 check character, and the GB 32100 check character.
 */
export function unifiedSocialCreditCodeProblem(code: string): string | undefined {
  if (code.length !== 18) return `must be 18 characters, got ${code.length}`;
  if (!SHAPE.test(code)) {
    return 'must be 18 characters from 0-9A-HJ-NPQRTUWXY (upper case, no I, O, S, V, Z) with digits in positions 3–8';
  }
  const organizationCheck = organizationCodeCheckCharacter(code.slice(8, 16));
  if (organizationCheck !== code.charAt(16)) {
    return `organisation code ${code.slice(8, 17)} has check character ${code.charAt(16)}, expected ${organizationCheck ?? '?'} (GB 11714)`;
  }
  const check = unifiedSocialCreditCodeCheckCharacter(code.slice(0, 17));
  if (check !== code.charAt(17)) {
    return `check character is ${code.charAt(17)}, expected ${check ?? '?'} (GB 32100)`;
  }
  return undefined;
}

/** True when `code` is a valid unified social credit code (see {@link unifiedSocialCreditCodeProblem}). */
export function isUnifiedSocialCreditCode(code: string): boolean {
  return unifiedSocialCreditCodeProblem(code) === undefined;
}

/** zod schema of a unified social credit code (统一社会信用代码, GB 32100-2015), checked in full. */
export const UnifiedSocialCreditCodeSchema = z
  .string()
  .superRefine((code, ctx) => {
    const problem = unifiedSocialCreditCodeProblem(code);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: `invalid unified social credit code: ${problem}`, input: code });
    }
  })
  .describe('unified social credit code (统一社会信用代码, GB 32100-2015), 18 characters with check character');
