import { crypto_utils } from 'node-opcua';

/** What a person needs to decide whether to trust a certificate. */
export interface CertificateInfo {
  /** SHA-1 thumbprint of the DER certificate: 40 lowercase hex digits. */
  readonly thumbprint: string;
  /** Subject distinguished name, e.g. `CN=Lathe3, O=ACME, C=CN`. */
  readonly subject: string;
  /** Issuer distinguished name (the subject again for a self-signed certificate). */
  readonly issuer: string;
  /** Application URI from the subject alternative name (`urn:…`), when present. */
  readonly applicationUri: string | undefined;
  /** Start of validity. */
  readonly validFrom: Date;
  /** End of validity. */
  readonly validTo: Date;
}

/** Order and short names of the distinguished name attributes node-opcua-crypto exposes. */
const NAME_PARTS: readonly (readonly [string, string])[] = [
  ['commonName', 'CN'],
  ['organizationalUnitName', 'OU'],
  ['organizationName', 'O'],
  ['localityName', 'L'],
  ['stateOrProvinceName', 'ST'],
  ['countryName', 'C'],
  ['domainComponent', 'DC'],
];

function formatName(name: object | undefined): string {
  if (!name) return '';
  const fields = name as Record<string, unknown>;
  return NAME_PARTS.flatMap(([key, short]) => {
    const value = fields[key];
    if (value === undefined || value === null || value === '') return [];
    return (Array.isArray(value) ? value : [value]).map((v) => `${short}=${String(v)}`);
  }).join(', ');
}

/** The first (leaf) certificate of a DER certificate or chain. */
export function leafCertificate(der: Buffer): Buffer {
  const chain = crypto_utils.split_der(der);
  return chain[0] ?? der;
}

/** SHA-1 thumbprint (40 lowercase hex digits) of the leaf certificate of a DER certificate or chain. */
export function certificateThumbprint(der: Buffer): string {
  return crypto_utils.makeSHA1Thumbprint(leafCertificate(der)).toString('hex');
}

/** Thumbprint, names and validity of the leaf certificate of a DER certificate or chain; throws if it cannot be parsed. */
export function describeCertificate(der: Buffer): CertificateInfo {
  const leaf = leafCertificate(der);
  const tbs = crypto_utils.exploreCertificate(leaf).tbsCertificate;
  const uris = tbs.extensions?.subjectAltName?.uniformResourceIdentifier;
  const applicationUri = Array.isArray(uris) ? uris[0] : undefined;
  return {
    thumbprint: crypto_utils.makeSHA1Thumbprint(leaf).toString('hex'),
    subject: formatName(tbs.subject),
    issuer: formatName(tbs.issuer),
    applicationUri,
    validFrom: tbs.validity.notBefore,
    validTo: tbs.validity.notAfter,
  };
}

/** The DER bytes of a certificate file's contents: PEM (one or more CERTIFICATE blocks, the leaf first) or DER. */
export function certificateFileToDer(contents: Buffer): Buffer {
  const text = contents.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) return crypto_utils.convertPEMtoDER(text);
  return contents;
}
