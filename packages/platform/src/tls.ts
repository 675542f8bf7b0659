import { readFileSync } from 'node:fs';
import { ServerCredentials } from '@grpc/grpc-js';

/** TLS of the platform's gRPC port. PEM contents or file paths. */
export interface ServerTlsOptions {
  /** Server certificate chain (PEM text, or a path to it). */
  cert: string | Buffer;
  /** Server private key (PEM text, or a path to it). */
  key: string | Buffer;
  /** CA bundle clients' certificates must chain to; required for mutual TLS. */
  ca?: string | Buffer;
  /** Mutual TLS: refuse clients without a certificate from `ca`. */
  requireClientCert?: boolean;
}

function pem(value: string | Buffer): Buffer {
  if (Buffer.isBuffer(value)) return value;
  return value.includes('-----BEGIN') ? Buffer.from(value) : readFileSync(value);
}

/** grpc-js server credentials for `tls`; mutual TLS needs `ca`. */
export function serverCredentials(tls: ServerTlsOptions): ServerCredentials {
  if (tls.requireClientCert && !tls.ca) throw new RangeError('tls.requireClientCert needs tls.ca (the CA client certificates chain to)');
  return ServerCredentials.createSsl(tls.ca ? pem(tls.ca) : null, [{ cert_chain: pem(tls.cert), private_key: pem(tls.key) }], tls.requireClientCert ?? false);
}
