import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OPCUACertificateManager, type StatusCode, StatusCodes } from 'node-opcua';
import { type CertificateInfo, certificateFileToDer, certificateThumbprint, describeCertificate, leafCertificate } from './certificate-info.js';
import type { ServerCertificateVerdict } from './connection-error.js';
import type { OpcuaLogger } from './opcua-logger.js';
import { normalizeThumbprint } from './thumbprint.js';

/**
 * The PKI folder of one OPC UA source, as node-opcua uses it: the client's own certificate and
 * key (`own/`, made on first use), and the server trust lists (`trusted/certs/`, `rejected/`).
 * Unknown server certificates are refused and kept in `rejected/`; pinned thumbprints are
 * moved to `trusted/` when seen. The verdict of each server certificate check is kept for the
 * error message of a refused connection.
 */
export interface ClientPki {
  /** The node-opcua certificate manager to give the client. */
  readonly manager: OPCUACertificateManager;
  /** Makes the folder (and the key on first use) and rereads the trust lists from disk (a `trust accept` may have changed them). */
  refresh(): Promise<void>;
  /** The verdict of the last server certificate check since the previous call, and forgets it. */
  takeVerdict(): ServerCertificateVerdict | undefined;
  /** SHA-1 thumbprint of the client's own certificate, once it exists. */
  clientThumbprint(): Promise<string | undefined>;
  /** Releases the manager; idempotent. */
  dispose(): Promise<void>;
}

type Chain = Buffer | Buffer[];
type StatusCallback = (err: Error | null, status?: StatusCode) => void;

/**
 * node-opcua's certificate manager with a hook around its server certificate check: pinned
 * thumbprints are moved to trusted/ first, and each verdict is reported.
 */
class ObservedCertificateManager extends OPCUACertificateManager {
  constructor(
    options: ConstructorParameters<typeof OPCUACertificateManager>[0],
    private readonly pinned: ReadonlySet<string>,
    private readonly logger: OpcuaLogger,
    private readonly onVerdict: (verdict: ServerCertificateVerdict) => void,
  ) {
    super(options);
  }

  // node-opcua calls it with a promise or with a callback: serve both.
  override checkCertificate(chain: Chain): Promise<StatusCode>;
  override checkCertificate(chain: Chain, callback: StatusCallback): void;
  override checkCertificate(chain: Chain, callback?: StatusCallback): Promise<StatusCode> | void {
    const result = this.#check(chain);
    if (typeof callback !== 'function') return result;
    result.then(
      (status) => callback(null, status),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), StatusCodes.BadInternalError),
    );
  }

  async #check(chain: Chain): Promise<StatusCode> {
    const der = Array.isArray(chain) ? Buffer.concat(chain) : chain;
    let info: CertificateInfo;
    try {
      info = describeCertificate(der);
    } catch {
      return super.checkCertificate(chain);
    }
    if (this.pinned.has(info.thumbprint)) {
      try {
        await this.trustCertificate(leafCertificate(der));
        this.logger.info({ thumbprint: info.thumbprint, subject: info.subject }, 'pinned server certificate accepted (now in trusted/)');
      } catch (err) {
        this.logger.warn({ err, thumbprint: info.thumbprint }, 'cannot record the pinned server certificate as trusted');
      }
    }
    const status = await super.checkCertificate(chain);
    this.onVerdict({ certificate: info, status: status.name });
    return status;
  }
}

/** Makes the {@link ClientPki} of `pkiDir`. */
export function createClientPki(pkiDir: string, pinnedThumbprints: readonly string[], logger: OpcuaLogger): ClientPki {
  const pinned = new Set(pinnedThumbprints.map((t) => normalizeThumbprint(t)).filter((t) => t !== undefined));
  let verdict: ServerCertificateVerdict | undefined;
  let initialized: Promise<void> | undefined;
  let disposed = false;
  const manager = new ObservedCertificateManager(
    {
      rootFolder: pkiDir,
      name: 'rongtong-opcua-client',
      automaticallyAcceptUnknownCertificate: false,
      // Trust changes from `rongtong-agent trust` are read by refresh() before each attempt;
      // no file watcher handles are left open.
      disableFileWatchers: true,
    },
    pinned,
    logger,
    (v) => {
      verdict = v;
    },
  );

  return {
    manager,
    async refresh() {
      initialized ??= manager.initialize().catch((err: unknown) => {
        initialized = undefined;
        throw err;
      });
      await initialized;
      await manager.reloadCertificates();
    },
    takeVerdict() {
      const v = verdict;
      verdict = undefined;
      return v;
    },
    async clientThumbprint() {
      try {
        return certificateThumbprint(certificateFileToDer(await readFile(join(pkiDir, 'own', 'certs', 'client_certificate.pem'))));
      } catch {
        return undefined;
      }
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      // Clients count their references and release them on disconnect; whatever is left is ours.
      manager.referenceCounter = 0;
      await manager.dispose();
    },
  };
}
