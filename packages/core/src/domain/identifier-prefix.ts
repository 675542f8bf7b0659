import { z } from 'zod';

/**
 * Industrial-internet identifier prefix (工业互联网标识解析 enterprise prefix), Handle
 * style: `88.<digits>.<digits>` — `88` is the national top-level node of China, the second
 * segment the secondary (industry) node, the third the enterprise, e.g. `88.123.45`.
 * Each segment after `88` is one or more decimal digits.
 */
const IDENTIFIER_PREFIX = /^88\.[0-9]+\.[0-9]+$/;

/** True when `prefix` is an industrial-internet identifier prefix `88.<digits>.<digits>`. */
export function isIdentifierPrefix(prefix: string): boolean {
  return IDENTIFIER_PREFIX.test(prefix);
}

/** zod schema of an industrial-internet identifier prefix (`88.<digits>.<digits>`). */
export const IdentifierPrefixSchema = z
  .string()
  .regex(IDENTIFIER_PREFIX, {
    error: 'must be an industrial-internet identifier prefix "88.<digits>.<digits>", e.g. "88.123.45"',
  })
  .describe('industrial-internet identifier prefix (工业互联网标识), Handle-style "88.<digits>.<digits>"');
