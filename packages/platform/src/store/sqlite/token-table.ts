import type Database from 'better-sqlite3';
import type { Scope } from '@rongtong/core';
import type { NewFeedEvent, Page, PageRequest, TokenKind, TokenRecord } from '../records.js';
import type { TokenFilter } from '../store.js';
import type { FeedTable } from './feed-table.js';
import { pageAfter, pageOf, pageSizeOf } from './page-token.js';
import { toStoreError } from './sqlite-errors.js';
import { numberOf } from '@rongtong/runtime';

interface TokenRow {
  id: string;
  tenant_id: string;
  kind: string;
  scopes: string;
  enterprise_id: string;
  agent_id: string;
  description: string;
  secret_hash: string;
  create_time: bigint;
  expire_time: bigint;
  revoke_time: bigint;
  revoke_reason: string;
  use_time: bigint;
}

const COLUMNS =
  'id, tenant_id, kind, scopes, enterprise_id, agent_id, description, secret_hash, create_time, expire_time, revoke_time, revoke_reason, use_time';

/** The tokens table (secrets only as their hashes). */
export interface TokenTable {
  /** Inserts a token; call inside a transaction or alone. */
  insert(token: TokenRecord): void;
  create(token: TokenRecord): TokenRecord;
  findBySecretHash(secretHash: string): TokenRecord | undefined;
  /** A token of the tenant; tenant '' finds a token of any tenant. */
  get(tenantId: string, id: string): TokenRecord | undefined;
  /** Tokens of exactly `tenantId` ('' lists the operator's tokens, which belong to no tenant). */
  list(tenantId: string, filter: TokenFilter, page: PageRequest): Page<TokenRecord>;
  /** Revokes a token of the tenant (tenant '': of any tenant, like `get`); a second call changes nothing and appends nothing. */
  revoke(tenantId: string, id: string, reason: string, now: number, event: NewFeedEvent): TokenRecord | undefined;
  /** Marks an unused enrollment token used by `agentId`; false when it was used meanwhile. Call inside a transaction. */
  markUsed(id: string, agentId: string, now: number): boolean;
}

/** A stored token as a record. */
export function tokenOf(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind as TokenKind,
    scopes: JSON.parse(row.scopes) as Scope[],
    enterpriseId: row.enterprise_id,
    agentId: row.agent_id,
    description: row.description,
    secretHash: row.secret_hash,
    createTime: numberOf(row.create_time),
    expireTime: numberOf(row.expire_time),
    revokeTime: numberOf(row.revoke_time),
    revokeReason: row.revoke_reason,
    useTime: numberOf(row.use_time),
  };
}

/** Prepares the token statements of `db`; revocation events go to `feed` in the same transaction. */
export function createTokenTable(db: Database.Database, feed: FeedTable): TokenTable {
  const insert = db.prepare<unknown[]>(`INSERT INTO tokens (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`);
  const byHash = db.prepare<[string], TokenRow>(`SELECT ${COLUMNS} FROM tokens WHERE secret_hash = ?`);
  // tenant '' (the operator's "any tenant") matches every token.
  const byIdStatement = db.prepare<[{ tenant: string; id: string }], TokenRow>(
    `SELECT ${COLUMNS} FROM tokens WHERE id = @id AND (@tenant = '' OR tenant_id = @tenant)`,
  );
  const byId = { get: (tenant: string, id: string) => byIdStatement.get({ tenant, id }) };
  const list = db.prepare<[{ tenant: string; enterprise: string; kind: string; revoked: number; after: string; limit: number }], TokenRow>(
    `SELECT ${COLUMNS} FROM tokens
     WHERE tenant_id = @tenant AND (@enterprise = '' OR enterprise_id = @enterprise) AND (@kind = '' OR kind = @kind)
       AND (@revoked = 1 OR revoke_time = 0) AND id > @after
     ORDER BY id LIMIT @limit`,
  );
  const revoke = db.prepare<[number, string, string]>('UPDATE tokens SET revoke_time = ?, revoke_reason = ? WHERE id = ? AND revoke_time = 0');
  const markUsed = db.prepare<[number, string, string]>('UPDATE tokens SET use_time = ?, agent_id = ? WHERE id = ? AND use_time = 0');

  const insertToken = (t: TokenRecord) =>
    insert.run(t.id, t.tenantId, t.kind, JSON.stringify(t.scopes), t.enterpriseId, t.agentId, t.description, t.secretHash, t.createTime, t.expireTime, t.revokeTime, t.revokeReason, t.useTime);

  const revokeTx = db.transaction((tenantId: string, id: string, reason: string, now: number, event: NewFeedEvent) => {
    const row = byId.get(tenantId, id);
    if (!row) return undefined;
    if (revoke.run(now, reason, id).changes === 1) feed.append([event]);
    return tokenOf(byId.get(tenantId, id)!);
  });

  return {
    insert(token) {
      try {
        insertToken(token);
      } catch (err) {
        throw toStoreError(err, `token "${token.id}" (or its secret)`);
      }
    },
    create(token) {
      try {
        insertToken(token);
      } catch (err) {
        throw toStoreError(err, `token "${token.id}" (or its secret)`);
      }
      return { ...token, scopes: [...token.scopes] };
    },
    findBySecretHash(secretHash) {
      const row = byHash.get(secretHash);
      return row && tokenOf(row);
    },
    get(tenantId, id) {
      const row = byId.get(tenantId, id);
      return row && tokenOf(row);
    },
    list(tenantId, filter, page) {
      const size = pageSizeOf(page);
      const rows = list.all({
        tenant: tenantId,
        enterprise: filter.enterpriseId ?? '',
        kind: filter.kind ?? '',
        revoked: filter.includeRevoked ? 1 : 0,
        after: pageAfter(page),
        limit: size + 1,
      });
      return pageOf(rows.map(tokenOf), size, (t) => t.id);
    },
    revoke(tenantId, id, reason, now, event) {
      return revokeTx.immediate(tenantId, id, reason, now, event);
    },
    markUsed(id, agentId, now) {
      return markUsed.run(now, agentId, id).changes === 1;
    },
  };
}
