import { type ErrorCode, type FieldViolation, RongtongError, errorCodeFromGrpcStatus, isErrorCode, isRongtongError } from '@rongtong/core';
import type { ErrorDetail__Output } from '@rongtong/protocol';
import { readErrorDetail } from './error-detail.js';

const CODE_PREFIX = 'ERROR_CODE_';

/** The Rongtong code an ErrorDetail names, or undefined for UNSPECIFIED and codes this client does not know. */
function detailCode(detail: ErrorDetail__Output | undefined): ErrorCode | undefined {
  const name: unknown = detail?.code;
  if (typeof name !== 'string' || !name.startsWith(CODE_PREFIX)) return undefined;
  const code = name.slice(CODE_PREFIX.length);
  return isErrorCode(code) ? code : undefined;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' && Number.isInteger(code) ? code : undefined;
}

function messageOf(error: unknown, detail: ErrorDetail__Output | undefined): string {
  if (detail !== undefined && detail.message !== '') return detail.message;
  if (typeof error === 'object' && error !== null) {
    const details = (error as { details?: unknown }).details;
    if (typeof details === 'string' && details !== '') return details;
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
  }
  return typeof error === 'string' && error !== '' ? error : 'call failed';
}

/**
 * Turns what a grpc-js call failed with into a `RongtongError`.
 *
 * The code comes from the `rongtong-error-bin` trailer (`ErrorDetail.code`, e.g.
 * `ERROR_CODE_TOKEN_REVOKED` → `TOKEN_REVOKED`) with its field violations as
 * `{ path, reason }`; when the trailer is absent, garbled or names a code this client
 * does not know, the code is the canonical one of the gRPC status
 * (`errorCodeFromGrpcStatus`), and `UNKNOWN` for errors that carry no status. A
 * `RongtongError` is returned as it is. The original error is the `cause`.
 */
export function fromGrpcError(error: unknown): RongtongError {
  if (isRongtongError(error)) return error;
  const detail = readErrorDetail(error);
  const status = statusOf(error);
  const code = detailCode(detail) ?? (status === undefined ? 'UNKNOWN' : errorCodeFromGrpcStatus(status));
  const fieldViolations: FieldViolation[] = (detail?.fieldViolations ?? []).map((v) => ({ path: v.field, reason: v.reason }));
  return new RongtongError(code, messageOf(error, detail), { fieldViolations, cause: error });
}
