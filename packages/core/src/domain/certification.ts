import { z } from 'zod';

/**
 * A certification as a short code compared exactly, e.g. `ISO9001`, `IATF16949`,
 * `GB/T29490`: 1 to 64 printable characters without whitespace. The platform does not
 * verify certifications.
 */
export const CertificationSchema = z
  .string()
  .regex(/^\S{1,64}$/, { error: 'must be a certification code of 1 to 64 characters without spaces, e.g. "IATF16949"' })
  .describe('certification code, compared exactly, e.g. "ISO9001"');
