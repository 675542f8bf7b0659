import { PROTO_ENUMS, RongtongError, enumToProto, fromZodError, type FieldViolation } from '@rongtong/core';
import { z } from 'zod';
import { toProtoPath, valueAt } from './proto-path.js';

/**
 * Request validation shared by the services: domain objects are parsed with the core zod
 * schemas, and every violation names its field by the request's proto path
 * (`enterprise.unified_social_credit_code`, `equipment.0.signals.1.semantic`).
 */

/** The proto names of an enum's values, found by the domain values a zod enum issue lists. */
function protoNamesOf(values: readonly unknown[]): string[] | undefined {
  // The enum with exactly these values, else the smallest one containing them all
  // (e.g. HierarchyLevel for the node levels site … cell).
  const candidates = Object.values(PROTO_ENUMS)
    .filter((e) => values.every((v) => typeof v === 'string' && (e.values as readonly string[]).includes(v)))
    .sort((a, b) => a.values.length - b.values.length);
  const info = candidates[0];
  if (!info) return undefined;
  return values.map((v) => enumToProto(info.prefix, String(v)));
}

/** An issue's reason in the API's terms: enum values by their proto names. */
function reasonOf(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code !== 'invalid_value') return issue.message;
  const names = protoNamesOf(issue.values);
  if (!names) return issue.message;
  const expected = `one of ${names.join(', ')}`;
  if (value === undefined) return `required: ${expected}`;
  return `unknown value ${JSON.stringify(value)}: must be ${expected}`;
}

/**
 * Parses `input` (a domain object converted from a request message) with `schema`.
 * On failure throws INVALID_ARGUMENT whose field violations carry the proto path of each
 * failing field, prefixed with `prefix` (the path of the message within the request).
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, prefix: readonly PropertyKey[] = []): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    ...issue,
    path: [...prefix, ...toProtoPath(issue.path, input)],
    message: reasonOf(issue, valueAt(input, issue.path)),
  }));
  throw fromZodError(new z.ZodError(issues), 'request', 'INVALID_ARGUMENT');
}

/** INVALID_ARGUMENT naming each field (paths in proto field names, as `parseRequest` gives them). */
export function invalidArgument(violations: readonly FieldViolation[]): RongtongError {
  const summary = violations.map((v) => `${v.path}: ${v.reason}`).join('; ');
  return new RongtongError('INVALID_ARGUMENT', `invalid request: ${summary}`, { fieldViolations: violations });
}

/** INVALID_ARGUMENT for one field. */
export function invalidField(path: string, reason: string): RongtongError {
  return invalidArgument([{ path, reason }]);
}

/** Throws INVALID_ARGUMENT "required" for `path` when `value` is empty, null or undefined; returns it otherwise. */
export function requireField<T>(value: T | null | undefined | '', path: string): T {
  if (value === null || value === undefined || value === '') throw invalidField(path, 'required');
  return value;
}
