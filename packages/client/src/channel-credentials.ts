import * as grpc from '@grpc/grpc-js';
import { RongtongError } from '@rongtong/core';

/** TLS settings of a client. */
export interface TlsOptions {
  /** PEM of the CA(s) that signed the server certificate. Default: the system's root CAs. */
  readonly ca?: Buffer | string;
  /** PEM of the client certificate, for mutual TLS (needs `key`). */
  readonly cert?: Buffer | string;
  /** PEM of the client private key, for mutual TLS (needs `cert`). */
  readonly key?: Buffer | string;
  /**
   * Name to check the server certificate against (and send as SNI / authority)
   * instead of the host of `address`, e.g. when connecting by IP address.
   */
  readonly serverNameOverride?: string;
}

const pem = (value: Buffer | string | undefined): Buffer | null =>
  value === undefined ? null : typeof value === 'string' ? Buffer.from(value) : value;

/**
 * Channel credentials for the client's `tls` option: TLS (optionally mutual) when it
 * is an object or absent, plaintext only when it is exactly `false` — which is meant
 * for loopback and tests, since the bearer token then travels unencrypted.
 */
export function channelCredentials(tls: TlsOptions | false | undefined): grpc.ChannelCredentials {
  if (tls === false) return grpc.credentials.createInsecure();
  const options = tls ?? {};
  if ((options.cert === undefined) !== (options.key === undefined)) {
    const missing = options.cert === undefined ? 'tls.cert' : 'tls.key';
    throw new RongtongError('INVALID_CONFIG', `invalid client options: ${missing}: mutual TLS needs both cert and key`, {
      fieldViolations: [{ path: missing, reason: 'mutual TLS needs both cert and key' }],
    });
  }
  return grpc.credentials.createSsl(pem(options.ca), pem(options.key), pem(options.cert));
}

/** Channel options the `tls` option implies (the server name override), merged under the caller's. */
export function tlsChannelOptions(tls: TlsOptions | false | undefined): grpc.ChannelOptions {
  if (tls === false || tls?.serverNameOverride === undefined) return {};
  return {
    'grpc.ssl_target_name_override': tls.serverNameOverride,
    'grpc.default_authority': tls.serverNameOverride,
  };
}
