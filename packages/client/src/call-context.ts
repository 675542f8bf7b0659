import * as grpc from '@grpc/grpc-js';
import { RongtongError } from '@rongtong/core';
import type { Logger } from 'pino';

/** What every call of one client shares: the channel, the credential, defaults and the logger. */
export interface CallContext {
  /** The grpc-js client owning the one channel all services use. */
  readonly client: grpc.Client;
  /** The caller's logger (or a silent one); parts log through children naming their `component`. */
  readonly logger: Logger;
  /** Deadline for unary calls that set none, in milliseconds; undefined for none. */
  readonly defaultTimeoutMs: number | undefined;
  /** Fresh metadata for one call, with `authorization: Bearer <token>` when a token is set. */
  metadata(): grpc.Metadata;
  /** Throws a `FAILED_PRECONDITION` RongtongError when the client was closed. */
  assertOpen(): void;
}

/** Options of `createCallContext`. */
export interface CallContextOptions {
  readonly client: grpc.Client;
  readonly logger: Logger;
  readonly token: string | undefined;
  readonly defaultTimeoutMs: number | undefined;
  /** True once the owning client was closed. */
  readonly isClosed: () => boolean;
}

/** Builds the shared call context of a client. */
export function createCallContext(options: CallContextOptions): CallContext {
  const { client, logger, token, defaultTimeoutMs, isClosed } = options;
  return {
    client,
    logger,
    defaultTimeoutMs,
    metadata(): grpc.Metadata {
      const metadata = new grpc.Metadata();
      if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
      return metadata;
    },
    assertOpen(): void {
      if (isClosed()) throw new RongtongError('FAILED_PRECONDITION', 'the Rongtong client is closed');
    },
  };
}
