import * as grpc from '@grpc/grpc-js';
import { ERROR_DETAIL_METADATA_KEY, errorDetailCodec } from '@rongtong/protocol';

/** Request and response types of a generated client's unary method (from its last overload, `(argument, callback)`). */
type UnaryTypes<F> = F extends (argument: infer Req, callback: grpc.requestCallback<infer Res>) => grpc.ClientUnaryCall
  ? { request: Req; response: Res }
  : never;

/** Names of a client's unary methods. */
export type UnaryMethodName<C> = {
  [K in keyof C & string]: UnaryTypes<C[K]> extends never ? never : K;
}[keyof C & string];

type AnyUnary = (argument: unknown, metadata: grpc.Metadata, callback: grpc.requestCallback<unknown>) => grpc.ClientUnaryCall;

/** Metadata with `authorization: Bearer <secret>`; empty when no secret is given. */
export function bearer(secret?: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (secret !== undefined) metadata.set('authorization', `Bearer ${secret}`);
  return metadata;
}

/**
 * Calls a unary method as a promise, with the bearer `secret` when given:
 * `await unary(clients.admin, 'GetEnterprise', { enterpriseId }, secret)`.
 */
export function unary<C extends grpc.Client, K extends UnaryMethodName<C>>(
  client: C,
  method: K,
  request: UnaryTypes<C[K]>['request'],
  secret?: string,
): Promise<UnaryTypes<C[K]>['response']> {
  type Response = UnaryTypes<C[K]>['response'];
  const fn = (client[method] as unknown as AnyUnary).bind(client);
  return new Promise<Response>((resolve, reject) => {
    fn(request, bearer(secret), (err, response) => (err ? reject(err) : resolve(response)));
  });
}

/** A failed call as a test sees it: gRPC status, Rongtong code and the fields named in `rongtong-error-bin`. */
export interface CallFailure {
  /** gRPC status code (`grpc.status.X`). */
  status: number;
  /** Rongtong code without the `ERROR_CODE_` prefix, e.g. `TOKEN_EXPIRED`; '' when the trailer is missing. */
  code: string;
  /** Paths of the field violations, in order. */
  fields: string[];
  message: string;
}

/** Awaits a call that must fail and decodes its error; throws when it succeeds. */
export async function failureOf(call: Promise<unknown>): Promise<CallFailure> {
  let result: unknown;
  try {
    result = await call;
  } catch (err) {
    const error = err as grpc.ServiceError;
    const raw = error.metadata?.get(ERROR_DETAIL_METADATA_KEY)[0];
    const detail = raw instanceof Buffer ? errorDetailCodec.decode(raw) : undefined;
    return {
      status: error.code,
      code: detail ? String(detail.code).replace(/^ERROR_CODE_/, '') : '',
      fields: detail ? detail.fieldViolations.map((v) => v.field) : [],
      message: error.details,
    };
  }
  throw new Error(`expected the call to fail, but it returned ${JSON.stringify(result)}`);
}
