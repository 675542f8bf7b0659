import { mkdir, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { RongtongError } from '@rongtong/core';
import { type CertificateInfo, certificateFileToDer, describeCertificate } from './certificate-info.js';
import { normalizeThumbprint } from './thumbprint.js';

/** Where a server certificate is in the trust store: `trusted/certs/` or `rejected/`. */
export type ServerCertificateStatus = 'trusted' | 'rejected';

/** A server certificate in the trust store of a `pkiDir`. */
export interface ServerCertificateEntry extends CertificateInfo {
  /** `trusted` (connections accepted) or `rejected` (seen and refused: waiting for `trust accept`). */
  readonly status: ServerCertificateStatus;
  /** The file that holds it. */
  readonly file: string;
}

const CERTIFICATE_EXTENSIONS = new Set(['.pem', '.der', '.crt', '.cer']);

/** The folder of each status, as node-opcua's certificate manager lays out a PKI folder. */
export function trustStoreFolder(pkiDir: string, status: ServerCertificateStatus): string {
  return status === 'trusted' ? join(pkiDir, 'trusted', 'certs') : join(pkiDir, 'rejected');
}

async function listFolder(pkiDir: string, status: ServerCertificateStatus): Promise<ServerCertificateEntry[]> {
  const folder = trustStoreFolder(pkiDir, status);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new RongtongError('FAILED_PRECONDITION', `cannot read the certificate folder ${folder}: ${(err as Error).message}`, { cause: err });
  }
  const entries: ServerCertificateEntry[] = [];
  for (const name of names.sort()) {
    if (!CERTIFICATE_EXTENSIONS.has(extname(name).toLowerCase())) continue;
    const file = join(folder, name);
    try {
      const info = describeCertificate(certificateFileToDer(await readFile(file)));
      entries.push({ ...info, status, file });
    } catch {
      // Not a certificate (or unreadable): not part of the trust list; node-opcua ignores it too.
    }
  }
  return entries;
}

/**
 * The server certificates of the trust store in `pkiDir` (the `pkiDir` of an `opcua` source):
 * trusted ones first, then rejected ones — every certificate a server presented that was not
 * trusted is kept in `rejected/` so an operator can accept it by its thumbprint. A folder that
 * does not exist yet is empty. `rongtong-agent trust list` prints this.
 */
export async function listServerCertificates(pkiDir: string): Promise<ServerCertificateEntry[]> {
  return [...(await listFolder(pkiDir, 'trusted')), ...(await listFolder(pkiDir, 'rejected'))];
}

async function move(pkiDir: string, thumbprintText: string, to: ServerCertificateStatus): Promise<ServerCertificateEntry> {
  const thumbprint = normalizeThumbprint(thumbprintText);
  if (thumbprint === undefined) {
    const reason = 'must be a SHA-1 certificate thumbprint: 40 hex digits (":" separators allowed)';
    throw new RongtongError('INVALID_ARGUMENT', `invalid thumbprint "${thumbprintText}": ${reason}`, { fieldViolations: [{ path: 'thumbprint', reason }] });
  }
  const matches = (await listServerCertificates(pkiDir)).filter((e) => e.thumbprint === thumbprint);
  const already = matches.find((e) => e.status === to);
  const other = matches.filter((e) => e.status !== to);
  if (!already && other.length === 0) {
    throw new RongtongError(
      'NOT_FOUND',
      `no server certificate with thumbprint ${thumbprint} in ${pkiDir}: a server's certificate appears in rejected/ after the first connection attempt (rongtong-agent trust list shows them)`,
    );
  }
  if (already) {
    // Already where it should be: drop stray copies in the other folder so the status is unambiguous.
    for (const e of other) await unlink(e.file);
    return already;
  }
  const [first, ...rest] = other as [ServerCertificateEntry, ...ServerCertificateEntry[]];
  const folder = trustStoreFolder(pkiDir, to);
  await mkdir(folder, { recursive: true });
  const file = join(folder, basename(first.file));
  await rename(first.file, file);
  for (const e of rest) await unlink(e.file);
  return { ...first, status: to, file };
}

/**
 * Trusts the server certificate with this SHA-1 thumbprint: moves it from `rejected/` to
 * `trusted/certs/` of `pkiDir` (`rongtong-agent trust accept <thumbprint>`). A running source
 * picks it up on its next connection attempt. Idempotent; `NOT_FOUND` when no certificate has
 * that thumbprint, `INVALID_ARGUMENT` when the thumbprint is malformed.
 */
export function trustServerCertificate(pkiDir: string, thumbprint: string): Promise<ServerCertificateEntry> {
  return move(pkiDir, thumbprint, 'trusted');
}

/**
 * Stops trusting the server certificate with this SHA-1 thumbprint: moves it to `rejected/`
 * of `pkiDir`. Connections made afterwards are refused (an open one is not cut). Idempotent;
 * `NOT_FOUND` / `INVALID_ARGUMENT` as {@link trustServerCertificate}.
 */
export function rejectServerCertificate(pkiDir: string, thumbprint: string): Promise<ServerCertificateEntry> {
  return move(pkiDir, thumbprint, 'rejected');
}
