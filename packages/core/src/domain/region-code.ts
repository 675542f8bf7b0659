import { z } from 'zod';

/**
 * Province-level prefixes of GB/T 2260 administrative division codes (the first two
 * digits): 11–15 North, 21–23 North-east, 31–37 East, 41–46 Central-south, 50–54
 * South-west (50 = Chongqing), 61–65 North-west, 71 Taiwan, 81 Hong Kong, 82 Macao.
 */
const PROVINCES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/**
 * True when `code` is a GB/T 2260 administrative division code: 6 digits whose first two
 * are a province-level code, e.g. `500112` (重庆市渝北区). Whether the division exists in the
 * current edition of the list is not checked (divisions change every year).
 */
export function isRegionCode(code: string): boolean {
  return /^[0-9]{6}$/.test(code) && PROVINCES.has(code.slice(0, 2));
}

/**
 * True when `prefix` is a GB/T 2260 code prefix used in region filters: 2, 4 or 6 digits
 * starting with a province-level code — `50` (Chongqing), `5001` (its districts), `500112`.
 */
export function isRegionPrefix(prefix: string): boolean {
  return /^(?:[0-9]{2}){1,3}$/.test(prefix) && PROVINCES.has(prefix.slice(0, 2));
}

/** zod schema of a GB/T 2260 administrative division code (6 digits, valid province prefix). */
export const RegionCodeSchema = z
  .string()
  .refine(isRegionCode, {
    error: 'must be a GB/T 2260 administrative division code: 6 digits starting with a province code, e.g. "500112"',
  })
  .describe('GB/T 2260 administrative division code, 6 digits, e.g. "500112"');

/** zod schema of a GB/T 2260 code prefix for region filters (2, 4 or 6 digits). */
export const RegionPrefixSchema = z
  .string()
  .refine(isRegionPrefix, {
    error: 'must be a GB/T 2260 code prefix: 2, 4 or 6 digits starting with a province code, e.g. "50" or "5001"',
  })
  .describe('GB/T 2260 code prefix (2, 4 or 6 digits), e.g. "50" = Chongqing');
