import { resolve } from 'node:path';
import { RongtongError } from '@rongtong/core';
import type { CertificateInfo } from './certificate-info.js';

/** What the source saw of the server certificate during the last attempt (from the certificate check). */
export interface ServerCertificateVerdict {
  /** The server certificate. */
  readonly certificate: CertificateInfo;
  /** StatusCode name of the verdict: `Good`, `BadCertificateUntrusted`, `BadCertificateTimeInvalid`, … */
  readonly status: string;
}

/** What an error message is about, besides the error itself. */
export interface ConnectionErrorContext {
  /** The endpoint URL. */
  readonly endpointUrl: string;
  /** The configured security, e.g. `SignAndEncrypt / Basic256Sha256`. */
  readonly security: string;
  /** The user, e.g. `anonymous`, `user "op"`, `certificate user` (never a password). */
  readonly user: string;
  /** The PKI folder, for messages about certificates. */
  readonly pkiDir: string;
  /**
   * The PKI folder `rongtong-agent trust` uses without `--pki-dir` (the agent's default); when
   * `pkiDir` is another folder, or this is absent, the suggested command names `pkiDir`.
   */
  readonly trustDefaultPkiDir?: string | undefined;
  /** The server certificate verdict of this attempt, if it got that far. */
  readonly serverCertificate?: ServerCertificateVerdict | undefined;
  /** Thumbprint of this client's application certificate, if known. */
  readonly clientThumbprint?: string | undefined;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The command an operator runs to accept a server certificate; the agent's CLI implements it
 * with `trustServerCertificate`. With `pkiDir` (a folder other than the one the command uses
 * by default), the command names it: `rongtong-agent trust accept <thumbprint> --pki-dir <dir>`
 * (quoted when it has spaces or other special characters).
 */
export function trustCommand(thumbprint: string, pkiDir?: string): string {
  if (pkiDir === undefined) return `rongtong-agent trust accept ${thumbprint}`;
  const quoted = /^[\w./:@%+-]+$/.test(pkiDir) ? pkiDir : JSON.stringify(pkiDir);
  return `rongtong-agent trust accept ${thumbprint} --pki-dir ${quoted}`;
}

/** `pkiDir` unless it is the trust command's default folder (compared as absolute paths). */
function trustPkiDir(ctx: ConnectionErrorContext): string | undefined {
  const def = ctx.trustDefaultPkiDir;
  return def !== undefined && resolve(def) === resolve(ctx.pkiDir) ? undefined : ctx.pkiDir;
}

/**
 * A failed connection attempt as a `RongtongError` that says what to do:
 *
 * - `FAILED_PRECONDITION` — the server certificate is not trusted (the message names its
 *   thumbprint and subject, and the command that accepts it) or fails verification;
 * - `UNAUTHENTICATED` — the server refused this client's certificate or the user;
 * - `UNIMPLEMENTED` — the server offers no endpoint with the configured security, or no
 *   token policy for the user kind;
 * - `UNAVAILABLE` — anything else (unreachable, refused, timed out, closed): retried.
 */
export function connectionError(err: unknown, ctx: ConnectionErrorContext): RongtongError {
  if (err instanceof RongtongError) return err;
  const text = messageOf(err);
  const where = ctx.endpointUrl;
  const verdict = ctx.serverCertificate;
  if (verdict && verdict.status !== 'Good') {
    const { thumbprint, subject } = verdict.certificate;
    if (verdict.status === 'BadCertificateUntrusted') {
      return new RongtongError(
        'FAILED_PRECONDITION',
        `the server certificate of ${where} is not trusted (thumbprint ${thumbprint}, subject "${subject}"): it is listed as rejected in ${ctx.pkiDir}; ` +
          `after checking it belongs to the machine, accept it with "${trustCommand(thumbprint, trustPkiDir(ctx))}" or pin it in pinnedServerCertificates`,
        { cause: err },
      );
    }
    return new RongtongError(
      'FAILED_PRECONDITION',
      `the server certificate of ${where} (thumbprint ${thumbprint}, subject "${subject}") failed verification: ${verdict.status}`,
      { cause: err },
    );
  }
  if (/BadSecurityChecksFailed|BadCertificate\w*|rejected by server/i.test(text) && !/ECONN/.test(text)) {
    const own = ctx.clientThumbprint ? ` (thumbprint ${ctx.clientThumbprint}, file ${ctx.pkiDir}/own/certs/client_certificate.pem)` : '';
    return new RongtongError(
      'UNAUTHENTICATED',
      `${where} refused this client's application certificate${own}: trust it on the server (${text.trim()})`,
      { cause: err },
    );
  }
  if (/BadUserAccessDenied|BadIdentityToken\w*|BadUserSignatureInvalid/.test(text)) {
    return new RongtongError('UNAUTHENTICATED', `${where} refused the ${ctx.user}: ${/Bad\w+/.exec(text)?.[0] ?? text}`, { cause: err });
  }
  if (/user token policy|UserTokenPolicy/i.test(text)) {
    return new RongtongError('UNIMPLEMENTED', `${where} does not accept the ${ctx.user} on its ${ctx.security} endpoint: ${text.trim()}`, { cause: err });
  }
  if (/End ?point must exist|Cannot find an Endpoint|cannot find endpoint/i.test(text)) {
    return new RongtongError(
      'UNIMPLEMENTED',
      `${where} offers no endpoint with ${ctx.security}: choose a securityMode and securityPolicy the server offers`,
      { cause: err },
    );
  }
  const detail = /\(?(connect E\w+[^)\n]*)\)?/.exec(text)?.[1] ?? text.split('\n')[0]!.trim();
  return new RongtongError('UNAVAILABLE', `cannot connect to ${where}: ${detail}`, { cause: err });
}
