import { toMillis, type Duration__Output, type Timestamp__Output } from '@rongtong/protocol';
import { invalidField } from './validate.js';

/** The `expiration` oneof of the Issue*Token requests. */
export interface ExpirationRequest {
  expiration?: 'expireTime' | 'ttl';
  expireTime?: Timestamp__Output | null;
  ttl?: Duration__Output | null;
}

const DAY_MS = 24 * 3600 * 1000;

function describeMs(ms: number): string {
  return ms % DAY_MS === 0 ? `${ms / DAY_MS} days` : `${ms / 1000} s`;
}

/**
 * The expiry time (ms since the epoch) a token request asks for, checked: required, in
 * the future and, when `maxTtlMs` is given, at most that far ahead. Errors are
 * INVALID_ARGUMENT naming `expire_time`, `ttl` or (neither set) `expiration`.
 */
export function expireTimeOf(request: ExpirationRequest, now: number, maxTtlMs?: number): number {
  let expireTime: number;
  let field: string;
  if (request.expiration === 'expireTime' && request.expireTime) {
    field = 'expire_time';
    expireTime = toMillis(request.expireTime);
    if (expireTime <= now) throw invalidField(field, 'must be in the future');
  } else if (request.expiration === 'ttl' && request.ttl) {
    field = 'ttl';
    const ttl = toMillis(request.ttl);
    if (!(ttl > 0)) throw invalidField(field, 'must be positive');
    expireTime = now + ttl;
  } else {
    throw invalidField('expiration', 'required: set expire_time or ttl');
  }
  if (maxTtlMs !== undefined && expireTime - now > maxTtlMs) {
    throw invalidField(field, `must be at most ${describeMs(maxTtlMs)} ahead`);
  }
  return Math.floor(expireTime);
}
