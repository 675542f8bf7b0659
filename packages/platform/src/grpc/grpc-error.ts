import { Metadata, type StatusObject } from '@grpc/grpc-js';
import { RongtongError, isRongtongError } from '@rongtong/core';
import { ERROR_DETAIL_METADATA_KEY, errorDetailCodec } from '@rongtong/protocol';
import type { Logger } from 'pino';

/** The status a handler ends a call with, carrying the Rongtong code in the `rongtong-error-bin` trailer. */
export type GrpcErrorStatus = Pick<StatusObject, 'code' | 'details' | 'metadata'>;

/**
 * Turns any thrown value into a gRPC status. A `RongtongError` keeps its code, message
 * and field violations (in the `rongtong-error-bin` trailer as `rongtong.v1.ErrorDetail`);
 * anything else is logged and becomes INTERNAL with a generic message, so internal
 * details never reach the caller. (`@rongtong/client` reads the trailer back.)
 */
export function toGrpcStatus(error: unknown, logger?: Logger): GrpcErrorStatus {
  const err = isRongtongError(error) ? error : internal(error, logger);
  const metadata = new Metadata();
  const detail = errorDetailCodec.encode({
    code: `ERROR_CODE_${err.code}`,
    message: err.message,
    fieldViolations: err.fieldViolations.map((v) => ({ field: v.path, reason: v.reason })),
  });
  metadata.set(ERROR_DETAIL_METADATA_KEY, Buffer.from(detail));
  return { code: err.grpcStatus, details: err.message, metadata };
}

function internal(error: unknown, logger?: Logger): RongtongError {
  logger?.error({ err: error }, 'unexpected error in a call');
  return new RongtongError('INTERNAL', 'internal error (see the platform log)');
}
