import { type EvidenceVerifyResult, type VerifyEvidenceOptions, verifyEvidenceBundle } from '@rongtong/core';
import { type EvidenceBundle, type EvidenceBundle__Output, evidenceBundleCodec } from '@rongtong/protocol';

/**
 * Decodes `rongtong.v1.EvidenceBundle` protobuf bytes (as returned by `GetEvidence` or
 * read from a file) into the protocol's output shape. Returns an error message instead of
 * throwing when the bytes are not a bundle.
 */
export function decodeEvidenceBundle(bytes: Uint8Array): { bundle: EvidenceBundle__Output } | { error: string } {
  try {
    return { bundle: evidenceBundleCodec.decode(bytes) };
  } catch (err) {
    return { error: `not a rongtong.v1.EvidenceBundle: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Verifies the signed batch chain behind a capacity record offline, e.g. for a bank
 * checking a supplier before, during and after a loan. `bundle` is an `EvidenceBundle`
 * as returned by `capacity.getEvidence`, or its protobuf bytes. Pin the agent's key
 * obtained at onboarding with `options.pinnedPublicKey`; without it the result's
 * `keySelfAsserted` is true. Never throws: malformed input gives a `MALFORMED` failure.
 */
export function verifyEvidence(bundle: Uint8Array | EvidenceBundle | EvidenceBundle__Output, options: VerifyEvidenceOptions = {}): EvidenceVerifyResult {
  if (bundle instanceof Uint8Array) {
    const decoded = decodeEvidenceBundle(bundle);
    if ('error' in decoded) return { ok: false, reason: 'MALFORMED', message: decoded.error };
    return verifyEvidenceBundle(decoded.bundle, options);
  }
  return verifyEvidenceBundle(bundle, options);
}
