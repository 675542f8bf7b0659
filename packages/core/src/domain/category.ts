import { z } from 'zod';

/**
 * Category code from the platform's taxonomy: dot-separated segments of
 * `[A-Za-z0-9_-]`, e.g. `component.casting.brake-disc`, at most 256 characters. A supply
 * item's category matches a demand's when it equals it or lies below it.
 */
export const CategorySchema = z
  .string()
  .max(256, { error: 'must be at most 256 characters' })
  .regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, {
    error: 'must be dot-separated segments of [A-Za-z0-9_-], e.g. "component.casting.brake-disc"',
  })
  .describe('taxonomy category code, dot-separated, e.g. "component.casting.brake-disc"');

/** True when `category` equals `ancestor` or lies below it (`a.b.c` is below `a.b`, not below `a.bc`). */
export function isCategoryWithin(category: string, ancestor: string): boolean {
  return category === ancestor || category.startsWith(`${ancestor}.`);
}
