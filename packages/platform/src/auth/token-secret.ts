import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TokenKind } from '../store/records.js';

const PREFIX: Readonly<Record<TokenKind, string>> = { enrollment: 'rte', api: 'rta', agent: 'rtg' };

/**
 * A new bearer secret: a kind prefix (`rte_` enrollment, `rta_` API, `rtg_` agent — so a
 * leaked secret is recognisable in logs and by secret scanners) and 32 random bytes.
 */
export function generateSecret(kind: TokenKind): string {
  return `${PREFIX[kind]}_${randomBytes(32).toString('base64url')}`;
}

/** What the store keeps of a secret: lower-case hex SHA-256. Secrets are high-entropy, so no slow hash is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new record id with a readable prefix, e.g. `tok_…`, `agt_…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}
