import { z } from 'zod';

/**
 * Enterprise size class under the Chinese SME classification rules (中小企业划型标准规定):
 * `large` 大型, `medium` 中型, `small` 小型, `micro` 微型.
 * Values in the order of the proto enum `rongtong.v1.SizeClass` (`SIZE_CLASS_` + upper case).
 */
export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;

/** Enterprise size class (see `SIZE_CLASSES`). */
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** zod schema of {@link SizeClass}. */
export const SizeClassSchema = z.enum(SIZE_CLASSES).describe('enterprise size class (中小企业划型)');
