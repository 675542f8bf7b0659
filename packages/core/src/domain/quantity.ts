import { z } from 'zod';
import { WHEN_FIELDS_VALID } from './checks.js';

/**
 * Unit as a case-sensitive UCUM code (https://ucum.org), e.g. `kg`, `t`, `m2`, `h`,
 * `mm/min`: printable ASCII without spaces, at most 64 characters. The empty string means
 * pieces (件/个), the unit of piece counters.
 */
export const UnitSchema = z
  .string()
  .regex(/^[!-~]{0,64}$/, { error: 'must be a UCUM unit code (printable ASCII, no spaces, ≤ 64 characters; "" = pieces)' })
  .describe('UCUM unit code; "" = pieces');

/**
 * Quantity: an amount with its unit, e.g. 1200 pieces or 3.5 t. The amount is finite and
 * never negative. Quantities are only added or compared when their units are equal.
 * Mirrors `rongtong.v1.Quantity`.
 */
export const QuantitySchema = z
  .object({
    /** The amount: finite, ≥ 0. */
    value: z.number({ error: 'must be a finite number' }).min(0, { error: 'must not be negative' }),
    /** Unit as a UCUM code; "" = pieces. */
    unit: UnitSchema,
  })
  .describe('an amount with its unit');

/** An amount with its unit (see {@link QuantitySchema}). */
export type Quantity = z.infer<typeof QuantitySchema>;

/** A quantity whose amount must be positive (> 0), e.g. the quantity a buyer wants. */
export const PositiveQuantitySchema = QuantitySchema.superRefine((quantity, ctx) => {
  if (quantity.value <= 0) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be positive (> 0)', input: quantity.value });
  }
}, WHEN_FIELDS_VALID);
