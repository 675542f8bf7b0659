/**
 * OPC UA message security modes (OPC 10000-4 §7.20): `None` (no security), `Sign` (messages
 * signed) and `SignAndEncrypt` (signed and encrypted).
 */
export const OPCUA_SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;

/** An OPC UA message security mode (see {@link OPCUA_SECURITY_MODES}). */
export type OpcuaSecurityMode = (typeof OPCUA_SECURITY_MODES)[number];

/**
 * The security policies a connection may use (OPC 10000-7): `None`, the current
 * `Basic256Sha256`, `Aes128_Sha256_RsaOaep` and `Aes256_Sha256_RsaPss`, and the deprecated
 * `Basic128Rsa15` and `Basic256` (SHA-1 based: refused unless `allowDeprecatedPolicies`).
 */
export const OPCUA_SECURITY_POLICIES = [
  'None',
  'Basic256Sha256',
  'Aes128_Sha256_RsaOaep',
  'Aes256_Sha256_RsaPss',
  'Basic128Rsa15',
  'Basic256',
] as const;

/** An OPC UA security policy (see {@link OPCUA_SECURITY_POLICIES}). */
export type OpcuaSecurityPolicy = (typeof OPCUA_SECURITY_POLICIES)[number];

/** Policies the OPC Foundation deprecated (SHA-1 signatures, weak key sizes): used only with `allowDeprecatedPolicies: true`. */
export const DEPRECATED_SECURITY_POLICIES: readonly OpcuaSecurityPolicy[] = ['Basic128Rsa15', 'Basic256'];

/** The policy a connection uses when the config names none: `None` without security, `Basic256Sha256` otherwise. */
export function defaultSecurityPolicy(mode: OpcuaSecurityMode): OpcuaSecurityPolicy {
  return mode === 'None' ? 'None' : 'Basic256Sha256';
}
