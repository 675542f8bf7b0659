import * as grpc from '@grpc/grpc-js';
import { RongtongError, type BackoffOptions } from '@rongtong/core';
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

/**
 * Channel options of an uplink: the server name override implied by `tls`, and grpc's own
 * reconnect backoff bounded by the uplink's (`backoff.initialMs` … `backoff.maxMs`). The uplink
 * keeps one channel across sessions; left at grpc's defaults (1 s growing to 120 s) the
 * channel would refuse the uplink's attempts while its own, longer delay runs, and a platform
 * back after an outage would be noticed up to two minutes late.
 */
export function uplinkChannelOptions(tls: UplinkTlsOptions | false | undefined, backoff: Pick<BackoffOptions, 'initialMs' | 'maxMs'>): grpc.ChannelOptions {
  const reconnect = { 'grpc.initial_reconnect_backoff_ms': backoff.initialMs, 'grpc.max_reconnect_backoff_ms': backoff.maxMs };
  if (tls === false || tls?.serverNameOverride === undefined) return reconnect;
  return { ...reconnect, 'grpc.ssl_target_name_override': tls.serverNameOverride, 'grpc.default_authority': tls.serverNameOverride };
}
