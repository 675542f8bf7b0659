import type { Metadata } from '@grpc/grpc-js';
import { RongtongError, type Scope } from '@rongtong/core';
import type { Store } from '../store/store.js';
import type { TokenRecord } from '../store/records.js';
import type { Principal } from './principal.js';
import { hashSecret } from './token-secret.js';

/** Checks bearer tokens and what they may do. */
export interface Authenticator {
  /**
   * The principal of a call's `authorization: Bearer <token>` metadata. Throws
   * RongtongError UNAUTHENTICATED (missing, malformed or unknown token), TOKEN_EXPIRED or
   * TOKEN_REVOKED. Enrollment tokens never authenticate calls (they are only for Enroll).
   */
  authenticate(metadata: Metadata): Promise<Principal>;
  /** Throws PERMISSION_DENIED unless the principal holds `scope` (operators hold every scope). */
  requireScope(principal: Principal, scope: Scope): void;
  /**
   * The tenant a call acts in: the principal's own, or for the operator the requested one
   * (which must then be given). A tenant token naming another tenant gets PERMISSION_DENIED.
   */
  tenantOf(principal: Principal, requestedTenantId?: string): string;
  /** Throws PERMISSION_DENIED when an enterprise-restricted principal touches another enterprise. */
  requireEnterprise(principal: Principal, enterpriseId: string): void;
}

/** Options of `createAuthenticator`. */
export interface AuthenticatorOptions {
  store: Store;
  /** Clock in ms; `Date.now` by default. */
  now?: () => number;
}

const BEARER = /^Bearer ([A-Za-z0-9_\-.~+/]+=*)$/;

/** An Authenticator over the store's token table (tokens are looked up by the hash of the secret). */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const now = options.now ?? Date.now;
  return {
    async authenticate(metadata) {
      const header = metadata.get('authorization')[0];
      if (typeof header !== 'string' || header === '') {
        throw new RongtongError('UNAUTHENTICATED', 'missing credentials: send metadata "authorization: Bearer <token>"');
      }
      const match = BEARER.exec(header);
      if (!match) throw new RongtongError('UNAUTHENTICATED', 'malformed authorization metadata: expected "Bearer <token>"');
      const token = await options.store.findTokenBySecretHash(hashSecret(match[1]!));
      if (!token || token.kind === 'enrollment') throw new RongtongError('UNAUTHENTICATED', 'unknown token');
      checkUsable(token, now());
      return principalOf(token);
    },
    requireScope(principal, scope) {
      if (principal.operator || principal.scopes.includes(scope)) return;
      throw new RongtongError('PERMISSION_DENIED', `this token lacks the "${scope}" scope`);
    },
    tenantOf(principal, requestedTenantId = '') {
      if (principal.operator) {
        if (requestedTenantId === '') {
          throw new RongtongError('INVALID_ARGUMENT', 'tenant_id is required with the operator token', {
            fieldViolations: [{ path: 'tenant_id', reason: 'required with the operator token' }],
          });
        }
        return requestedTenantId;
      }
      if (requestedTenantId !== '' && requestedTenantId !== principal.tenantId) {
        throw new RongtongError('PERMISSION_DENIED', 'this token belongs to another tenant');
      }
      return principal.tenantId;
    },
    requireEnterprise(principal, enterpriseId) {
      if (principal.enterpriseId !== '' && principal.enterpriseId !== enterpriseId) {
        throw new RongtongError('PERMISSION_DENIED', 'this token is restricted to another enterprise');
      }
    },
  };
}

/** Throws when a token is revoked or expired at `time`. */
export function checkUsable(token: TokenRecord, time: number): void {
  if (token.revokeTime !== 0) throw new RongtongError('TOKEN_REVOKED', 'the token was revoked');
  if (token.expireTime !== 0 && token.expireTime <= time) throw new RongtongError('TOKEN_EXPIRED', 'the token has expired');
}

/** The principal a stored token stands for. */
export function principalOf(token: TokenRecord): Principal {
  return {
    tokenId: token.id,
    kind: token.kind,
    tenantId: token.tenantId,
    scopes: token.scopes,
    enterpriseId: token.enterpriseId,
    agentId: token.agentId,
    operator: token.tenantId === '' && token.kind === 'api' && token.scopes.includes('admin'),
  };
}
