import { RongtongError } from '@rongtong/core';
import { type UserIdentityInfo, UserTokenType, crypto_utils } from 'node-opcua';
import type { OpcuaUser } from './opcua-source-config.js';

const text = (pem: string | Uint8Array): string => (typeof pem === 'string' ? pem : Buffer.from(pem.buffer, pem.byteOffset, pem.byteLength).toString('utf8'));

function invalid(path: string, reason: string, cause?: unknown): RongtongError {
  return new RongtongError('INVALID_CONFIG', `invalid opcua source config: ${path}: ${reason}`, { fieldViolations: [{ path, reason }], cause });
}

/**
 * The node-opcua identity of a parsed `user`, checked: a user certificate must be a PEM
 * certificate and its key a PEM private key of the same key pair (`INVALID_CONFIG` naming
 * `user.certificate` / `user.privateKey` otherwise, without the key in the message).
 */
export function userIdentity(user: OpcuaUser): UserIdentityInfo {
  if (user.username !== undefined) return { type: UserTokenType.UserName, userName: user.username, password: user.password ?? '' };
  if (user.certificate !== undefined && user.privateKey !== undefined) {
    let certificateData: Buffer;
    try {
      certificateData = crypto_utils.split_der(crypto_utils.convertPEMtoDER(text(user.certificate)))[0]!;
      crypto_utils.exploreCertificate(certificateData);
    } catch (err) {
      throw invalid('user.certificate', 'is not a PEM certificate', err);
    }
    const privateKey = text(user.privateKey);
    let matches: boolean;
    try {
      matches = crypto_utils.certificateMatchesPrivateKey(certificateData, crypto_utils.coercePEMorDerToPrivateKey(privateKey));
    } catch (err) {
      throw invalid('user.privateKey', 'is not a PEM private key', err);
    }
    if (!matches) throw invalid('user.privateKey', 'is not the key of user.certificate');
    return { type: UserTokenType.Certificate, certificateData, privateKey };
  }
  return { type: UserTokenType.Anonymous };
}

/** How messages name the user (never with a secret). */
export function describeUser(user: OpcuaUser): string {
  if (user.username !== undefined) return `user "${user.username}"`;
  if (user.certificate !== undefined) return 'certificate user';
  return 'anonymous user';
}
