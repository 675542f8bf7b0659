/**
 * The closed set of Rongtong error codes.
 *
 * Every code maps to exactly one gRPC status code (`grpcStatusOf`), and every gRPC
 * status code other than OK has exactly one canonical Rongtong code
 * (`errorCodeFromGrpcStatus`) used when a peer sent a status without a Rongtong code.
 * The same list, in the same order, is `rongtong.v1.ErrorCode` in
 * `proto/rongtong/v1/error.proto` (prefixed `ERROR_CODE_`), and each code is documented
 * in `docs/errors.md`; tests keep the three in step.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'INVALID_CONFIG',
  'MALFORMED_PAYLOAD',
  'BATCH_TOO_LARGE',
  'SEQ_GAP',
  'CHAIN_BROKEN',
  'BAD_SIGNATURE',
  'PROTOCOL_VIOLATION',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'TOKEN_REVOKED',
  'TOKEN_ALREADY_USED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'CONFLICT',
  'INSUFFICIENT_CAPACITY',
  'FAILED_PRECONDITION',
  'SLOW_CONSUMER',
  'QUOTA_EXCEEDED',
  'CURSOR_OUT_OF_RANGE',
  'CANCELLED',
  'DEADLINE_EXCEEDED',
  'UNAVAILABLE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'DATA_LOSS',
  'UNKNOWN',
] as const;

/** A Rongtong error code (see `docs/errors.md`). */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** gRPC status codes (numeric values as on the wire, from grpc/doc/statuscodes.md). */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** Name of a gRPC status code. */
export type GrpcStatusName = keyof typeof GrpcStatus;

/** The one gRPC status each Rongtong code is sent with. */
export const ERROR_CODE_GRPC_STATUS: Readonly<Record<ErrorCode, Exclude<GrpcStatusName, 'OK'>>> = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  INVALID_CONFIG: 'INVALID_ARGUMENT',
  MALFORMED_PAYLOAD: 'INVALID_ARGUMENT',
  BATCH_TOO_LARGE: 'INVALID_ARGUMENT',
  SEQ_GAP: 'FAILED_PRECONDITION',
  CHAIN_BROKEN: 'FAILED_PRECONDITION',
  BAD_SIGNATURE: 'INVALID_ARGUMENT',
  PROTOCOL_VIOLATION: 'FAILED_PRECONDITION',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  TOKEN_EXPIRED: 'UNAUTHENTICATED',
  TOKEN_REVOKED: 'UNAUTHENTICATED',
  TOKEN_ALREADY_USED: 'UNAUTHENTICATED',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  CONFLICT: 'ABORTED',
  INSUFFICIENT_CAPACITY: 'FAILED_PRECONDITION',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  SLOW_CONSUMER: 'RESOURCE_EXHAUSTED',
  QUOTA_EXCEEDED: 'RESOURCE_EXHAUSTED',
  CURSOR_OUT_OF_RANGE: 'OUT_OF_RANGE',
  CANCELLED: 'CANCELLED',
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  UNAVAILABLE: 'UNAVAILABLE',
  UNIMPLEMENTED: 'UNIMPLEMENTED',
  INTERNAL: 'INTERNAL',
  DATA_LOSS: 'DATA_LOSS',
  UNKNOWN: 'UNKNOWN',
};

/** The canonical Rongtong code for a bare gRPC status (no Rongtong code attached). */
const CANONICAL_CODE: Readonly<Record<Exclude<GrpcStatusName, 'OK'>, ErrorCode>> = {
  CANCELLED: 'CANCELLED',
  UNKNOWN: 'UNKNOWN',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  RESOURCE_EXHAUSTED: 'QUOTA_EXCEEDED',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  ABORTED: 'CONFLICT',
  OUT_OF_RANGE: 'CURSOR_OUT_OF_RANGE',
  UNIMPLEMENTED: 'UNIMPLEMENTED',
  INTERNAL: 'INTERNAL',
  UNAVAILABLE: 'UNAVAILABLE',
  DATA_LOSS: 'DATA_LOSS',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
};

const CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** True when `value` is one of the closed set of Rongtong error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODE_SET.has(value);
}

/** The numeric gRPC status a Rongtong code is sent with. */
export function grpcStatusOf(code: ErrorCode): number {
  return GrpcStatus[ERROR_CODE_GRPC_STATUS[code]];
}

/**
 * The Rongtong code for a numeric gRPC status that arrived without one.
 * Unknown numbers (and OK, which is not an error) give `UNKNOWN`.
 */
export function errorCodeFromGrpcStatus(status: number): ErrorCode {
  for (const [name, value] of Object.entries(GrpcStatus)) {
    if (value === status && name !== 'OK') return CANONICAL_CODE[name as Exclude<GrpcStatusName, 'OK'>];
  }
  return 'UNKNOWN';
}
