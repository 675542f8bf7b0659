import * as grpc from '@grpc/grpc-js';
import { ERROR_CODES, RongtongError } from '@rongtong/core';
import { ERROR_DETAIL_METADATA_KEY, errorDetailCodec } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { isRetryableFeedError, retryAfterMs } from './feed-retry.js';
import { fromGrpcError } from './from-grpc-error.js';

describe('isRetryableFeedError', () => {
  it('resumes after exactly the transient codes and ends on the rest', () => {
    const retryable = ERROR_CODES.filter((code) => isRetryableFeedError(new RongtongError(code, code)));
    expect(retryable).toEqual([
      'SLOW_CONSUMER',
      'QUOTA_EXCEEDED',
      'CANCELLED',
      'DEADLINE_EXCEEDED',
      'UNAVAILABLE',
      'INTERNAL',
      'UNKNOWN',
    ]);
    for (const code of ['UNAUTHENTICATED', 'TOKEN_REVOKED', 'PERMISSION_DENIED', 'CURSOR_OUT_OF_RANGE', 'INVALID_ARGUMENT'] as const) {
      expect(isRetryableFeedError(new RongtongError(code, code)), code).toBe(false);
    }
  });
});

describe('retryAfterMs', () => {
  it('reads ErrorDetail.retry_after from the grpc-js error behind a RongtongError', () => {
    const metadata = new grpc.Metadata();
    const detail = { code: 'ERROR_CODE_UNAVAILABLE' as const, message: 'draining', retryAfter: { seconds: 2, nanos: 500_000_000 } };
    metadata.set(ERROR_DETAIL_METADATA_KEY, Buffer.from(errorDetailCodec.encode(detail)));
    const err = fromGrpcError(Object.assign(new Error('x'), { code: grpc.status.UNAVAILABLE, details: 'draining', metadata }));
    expect(retryAfterMs(err)).toBe(2500);
    expect(retryAfterMs(new RongtongError('UNAVAILABLE', 'no detail'))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
