import { RongtongError } from '@rongtong/core';
import type { OPCUAClient } from 'node-opcua';
import { createClientPki } from './client-pki.js';
import { connectionError } from './connection-error.js';
import { type ConnectionConfigFields, type ConnectionDescription, type OpenConnection, closeClient, connectionSettingsOf, openConnection } from './opcua-connection.js';
import type { OpcuaLogger } from './opcua-logger.js';

/** How long closing the session and client may take before it is abandoned. */
const CLOSE_TIMEOUT_MS = 3_000;

/** The config fields a one-shot session uses: the connection, and where the certificates live. */
export type OneShotSessionConfig = ConnectionConfigFields & {
  readonly pkiDir: string;
  readonly pinnedServerCertificates: readonly string[];
};

/** One session for a one-off job (discovery), with its own client and PKI. */
export interface OneShotSession {
  readonly open: OpenConnection;
  /** How messages name the connection. */
  readonly where: ConnectionDescription;
  /** Closes the session and the client and releases the PKI; idempotent. */
  close(): Promise<void>;
}

/**
 * Opens one session the way the source connects — same security, user, PKI folder and trust
 * rules, same error translation (`FAILED_PRECONDITION` for an untrusted server certificate,
 * naming its thumbprint and `rongtong-agent trust accept …`; `UNAUTHENTICATED`,
 * `UNIMPLEMENTED`, `UNAVAILABLE`) — but once, without retrying. Aborting `signal` while it
 * connects disconnects the client and rejects with `CANCELLED`.
 */
export async function openOneShotSession(
  config: OneShotSessionConfig,
  options: {
    readonly clientName: string;
    readonly logger: OpcuaLogger;
    readonly signal?: AbortSignal | undefined;
    /** The PKI folder `rongtong-agent trust accept` uses without flags (see `ConnectionErrorContext`). */
    readonly trustDefaultPkiDir?: string | undefined;
  },
): Promise<OneShotSession> {
  const { settings, where } = connectionSettingsOf(config, options.clientName);
  const cancelled = (): RongtongError => new RongtongError('CANCELLED', `connecting to ${config.endpointUrl} was cancelled`);
  if (options.signal?.aborted) throw cancelled();
  const pki = createClientPki(config.pkiDir, config.pinnedServerCertificates, options.logger);
  try {
    await pki.refresh();
  } catch (err) {
    await pki.dispose();
    const reason = `cannot use the PKI folder: ${err instanceof Error ? err.message : String(err)}`;
    throw new RongtongError('FAILED_PRECONDITION', `pkiDir ${config.pkiDir}: ${reason}`, { fieldViolations: [{ path: 'pkiDir', reason }], cause: err });
  }
  pki.takeVerdict();
  let client: OPCUAClient | undefined;
  const onAbort = (): void => {
    if (client) void closeClient(client, undefined, CLOSE_TIMEOUT_MS);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let open: OpenConnection;
  try {
    open = await openConnection(settings, pki, {
      onClient: (c) => {
        client = c;
      },
      // A one-shot job sees a lost connection as the failure of its next request.
      onLost: () => undefined,
    });
  } catch (err) {
    const error = options.signal?.aborted
      ? cancelled()
      : connectionError(err, {
          ...where,
          pkiDir: config.pkiDir,
          trustDefaultPkiDir: options.trustDefaultPkiDir,
          serverCertificate: pki.takeVerdict(), clientThumbprint: await pki.clientThumbprint() });
    await pki.dispose();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  let closing: Promise<void> | undefined;
  return {
    open,
    where,
    close() {
      closing ??= (async () => {
        await closeClient(open.client, open.session, CLOSE_TIMEOUT_MS);
        await pki.dispose();
      })();
      return closing;
    },
  };
}
