import * as grpc from '@grpc/grpc-js';
import { RongtongError } from '@rongtong/core';
import { ERROR_DETAIL_METADATA_KEY, type ErrorDetail, errorDetailCodec } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { readErrorDetail } from './error-detail.js';
import { fromGrpcError } from './from-grpc-error.js';

/** A ServiceError as grpc-js builds it for a failed call. */
function serviceError(code: grpc.status, details: string, trailer?: Buffer | Buffer[]): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  for (const value of trailer === undefined ? [] : Array.isArray(trailer) ? trailer : [trailer]) {
    metadata.add(ERROR_DETAIL_METADATA_KEY, value);
  }
  return Object.assign(new Error(`${code} ${grpc.status[code]}: ${details}`), { code, details, metadata });
}

const encode = (detail: ErrorDetail): Buffer => Buffer.from(errorDetailCodec.encode(detail));

describe('fromGrpcError', () => {
  it('takes the code, message and field violations from the rongtong-error-bin trailer', () => {
    const trailer = encode({
      code: 'ERROR_CODE_INVALID_ARGUMENT',
      message: 'enterprise.region_code: must be 6 digits',
      fieldViolations: [
        { field: 'enterprise.region_code', reason: 'must be 6 digits' },
        { field: 'enterprise.name', reason: 'required' },
      ],
    });
    const cause = serviceError(grpc.status.INVALID_ARGUMENT, 'status details', trailer);
    const err = fromGrpcError(cause);
    expect(err).toBeInstanceOf(RongtongError);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toBe('enterprise.region_code: must be 6 digits');
    expect(err.fieldViolations).toEqual([
      { path: 'enterprise.region_code', reason: 'must be 6 digits' },
      { path: 'enterprise.name', reason: 'required' },
    ]);
    expect(err.cause).toBe(cause);
  });

  it('refines the status with the trailer code (UNAUTHENTICATED → TOKEN_REVOKED, RESOURCE_EXHAUSTED → SLOW_CONSUMER)', () => {
    const revoked = serviceError(grpc.status.UNAUTHENTICATED, 'revoked', encode({ code: 'ERROR_CODE_TOKEN_REVOKED', message: 'token revoked' }));
    expect(fromGrpcError(revoked).code).toBe('TOKEN_REVOKED');
    expect(fromGrpcError(revoked).grpcStatus).toBe(16);
    const slow = serviceError(grpc.status.RESOURCE_EXHAUSTED, 'slow', encode({ code: 'ERROR_CODE_SLOW_CONSUMER' }));
    expect(fromGrpcError(slow).code).toBe('SLOW_CONSUMER');
    expect(fromGrpcError(slow).message).toBe('slow');
  });

  it('without a trailer uses the canonical code of the gRPC status and its details', () => {
    const cases: [grpc.status, string][] = [
      [grpc.status.UNAVAILABLE, 'UNAVAILABLE'],
      [grpc.status.RESOURCE_EXHAUSTED, 'QUOTA_EXCEEDED'],
      [grpc.status.OUT_OF_RANGE, 'CURSOR_OUT_OF_RANGE'],
      [grpc.status.ABORTED, 'CONFLICT'],
      [grpc.status.UNAUTHENTICATED, 'UNAUTHENTICATED'],
      [grpc.status.DEADLINE_EXCEEDED, 'DEADLINE_EXCEEDED'],
    ];
    for (const [status, code] of cases) {
      const err = fromGrpcError(serviceError(status, `bare ${status}`));
      expect(err.code).toBe(code);
      expect(err.message).toBe(`bare ${status}`);
      expect(err.fieldViolations).toEqual([]);
    }
  });

  it('falls back to the status when the trailer is garbled, unspecified or names an unknown code', () => {
    const garbled = serviceError(grpc.status.PERMISSION_DENIED, 'denied', Buffer.from([0xff, 0xff, 0xff, 0x01]));
    expect(readErrorDetail(garbled)).toBeUndefined();
    expect(fromGrpcError(garbled).code).toBe('PERMISSION_DENIED');
    expect(fromGrpcError(garbled).message).toBe('denied');
    const unspecified = serviceError(grpc.status.NOT_FOUND, 'missing', encode({ code: 'ERROR_CODE_UNSPECIFIED', message: '' }));
    expect(fromGrpcError(unspecified).code).toBe('NOT_FOUND');
    // ErrorCode 99 is not in this client's list: protobufjs yields the number.
    const future = serviceError(grpc.status.UNAVAILABLE, 'future', Buffer.from([0x08, 99]));
    expect(fromGrpcError(future).code).toBe('UNAVAILABLE');
  });

  it('uses the first trailer value that decodes', () => {
    const err = serviceError(grpc.status.UNAUTHENTICATED, 'x', [Buffer.from([0xff, 0xff]), encode({ code: 'ERROR_CODE_TOKEN_EXPIRED', message: 'expired' })]);
    expect(fromGrpcError(err).code).toBe('TOKEN_EXPIRED');
    expect(fromGrpcError(err).message).toBe('expired');
  });

  it('returns a RongtongError as it is and maps errors without a status to UNKNOWN', () => {
    const original = new RongtongError('SEQ_GAP', 'gap');
    expect(fromGrpcError(original)).toBe(original);
    const plain = fromGrpcError(new Error('socket hang up'));
    expect(plain.code).toBe('UNKNOWN');
    expect(plain.message).toBe('socket hang up');
    expect(fromGrpcError('boom').code).toBe('UNKNOWN');
    expect(fromGrpcError(undefined).message).toBe('call failed');
  });
});
