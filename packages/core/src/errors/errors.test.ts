import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ERROR_CODES,
  ERROR_CODE_GRPC_STATUS,
  GrpcStatus,
  RongtongError,
  errorCodeFromGrpcStatus,
  fromZodError,
  grpcStatusOf,
  isErrorCode,
  isRongtongError,
} from './index.js';

const repo = (path: string): string => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

/** Rows of the table in docs/errors.md: code, gRPC status, canonical flag. */
function documentedCodes(): { code: string; status: string; canonical: boolean }[] {
  const rows = readFileSync(repo('docs/errors.md'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  return rows.map((line) => {
    const cells = line.split('|').map((c) => c.trim());
    return { code: cells[1]!.replaceAll('`', ''), status: cells[2]!.replaceAll('`', ''), canonical: cells[3] === 'yes' };
  });
}

describe('error codes', () => {
  it('docs/errors.md documents exactly the enum, in order, with the same gRPC status', () => {
    const documented = documentedCodes();
    expect(documented.map((d) => d.code)).toEqual([...ERROR_CODES]);
    for (const d of documented) {
      expect(d.status, d.code).toBe(ERROR_CODE_GRPC_STATUS[d.code as keyof typeof ERROR_CODE_GRPC_STATUS]);
    }
  });

  it('docs/errors.md marks as canonical exactly the code errorCodeFromGrpcStatus returns', () => {
    for (const d of documentedCodes()) {
      const status = GrpcStatus[d.status as keyof typeof GrpcStatus];
      expect(errorCodeFromGrpcStatus(status) === d.code, d.code).toBe(d.canonical);
    }
  });

  it('proto ErrorCode lists the same codes in the same order', () => {
    const proto = readFileSync(repo('proto/rongtong/v1/error.proto'), 'utf8');
    const values = [...proto.matchAll(/^\s*ERROR_CODE_([A-Z_]+)\s*=\s*(\d+)\s*;/gm)].map((m) => [m[1], Number(m[2])]);
    expect(values[0]).toEqual(['UNSPECIFIED', 0]);
    expect(values.slice(1).map((v) => v[0])).toEqual([...ERROR_CODES]);
    expect(values.slice(1).map((v) => v[1])).toEqual(ERROR_CODES.map((_, i) => i + 1));
  });

  it('every non-OK gRPC status has exactly one canonical code that maps back to it', () => {
    for (const [name, status] of Object.entries(GrpcStatus)) {
      if (name === 'OK') continue;
      const code = errorCodeFromGrpcStatus(status);
      expect(grpcStatusOf(code), name).toBe(status);
    }
    expect(errorCodeFromGrpcStatus(0)).toBe('UNKNOWN');
    expect(errorCodeFromGrpcStatus(99)).toBe('UNKNOWN');
  });

  it('maps ingest rejections to distinct codes with their statuses', () => {
    expect(grpcStatusOf('SEQ_GAP')).toBe(9);
    expect(grpcStatusOf('CHAIN_BROKEN')).toBe(9);
    expect(grpcStatusOf('BAD_SIGNATURE')).toBe(3);
    expect(grpcStatusOf('SLOW_CONSUMER')).toBe(8);
    expect(grpcStatusOf('CONFLICT')).toBe(10);
  });

  it('isErrorCode accepts only the closed set', () => {
    expect(isErrorCode('SEQ_GAP')).toBe(true);
    expect(isErrorCode('seq_gap')).toBe(false);
    expect(isErrorCode(3)).toBe(false);
  });
});

describe('RongtongError', () => {
  it('carries code, status and field violations', () => {
    const err = new RongtongError('INVALID_ARGUMENT', 'bad', { fieldViolations: [{ path: 'a.b', reason: 'required' }] });
    expect(err).toBeInstanceOf(Error);
    expect(err.grpcStatus).toBe(3);
    expect(err.toJSON()).toEqual({ code: 'INVALID_ARGUMENT', message: 'bad', fieldViolations: [{ path: 'a.b', reason: 'required' }] });
    expect(isRongtongError(err)).toBe(true);
    expect(isRongtongError({ name: 'RongtongError', code: 'NOPE' })).toBe(false);
    expect(isRongtongError(new Error('x'))).toBe(false);
  });

  it('fromZodError names every failing field by its path', () => {
    const schema = z.object({ uplinks: z.array(z.object({ platform: z.string().min(1), window: z.number().int().positive() })) });
    const result = schema.safeParse({ uplinks: [{ platform: 'ok', window: 4 }, { platform: '', window: -1 }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    const err = fromZodError(result.error, 'agent config', 'INVALID_CONFIG');
    expect(err.code).toBe('INVALID_CONFIG');
    expect(err.fieldViolations.map((v) => v.path)).toEqual(['uplinks.1.platform', 'uplinks.1.window']);
    expect(err.message).toMatch(/^invalid agent config: uplinks\.1\.platform: .+; uplinks\.1\.window: .+/);
  });
});
