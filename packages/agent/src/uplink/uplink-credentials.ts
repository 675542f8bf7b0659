import * as grpc from '@grpc/grpc-js';
import { RongtongError } from '@rongtong/core';
import type { UplinkTlsOptions } from './uplink-options.js';

const pem = (value: Buffer | string | undefined): Buffer | null => (value === undefined ? null : typeof value === 'string' ? Buffer.from(value) : value);

/**
 * Channel credentials for an uplink's `tls` option: TLS (optionally mutual) when it is an
 * object or absent, plaintext only when it is exactly `false`; see `uplinkChannelOptions` for
 * the server name override.
 */
export function uplinkCredentials(tls: UplinkTlsOptions | false | undefined): grpc.ChannelCredentials {
  if (tls === false) return grpc.credentials.createInsecure();
  const o = tls ?? {};
  if ((o.cert === undefined) !== (o.key === undefined)) {
    throw new RongtongError('INVALID_CONFIG', 'invalid uplink options: mutual TLS needs both tls.cert and tls.key');
  }
  return grpc.credentials.createSsl(pem(o.ca), pem(o.key), pem(o.cert));
}

/** Channel options implied by `tls` (the server name override). */
export function uplinkChannelOptions(tls: UplinkTlsOptions | false | undefined): grpc.ChannelOptions {
  if (tls === false || tls?.serverNameOverride === undefined) return {};
  return { 'grpc.ssl_target_name_override': tls.serverNameOverride, 'grpc.default_authority': tls.serverNameOverride };
}
