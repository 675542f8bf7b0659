import { readFileSync } from 'node:fs';
import type { UplinkConfig } from '../config/uplink-config.js';
import type { OutboxSharingLevel } from '../outbox/outbox.js';
import type { UplinkOptions, UplinkTlsOptions } from '../uplink/uplink-options.js';

/** The outbox / protocol sharing level of a config sharing level. */
export function sharingLevelOf(sharing: UplinkConfig['sharing']): OutboxSharingLevel {
  switch (sharing) {
    case 'raw':
      return 'SHARING_LEVEL_RAW';
    case 'kpi':
      return 'SHARING_LEVEL_KPI';
    case 'capacity':
      return 'SHARING_LEVEL_CAPACITY';
  }
}

/** Reads the TLS files of an uplink config (PEM); `false` stays plaintext. */
export function uplinkTlsOf(tls: UplinkConfig['tls'], readFile: (path: string) => Buffer = readFileSync): false | UplinkTlsOptions {
  if (tls === false) return false;
  return {
    ...(tls.ca !== undefined ? { ca: readFile(tls.ca) } : {}),
    ...(tls.cert !== undefined ? { cert: readFile(tls.cert) } : {}),
    ...(tls.key !== undefined ? { key: readFile(tls.key) } : {}),
    ...(tls.serverName !== undefined ? { serverNameOverride: tls.serverName } : {}),
  };
}

/** Options of an uplink from its config entry: address, TLS, window, backoff and sharing level (the rest comes from the caller). */
export function uplinkOptionsFromConfig(
  config: UplinkConfig,
): Pick<UplinkOptions, 'name' | 'address' | 'tls' | 'window' | 'backoff' | 'sharingLevel'> {
  return {
    name: config.name,
    address: config.platform,
    tls: uplinkTlsOf(config.tls),
    window: config.window,
    backoff: { initialMs: config.backoff.initial, maxMs: config.backoff.max },
    sharingLevel: sharingLevelOf(config.sharing),
  };
}
