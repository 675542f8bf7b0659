import type * as grpc from '@grpc/grpc-js';
import { RongtongError } from '@rongtong/core';
import type { CallContext } from './call-context.js';
import { fromGrpcError } from './from-grpc-error.js';
import { type RpcOptions, deadlineOf } from './rpc-options.js';

/** One unary RPC as a promise-returning function; failures reject with a `RongtongError`. */
export type UnaryMethod<Request, Response> = (request: Request, options?: RpcOptions) => Promise<Response>;

/** What the adapter needs of a grpc-js method definition (the generated `MethodDefinition`s fit). */
export interface UnaryMethodDefinition<Request, Response> {
  /** `/rongtong.v1.Service/Method`. */
  readonly path: string;
  readonly requestSerialize: (value: Request) => Buffer;
  readonly responseDeserialize: (bytes: Buffer) => Response;
}

function cancelled(signal: AbortSignal): RongtongError {
  return new RongtongError('CANCELLED', 'the call was cancelled by its AbortSignal', { cause: signal.reason });
}

/**
 * Adapts one unary method of the contract to a `UnaryMethod`: each call carries the
 * client's bearer token and the deadline from its options, can be cancelled by an
 * `AbortSignal`, and rejects with `fromGrpcError(err)`.
 */
export function unary<Request, Response>(
  context: CallContext,
  method: UnaryMethodDefinition<Request, Response>,
): UnaryMethod<Request, Response> {
  return (request, options = {}) =>
    new Promise<Response>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) {
        reject(cancelled(signal));
        return;
      }
      let call: grpc.ClientUnaryCall;
      const onAbort = (): void => call.cancel();
      try {
        context.assertOpen();
        const deadline = deadlineOf(options, context.defaultTimeoutMs);
        call = context.client.makeUnaryRequest(
          method.path,
          method.requestSerialize,
          method.responseDeserialize,
          request,
          context.metadata(),
          deadline === undefined ? {} : { deadline },
          (error, response) => {
            signal?.removeEventListener('abort', onAbort);
            if (error) reject(signal?.aborted ? cancelled(signal) : fromGrpcError(error));
            else if (response === undefined) reject(new RongtongError('INTERNAL', `${method.path}: empty response`));
            else resolve(response);
          },
        );
      } catch (error) {
        reject(fromGrpcError(error));
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
}
