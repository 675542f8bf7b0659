import type { TokenRecord } from '../store/records.js';
import type { EnrollAgentInput } from '../store/store.js';
import { hashSecret, newId } from './token-secret.js';

/** The state of a token nobody has used or revoked yet, with no expiry unless one is given. */
const FRESH = { expireTime: 0, revokeTime: 0, revokeReason: '', useTime: 0 } as const satisfies Partial<TokenRecord>;

/** What a new token needs; every other field may be given and has a default. `secret` is only hashed, never stored. */
export type NewTokenFields = Pick<TokenRecord, 'tenantId' | 'kind' | 'scopes' | 'description' | 'createTime'> &
  Partial<Omit<TokenRecord, 'secretHash'>> & { secret: string };

/**
 * A new token record: a new `tok_…` id, no enterprise or agent, never expires, unused and
 * not revoked, unless `fields` say otherwise; the secret is stored as its hash only.
 */
export function newTokenRecord({ secret, ...fields }: NewTokenFields): TokenRecord {
  return { id: newId('tok'), enterpriseId: '', agentId: '', ...FRESH, ...fields, secretHash: hashSecret(secret) };
}

/** What a new agent credential needs. `secret` is only hashed, never stored. */
export type NewAgentTokenFields = Pick<TokenRecord, 'id' | 'description' | 'createTime'> & { secret: string };

/**
 * The credential of an enrolling agent as `Store.enrollAgent` takes it: kind `agent`, scope
 * `ingest`, never expires (the store fills in its tenant, enterprise and agent).
 */
export function newAgentTokenRecord({ secret, ...fields }: NewAgentTokenFields): EnrollAgentInput['agentToken'] {
  return { ...fields, kind: 'agent', scopes: ['ingest'], ...FRESH, secretHash: hashSecret(secret) };
}
