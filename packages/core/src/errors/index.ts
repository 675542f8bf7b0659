export {
  ERROR_CODES,
  ERROR_CODE_GRPC_STATUS,
  GrpcStatus,
  errorCodeFromGrpcStatus,
  grpcStatusOf,
  isErrorCode,
  type ErrorCode,
  type GrpcStatusName,
} from './error-code.js';
export { RongtongError, isRongtongError, type FieldViolation, type RongtongErrorOptions } from './rongtong-error.js';
export { fromZodError, issuePath } from './from-zod-error.js';
