import * as grpc from '@grpc/grpc-js';
import { ERROR_DETAIL_METADATA_KEY, errorDetailCodec } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { rejectOutcome, statusOutcome } from './uplink-outcome.js';

const withDetail = (code: string): grpc.Metadata => {
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_DETAIL_METADATA_KEY, Buffer.from(errorDetailCodec.encode({ code: code as 'ERROR_CODE_TOKEN_REVOKED', message: 'x' })));
  return metadata;
};

describe('uplink outcomes', () => {
  it.each([
    ['ERROR_CODE_BAD_SIGNATURE', 'fatal'],
    ['ERROR_CODE_MALFORMED_PAYLOAD', 'fatal'],
    ['ERROR_CODE_BATCH_TOO_LARGE', 'fatal'],
    ['ERROR_CODE_PROTOCOL_VIOLATION', 'fatal'],
    ['ERROR_CODE_SEQ_GAP', 'resync'],
    ['ERROR_CODE_CHAIN_BROKEN', 'resync'],
    ['ERROR_CODE_UNAVAILABLE', 'retry'],
    ['ERROR_CODE_QUOTA_EXCEEDED', 'retry'],
    ['ERROR_CODE_FAILED_PRECONDITION', 'retry'],
    ['ERROR_CODE_INTERNAL', 'retry'],
  ])('a Reject with %s means %s', (code, kind) => {
    expect(rejectOutcome(code, 'm')).toEqual({ kind, code, message: 'm' });
  });

  it('credential errors end the uplink; others reconnect', () => {
    expect(statusOutcome({ code: grpc.status.UNAUTHENTICATED, details: 'revoked', metadata: withDetail('ERROR_CODE_TOKEN_REVOKED') })).toEqual({
      kind: 'fatal',
      code: 'ERROR_CODE_TOKEN_REVOKED',
      message: 'revoked',
    });
    expect(statusOutcome({ code: grpc.status.PERMISSION_DENIED, details: '', metadata: new grpc.Metadata() }).kind).toBe('fatal');
    expect(statusOutcome({ code: grpc.status.UNAVAILABLE, details: 'down', metadata: withDetail('ERROR_CODE_UNAVAILABLE') })).toEqual({
      kind: 'retry',
      code: 'ERROR_CODE_UNAVAILABLE',
      message: 'down',
    });
    expect(statusOutcome({ code: grpc.status.OK, details: '', metadata: new grpc.Metadata() })).toEqual({ kind: 'retry', code: 'GRPC_OK', message: 'stream ended' });
  });
});
