/**
 * @rongtong/protocol — the v1 gRPC contract for TypeScript: every message, enum and service
 * type generated from `proto/rongtong/v1` (int64 as decimal strings, enums as names), the
 * package definition to load into `@grpc/grpc-js`, and small int64 / time helpers.
 */
export * from './gen/types.js';
export type { ProtoGrpcType } from './gen/index.js';
export { LOADER_OPTIONS, rongtongPackageDefinition } from './package-definition.js';
export { ERROR_DETAIL_METADATA_KEY, SERVICE_NAMES, type ServiceKey } from './service-names.js';
export { int64String, toBigInt, toSafeNumber, type Int64Input } from './int64.js';
export {
  durationFromMillis,
  timestampFromDate,
  timestampFromMillis,
  timestampFromNanos,
  toMillis,
  toNanos,
} from './timestamp.js';
export {
  batchPayloadCodec,
  createMessageCodec,
  errorDetailCodec,
  evidenceBundleCodec,
  feedEventCodec,
  type MessageCodec,
} from './message-codec.js';
