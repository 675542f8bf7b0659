import { z } from 'zod';

/**
 * Highest SME quality designation an enterprise holds in the national gradient
 * cultivation system: `none`; `innovative_sme` 创新型中小企业; `specialized` 专精特新中小企业
 * (provincial or municipal); `little_giant` national 专精特新"小巨人". Ordered from lowest to
 * highest, so "at least X" is `DESIGNATIONS.indexOf(d) >= DESIGNATIONS.indexOf(X)`.
 * Values in the order of the proto enum `rongtong.v1.Designation` (`DESIGNATION_` + upper case).
 */
export const DESIGNATIONS = ['none', 'innovative_sme', 'specialized', 'little_giant'] as const;

/** SME designation (see `DESIGNATIONS`). */
export type Designation = (typeof DESIGNATIONS)[number];

/** zod schema of {@link Designation}. */
export const DesignationSchema = z.enum(DESIGNATIONS).describe('highest SME designation held, lowest to highest');
