import * as grpc from '@grpc/grpc-js';
import { ERROR_DETAIL_METADATA_KEY, type ErrorDetail, errorDetailCodec } from '@rongtong/protocol';

/** Trailers carrying an encoded `ErrorDetail`, as a Rongtong server sends them with a failed status. */
export function errorTrailer(detail: ErrorDetail): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_DETAIL_METADATA_KEY, Buffer.from(errorDetailCodec.encode(detail)));
  return metadata;
}

/** A status error a grpc-js handler can fail a call with. */
export function statusError(code: grpc.status, details: string, metadata?: grpc.Metadata): Partial<grpc.StatusObject> {
  return { code, details, metadata: metadata ?? new grpc.Metadata() };
}
