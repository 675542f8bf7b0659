import { z } from 'zod';

/**
 * ISA-95 capability type of a capacity record: `used` (produced), `unused` (could have been
 * produced but was not), `committed` (promised through commitments), `available` (can still
 * be promised), `unattainable` (out of reach given planned down time and measured losses),
 * `total`. For every scope, capability and period: total = committed + available +
 * unattainable, and for an ended period: total = used + unused.
 * Values in the order of the proto enum `rongtong.v1.CapacityType` (`CAPACITY_TYPE_` + upper case).
 */
export const CAPACITY_TYPES = ['used', 'unused', 'committed', 'available', 'unattainable', 'total'] as const;

/** ISA-95 capability type (see `CAPACITY_TYPES`). */
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/** zod schema of {@link CapacityType}. */
export const CapacityTypeSchema = z.enum(CAPACITY_TYPES).describe('ISA-95 capability type');
