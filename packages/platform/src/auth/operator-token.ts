import type { Store } from '../store/store.js';
import { newTokenRecord } from './token-record.js';
import { generateSecret, hashSecret } from './token-secret.js';

/** Result of `ensureOperatorToken`. */
export interface OperatorTokenResult {
  /** The token's id. */
  tokenId: string;
  /** The secret, only when this call created it from nothing (print it once, then forget it). */
  createdSecret?: string;
}

/** Options of `ensureOperatorToken`. */
export interface OperatorTokenOptions {
  store: Store;
  /** A secret chosen by the operator (e.g. from `RONGTONG_ADMIN_TOKEN`); registered if not yet known. */
  secret?: string;
  now?: () => number;
}

/**
 * Makes sure the deployment has an operator credential (tenant '' + `admin` scope, may act in
 * any tenant). With `secret`, that secret is registered (once; idempotent). Without it, a
 * new secret is made only when no operator token exists yet, and returned so the CLI can
 * print it once. Secrets are stored only as hashes.
 */
export async function ensureOperatorToken(options: OperatorTokenOptions): Promise<OperatorTokenResult> {
  const now = (options.now ?? Date.now)();
  if (options.secret !== undefined) {
    if (options.secret.length < 16) throw new RangeError('the operator token must be at least 16 characters');
    const existing = await options.store.findTokenBySecretHash(hashSecret(options.secret));
    if (existing) return { tokenId: existing.id };
    return { tokenId: (await create(options.store, options.secret, now)).id };
  }
  const current = await options.store.listTokens('', { kind: 'api' }, { pageSize: 1000, pageToken: '' });
  const operator = current.items.find((t) => t.tenantId === '' && t.scopes.includes('admin') && t.revokeTime === 0);
  if (operator) return { tokenId: operator.id };
  const secret = generateSecret('api');
  return { tokenId: (await create(options.store, secret, now)).id, createdSecret: secret };
}

async function create(store: Store, secret: string, now: number) {
  return store.createToken(
    newTokenRecord({
      tenantId: '',
      kind: 'api',
      scopes: ['admin', 'feed:read', 'capacity:read', 'market:read', 'market:write'],
      description: 'deployment operator',
      createTime: now,
      secret,
    }),
  );
}
