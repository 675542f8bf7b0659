// Test-only helper (excluded from the build and the published package): what a zod schema
// rejects, as the paths of its issues. It imports no test framework, so it may live in src/.
import type { z } from 'zod';

/** The paths of the issues `schema` reports for `value`; `[]` when it parses. */
export function issuePaths(schema: z.ZodType, value: unknown): PropertyKey[][] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.path);
}
