import type * as grpc from '@grpc/grpc-js';
import { ERROR_DETAIL_METADATA_KEY, type ErrorDetail__Output, errorDetailCodec } from '@rongtong/protocol';

function metadataOf(value: unknown): grpc.Metadata | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const metadata = (value as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  return typeof (metadata as { get?: unknown }).get === 'function' ? (metadata as grpc.Metadata) : undefined;
}

/**
 * The `rongtong.v1.ErrorDetail` a server attached to a failed call in the
 * `rongtong-error-bin` trailer, read from a grpc-js `ServiceError` (or anything with
 * a grpc-js `metadata`). Undefined when the trailer is absent or no value decodes.
 */
export function readErrorDetail(error: unknown): ErrorDetail__Output | undefined {
  const metadata = metadataOf(error);
  if (metadata === undefined) return undefined;
  for (const value of metadata.get(ERROR_DETAIL_METADATA_KEY)) {
    if (typeof value === 'string') continue;
    try {
      return errorDetailCodec.decode(value);
    } catch {
      // Garbled trailer: try the next value, then fall back to the gRPC status.
    }
  }
  return undefined;
}
