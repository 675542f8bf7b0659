import * as grpc from '@grpc/grpc-js';
import { ERROR_DETAIL_METADATA_KEY, errorDetailCodec } from '@rongtong/protocol';

/**
 * How one Publish session ended, and so what the uplink does next:
 * - `retry`: reconnect after backoff and resume from the new Welcome;
 * - `resync`: a SEQ_GAP / CHAIN_BROKEN reject: reconnect and resume (bounded attempts);
 * - `fatal`: stop this uplink and report (the same data can never pass, or the credential is gone);
 * - `stopped`: `stop()` ended it.
 */
export type SessionOutcome =
  | { readonly kind: 'retry'; readonly code: string; readonly message: string }
  | { readonly kind: 'resync'; readonly code: string; readonly message: string }
  | { readonly kind: 'fatal'; readonly code: string; readonly message: string }
  | { readonly kind: 'stopped' };

/** Reject codes after which the rejected batch can never pass: stop the uplink. */
const FATAL_REJECTS = new Set(['ERROR_CODE_BATCH_TOO_LARGE', 'ERROR_CODE_MALFORMED_PAYLOAD', 'ERROR_CODE_BAD_SIGNATURE', 'ERROR_CODE_PROTOCOL_VIOLATION']);
/** Reject codes after which the agent reconnects and resumes from the Welcome. */
const RESYNC_REJECTS = new Set(['ERROR_CODE_SEQ_GAP', 'ERROR_CODE_CHAIN_BROKEN']);
/** Stream-level codes that retrying cannot fix: the credential is invalid, revoked or for another agent. */
const FATAL_STREAM_CODES = new Set(['ERROR_CODE_UNAUTHENTICATED', 'ERROR_CODE_TOKEN_REVOKED', 'ERROR_CODE_TOKEN_EXPIRED', 'ERROR_CODE_PERMISSION_DENIED']);

/** What to do after a Reject with `code` (see the IngestService.Publish comment). */
export function rejectOutcome(code: string, message: string): SessionOutcome {
  if (FATAL_REJECTS.has(code)) return { kind: 'fatal', code, message };
  if (RESYNC_REJECTS.has(code)) return { kind: 'resync', code, message };
  return { kind: 'retry', code, message };
}

/** The `ErrorDetail.code` in the `rongtong-error-bin` trailer, if any decodes. */
function detailCode(metadata: grpc.Metadata | undefined): string | undefined {
  for (const value of metadata?.get(ERROR_DETAIL_METADATA_KEY) ?? []) {
    if (typeof value === 'string') continue;
    try {
      return errorDetailCodec.decode(value).code;
    } catch {
      // Garbled trailer: fall back to the gRPC status.
    }
  }
  return undefined;
}

/** What to do after the stream ended with a gRPC status (OK or an error) before `stop()`. */
export function statusOutcome(status: Pick<grpc.StatusObject, 'code' | 'details' | 'metadata'>): SessionOutcome {
  const code = detailCode(status.metadata) ?? `GRPC_${grpc.status[status.code] ?? status.code}`;
  const message = status.details || 'stream ended';
  if (FATAL_STREAM_CODES.has(code)) return { kind: 'fatal', code, message };
  if (status.code === grpc.status.UNAUTHENTICATED || status.code === grpc.status.PERMISSION_DENIED) return { kind: 'fatal', code, message };
  return { kind: 'retry', code, message };
}
