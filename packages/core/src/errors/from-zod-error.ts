import type { z } from 'zod';
import type { ErrorCode } from './error-code.js';
import { type FieldViolation, RongtongError } from './rongtong-error.js';

/** Dotted field path of a zod issue (`uplinks.0.platform`); symbols print as their description. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'symbol' ? (p.description ?? '') : String(p))).join('.');
}

/**
 * Turns a zod validation error into a `RongtongError` whose field violations name every
 * failing field by path, and whose message lists them (`what: path: reason; …`).
 */
export function fromZodError(error: z.ZodError, what: string, code: ErrorCode = 'INVALID_ARGUMENT'): RongtongError {
  const fieldViolations: FieldViolation[] = error.issues.map((issue) => ({
    path: issuePath(issue.path),
    reason: issue.message,
  }));
  const summary = fieldViolations.map((v) => `${v.path || '(root)'}: ${v.reason}`).join('; ');
  return new RongtongError(code, `invalid ${what}: ${summary}`, { fieldViolations, cause: error });
}
