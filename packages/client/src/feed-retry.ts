import { GrpcStatus, type RongtongError } from '@rongtong/core';
import { toSafeNumber } from '@rongtong/protocol';
import { readErrorDetail } from './error-detail.js';

/**
 * gRPC statuses after which a feed subscription resumes from its cursor: the server
 * went away or cut a slow consumer (UNAVAILABLE, RESOURCE_EXHAUSTED incl.
 * SLOW_CONSUMER, CANCELLED by the server), or failed in a way a retry may not
 * (INTERNAL, UNKNOWN, DEADLINE_EXCEEDED). Everything else — UNAUTHENTICATED,
 * PERMISSION_DENIED, OUT_OF_RANGE (CURSOR_OUT_OF_RANGE), INVALID_ARGUMENT, … — would
 * fail again unchanged and ends the subscription.
 */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.INTERNAL,
  GrpcStatus.UNKNOWN,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.CANCELLED,
]);

/** True when a feed stream that ended with this error should be resumed after a backoff. */
export function isRetryableFeedError(error: RongtongError): boolean {
  return RETRYABLE_STATUSES.has(error.grpcStatus);
}

/**
 * The `ErrorDetail.retry_after` the server sent with this error (read from the
 * grpc-js error it was built from), in milliseconds; undefined when not set or no error.
 */
export function retryAfterMs(error: RongtongError | undefined): number | undefined {
  const retryAfter = readErrorDetail(error?.cause)?.retryAfter;
  if (!retryAfter) return undefined;
  try {
    const ms = toSafeNumber(retryAfter.seconds) * 1000 + Math.floor(retryAfter.nanos / 1e6);
    return ms > 0 ? ms : undefined;
  } catch {
    return undefined;
  }
}
