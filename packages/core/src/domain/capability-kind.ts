import { z } from 'zod';

/**
 * What a capability names: a `process_segment` the supplier can perform ("cnc-turning")
 * or a `product_class` it can make ("brake-disc").
 * Values in the order of the proto enum `rongtong.v1.CapabilityKind` (`CAPABILITY_KIND_` + upper case).
 */
export const CAPABILITY_KINDS = ['process_segment', 'product_class'] as const;

/** Kind of capability (see `CAPABILITY_KINDS`). */
export type CapabilityKind = (typeof CAPABILITY_KINDS)[number];

/** zod schema of {@link CapabilityKind}. */
export const CapabilityKindSchema = z.enum(CAPABILITY_KINDS).describe('process segment or product class');
