import type { sendUnaryData, ServerUnaryCall, Metadata } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import type { Authenticator } from '../auth/authenticator.js';
import { toGrpcStatus } from './grpc-error.js';

/** What a unary RPC implementation receives besides its request. */
export interface CallContext {
  readonly principal: Principal;
  readonly metadata: Metadata;
  readonly logger: Logger;
}

/**
 * Wraps an async unary implementation as a grpc-js handler: authenticates the call,
 * runs `fn`, and turns any thrown error into a status with the Rongtong code (INTERNAL
 * for unexpected errors, logged). Each RPC checks its scope and tenant inside `fn`.
 */
export function authenticatedUnary<Req, Res>(
  auth: Authenticator,
  logger: Logger,
  fn: (request: Req, ctx: CallContext) => Promise<Res>,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    auth
      .authenticate(call.metadata)
      .then((principal) => fn(call.request, { principal, metadata: call.metadata, logger }))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toGrpcStatus(error, logger)),
      );
  };
}

/** Like `authenticatedUnary`, for the few RPCs that authenticate by other means (Enroll). */
export function unauthenticatedUnary<Req, Res>(
  logger: Logger,
  fn: (request: Req, metadata: Metadata) => Promise<Res>,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    fn(call.request, call.metadata).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toGrpcStatus(error, logger)),
    );
  };
}
