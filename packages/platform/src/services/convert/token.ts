import { enumToProto } from '@rongtong/core';
import { timestampFromMillis, type Timestamp, type Token } from '@rongtong/protocol';
import type { TokenKind, TokenRecord } from '../../store/records.js';

/** A time field that is 0 when unset, as a Timestamp or null. */
function optionalTime(ms: number): Timestamp | null {
  return ms === 0 ? null : timestampFromMillis(ms);
}

/** The proto name of a token kind: `api` → `TOKEN_KIND_API`. */
export function tokenKindToProto(kind: TokenKind): `TOKEN_KIND_${Uppercase<TokenKind>}` {
  return `TOKEN_KIND_${kind.toUpperCase() as Uppercase<TokenKind>}`;
}

/**
 * The `rongtong.v1.Token` of a stored token: its metadata only. The secret is never
 * stored, and its hash never leaves the platform. (`last_use_time` is not tracked by the
 * Store and stays unset.)
 */
export function tokenToProto(r: TokenRecord): Token {
  return {
    id: r.id,
    tenantId: r.tenantId,
    kind: tokenKindToProto(r.kind),
    scopes: r.scopes.map((s) => enumToProto('SCOPE', s)),
    enterpriseId: r.enterpriseId,
    agentId: r.agentId,
    description: r.description,
    createTime: timestampFromMillis(r.createTime),
    expireTime: optionalTime(r.expireTime),
    revokeTime: optionalTime(r.revokeTime),
    revokeReason: r.revokeReason,
    useTime: optionalTime(r.useTime),
    lastUseTime: null,
  };
}

/** True while a token still works at `now`: not revoked, not expired and (enrollment tokens) not used. */
export function isTokenActive(r: TokenRecord, now: number): boolean {
  return r.revokeTime === 0 && (r.expireTime === 0 || r.expireTime > now) && r.useTime === 0;
}
