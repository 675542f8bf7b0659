import * as grpc from '@grpc/grpc-js';
import { ERROR_DETAIL_METADATA_KEY, errorDetailCodec, type DeclareEquipmentRequest, type ErrorDetail__Output, type ProtoGrpcType } from '@rongtong/protocol';
import type { Logger } from 'pino';
import type { DeclarationRequests } from './declaration-requests.js';
import { statusOutcome, type SessionOutcome } from './uplink-outcome.js';

/** A grpc-js client of `rongtong.v1.OnboardingService`. */
export type OnboardingClient = InstanceType<ProtoGrpcType['rongtong']['v1']['OnboardingService']>;

/** Default time one `DeclareEquipment` call may take, ms. */
export const DEFAULT_DECLARE_TIMEOUT_MS = 30_000;

/** Largest number of field violations put into one log line. */
const LOGGED_VIOLATIONS = 50;

/** A declaration request the platform refused (or the agent could not send). */
export interface DeclarationReject {
  /** The `ErrorDetail.code` (`ERROR_CODE_…`), or `GRPC_<status>` without a detail. */
  readonly code: string;
  readonly message: string;
  /** The platform's field violations (proto paths, e.g. `equipment.0.signals.2.counter`). */
  readonly fieldViolations: readonly { readonly field: string; readonly reason: string }[];
  /** How many equipment the refused request carried. */
  readonly equipment: number;
}

/**
 * How declaring went: `declared` once every request was answered (some may have been
 * refused: streaming goes on, the batches still carry the data), or the session outcome that
 * ends this connection attempt — `retry` (transport failure: back off and reconnect), `fatal`
 * (the credential is unknown, revoked or expired) or `stopped` (the uplink is stopping).
 */
export type DeclarationResult = { readonly kind: 'declared'; readonly accepted: number; readonly rejects: readonly DeclarationReject[] } | SessionOutcome;

/** Options of {@link declareEquipment}. */
export interface DeclareEquipmentOptions {
  readonly client: OnboardingClient;
  /** The agent credential, sent as `authorization: Bearer …`. Never logged. */
  readonly token: string;
  readonly declaration: DeclarationRequests;
  readonly logger: Logger;
  /** Deadline of each call, ms. Default {@link DEFAULT_DECLARE_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Aborting cancels the call in progress; the result is then `stopped`. */
  readonly signal?: AbortSignal;
}

/** gRPC statuses that say nothing about the declaration itself: back off and try again on the next connection. */
const TRANSPORT = new Set<number>([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.RESOURCE_EXHAUSTED, grpc.status.ABORTED, grpc.status.CANCELLED]);

/** The `ErrorDetail` in the `rongtong-error-bin` trailer, if one decodes. */
function errorDetailOf(metadata: grpc.Metadata | undefined): ErrorDetail__Output | undefined {
  for (const value of metadata?.get(ERROR_DETAIL_METADATA_KEY) ?? []) {
    if (typeof value === 'string') continue;
    try {
      return errorDetailCodec.decode(value);
    } catch {
      // Garbled trailer: the gRPC status alone tells what happened.
    }
  }
  return undefined;
}

/** One call; resolves with the error (or undefined on success). */
function call(o: DeclareEquipmentOptions, request: DeclareEquipmentRequest): Promise<grpc.ServiceError | undefined> {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${o.token}`);
  const deadline = Date.now() + (o.timeoutMs ?? DEFAULT_DECLARE_TIMEOUT_MS);
  return new Promise((resolve) => {
    const pending = o.client.DeclareEquipment(request, metadata, { deadline }, (err) => {
      o.signal?.removeEventListener('abort', cancel);
      resolve(err ?? undefined);
    });
    function cancel(): void {
      pending.cancel();
    }
    o.signal?.addEventListener('abort', cancel, { once: true });
  });
}

/**
 * Declares the agent's equipment and signals to one platform (`OnboardingService.DeclareEquipment`,
 * idempotent there), one request after the other. A refused request (INVALID_ARGUMENT with field
 * violations, ALREADY_EXISTS, PERMISSION_DENIED, UNIMPLEMENTED by an older platform, …) is logged
 * and returned among `rejects`, and the remaining requests are still sent; equipment too large
 * for a request counts as a BATCH_TOO_LARGE reject. A transport failure or an invalid credential
 * ends the attempt with the matching session outcome.
 */
export async function declareEquipment(o: DeclareEquipmentOptions): Promise<DeclarationResult> {
  const rejects: DeclarationReject[] = [];
  for (const id of o.declaration.tooLarge) {
    const reject = { code: 'ERROR_CODE_BATCH_TOO_LARGE', message: `equipment ${JSON.stringify(id)} alone is larger than one declaration request may be`, fieldViolations: [], equipment: 1 };
    o.logger.warn({ equipmentId: id, code: reject.code }, 'equipment declaration not sent: too large');
    rejects.push(reject);
  }
  let accepted = 0;
  for (const request of o.declaration.requests) {
    if (o.signal?.aborted) return { kind: 'stopped' };
    const equipment = request.equipment?.length ?? 0;
    const err = await call(o, request);
    if (o.signal?.aborted) return { kind: 'stopped' };
    if (err === undefined) {
      accepted += 1;
      o.logger.info({ equipment }, 'equipment declared');
      continue;
    }
    const detail = errorDetailOf(err.metadata);
    const code = detail?.code ?? `GRPC_${grpc.status[err.code] ?? err.code}`;
    const message = detail?.message ?? err.details;
    if (err.code === grpc.status.UNAUTHENTICATED) return statusOutcome(err);
    if (TRANSPORT.has(err.code)) return { kind: 'retry', code, message: `DeclareEquipment: ${message}` };
    const fieldViolations = (detail?.fieldViolations ?? []).map((v) => ({ field: v.field, reason: v.reason }));
    o.logger.warn(
      { code, message, equipment, fieldViolations: fieldViolations.slice(0, LOGGED_VIOLATIONS), moreViolations: Math.max(0, fieldViolations.length - LOGGED_VIOLATIONS) },
      'equipment declaration rejected; streaming goes on',
    );
    rejects.push({ code, message, fieldViolations, equipment });
  }
  return { kind: 'declared', accepted, rejects };
}
