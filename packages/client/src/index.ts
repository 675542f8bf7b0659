/**
 * @rongtong/client — the typed client integrators use against any Rongtong platform:
 * promise-returning admin, onboarding, capacity and market calls, and a feed
 * subscription that resumes from the last delivered cursor after every disconnect.
 */
export { createClient, type ClientOptions, type RongtongClient } from './create-client.js';
export type { TlsOptions } from './channel-credentials.js';
export type { RpcOptions } from './rpc-options.js';
export type { UnaryMethod, UnaryMethodDefinition } from './unary.js';
export type { UnaryApi, UnaryMethodOf } from './unary-api.js';
export type { AdminApi } from './admin-api.js';
export type { OnboardingApi } from './onboarding-api.js';
export type { CapacityApi } from './capacity-api.js';
export type { MarketApi } from './market-api.js';
export { DEFAULT_FEED_QUEUE_SIZE, type FeedSubscription, type SubscribeOptions } from './subscribe-options.js';
export type { ConnectionState } from './connection-state.js';
export { DEFAULT_BACKOFF, nextBackoffMs, type BackoffOptions } from '@rongtong/core';
export { isRetryableFeedError } from './feed-retry.js';
export { fromGrpcError } from './from-grpc-error.js';
export { readErrorDetail } from './error-detail.js';
export { decodeEvidenceBundle, verifyEvidence } from './verify-evidence.js';
export {
  describeEvidenceResult,
  type EvidenceFailureReason,
  type EvidenceVerifyResult,
  type VerifyEvidenceOptions,
} from '@rongtong/core';
export { RongtongError, isRongtongError, type ErrorCode, type FieldViolation } from '@rongtong/core';
