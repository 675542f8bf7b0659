import { type ErrorCode, grpcStatusOf, isErrorCode } from './error-code.js';

/** One problem with one field of an input (config, payload, RPC request). */
export interface FieldViolation {
  /** Dotted path of the field, e.g. `uplinks.0.platform` (empty for the whole input). */
  readonly path: string;
  /** What is wrong with it, for a person. */
  readonly reason: string;
}

/** Options of a `RongtongError`. */
export interface RongtongErrorOptions {
  /** Field-level problems, for input errors. */
  readonly fieldViolations?: readonly FieldViolation[];
  /** The error that caused this one. */
  readonly cause?: unknown;
}

/**
 * The one error type of Rongtong. `code` is stable and machine-readable; `message`
 * is for people; `grpcStatus` is the status it travels with over gRPC.
 */
export class RongtongError extends Error {
  override readonly name = 'RongtongError';
  /** The stable error code (see `docs/errors.md`). */
  readonly code: ErrorCode;
  /** Field-level problems, empty when the error is not about an input's fields. */
  readonly fieldViolations: readonly FieldViolation[];

  constructor(code: ErrorCode, message: string, options: RongtongErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fieldViolations = options.fieldViolations ?? [];
  }

  /** The numeric gRPC status code this error is sent with. */
  get grpcStatus(): number {
    return grpcStatusOf(this.code);
  }

  /** A plain, JSON-safe view (no stack, no cause). */
  toJSON(): { code: ErrorCode; message: string; fieldViolations: readonly FieldViolation[] } {
    return { code: this.code, message: this.message, fieldViolations: this.fieldViolations };
  }
}

/** True for a `RongtongError`, also across package copies (checks shape, not prototype). */
export function isRongtongError(value: unknown): value is RongtongError {
  if (value instanceof RongtongError) return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'RongtongError' &&
    isErrorCode((value as { code?: unknown }).code)
  );
}
