import { z } from 'zod';

const HEX40 = /^[0-9a-f]{40}$/;

/**
 * The canonical form of a certificate SHA-1 thumbprint: 40 lowercase hex digits. Accepts
 * upper or lower case, with or without `:` or space separators (`AB:CD:…` as tools print
 * it); returns undefined for anything else.
 */
export function normalizeThumbprint(text: string): string | undefined {
  const hex = text.trim().replace(/[:\s]/g, '').toLowerCase();
  return HEX40.test(hex) ? hex : undefined;
}

/** zod schema of a SHA-1 certificate thumbprint (40 hex digits, `:` separators allowed), kept as written. */
export const ThumbprintSchema = z
  .string()
  .refine((text) => normalizeThumbprint(text) !== undefined, {
    error: 'must be a SHA-1 certificate thumbprint: 40 hex digits, e.g. 2542ad94370cf906d15dd952eed837a7f8eb2bc4 (":" separators allowed)',
  })
  .describe('SHA-1 thumbprint of a certificate, 40 hex digits (as `rongtong-agent trust list` prints it)');
