import type Database from 'better-sqlite3';
import type { AgentRecord, Page, PageRequest, TokenRecord } from '../records.js';
import type { EnrollAgentInput, EnrollAgentResult } from '../store.js';
import type { FeedTable } from './feed-table.js';
import { pageAfter, pageOf, pageSizeOf } from './page-token.js';
import { toStoreError } from './sqlite-errors.js';
import type { TokenTable } from './token-table.js';
import { bigintOf, bytesOf, numberOf } from '@rongtong/runtime';

interface AgentRow {
  id: string;
  tenant_id: string;
  enterprise_id: string;
  name: string;
  hostname: string;
  agent_version: string;
  public_key: Uint8Array;
  token_id: string;
  enroll_time: bigint;
  last_seq: bigint;
  last_digest: Uint8Array;
  last_batch_time: bigint;
}

const COLUMNS =
  'id, tenant_id, enterprise_id, name, hostname, agent_version, public_key, token_id, enroll_time, last_seq, last_digest, last_batch_time';

/** The digest an agent's chain starts from: 32 zero bytes. */
export const GENESIS_DIGEST_LENGTH = 32;

/** The agents table, with each agent's chain head (last seq, digest, time). */
export interface AgentTable {
  enroll(input: EnrollAgentInput): EnrollAgentResult;
  get(tenantId: string, id: string): AgentRecord | undefined;
  list(tenantId: string, enterpriseId: string, page: PageRequest): Page<AgentRecord>;
}

function agentOf(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    enterpriseId: row.enterprise_id,
    name: row.name,
    hostname: row.hostname,
    agentVersion: row.agent_version,
    publicKey: bytesOf(row.public_key),
    tokenId: row.token_id,
    enrollTime: numberOf(row.enroll_time),
    lastSeq: bigintOf(row.last_seq),
    lastDigest: bytesOf(row.last_digest),
    lastBatchTime: numberOf(row.last_batch_time),
  };
}

/** Prepares the agent statements of `db`. */
export function createAgentTable(db: Database.Database, tokens: TokenTable, feed: FeedTable): AgentTable {
  const insert = db.prepare<unknown[]>(`INSERT INTO agents (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`);
  const byIdStatement = db.prepare<[{ tenant: string; id: string }], AgentRow>(
    `SELECT ${COLUMNS} FROM agents WHERE id = @id AND (@tenant = '' OR tenant_id = @tenant)`,
  );
  const list = db.prepare<[{ tenant: string; enterprise: string; after: string; limit: number }], AgentRow>(
    `SELECT ${COLUMNS} FROM agents
     WHERE tenant_id = @tenant AND (@enterprise = '' OR enterprise_id = @enterprise) AND id > @after
     ORDER BY id LIMIT @limit`,
  );

  const enroll = db.transaction((input: EnrollAgentInput): EnrollAgentResult => {
    const enrollment = tokens.findBySecretHash(input.enrollmentSecretHash);
    if (!enrollment || enrollment.kind !== 'enrollment') return { ok: false, reason: 'not_found' };
    if (enrollment.revokeTime !== 0) return { ok: false, reason: 'revoked' };
    if (enrollment.useTime !== 0) return { ok: false, reason: 'already_used' };
    if (enrollment.expireTime !== 0 && enrollment.expireTime <= input.now) return { ok: false, reason: 'expired' };
    const a = input.agent;
    const agent: AgentRecord = {
      id: a.id,
      tenantId: enrollment.tenantId,
      enterpriseId: enrollment.enterpriseId,
      name: a.name,
      hostname: a.hostname,
      agentVersion: a.agentVersion,
      publicKey: new Uint8Array(a.publicKey),
      tokenId: a.tokenId,
      enrollTime: a.enrollTime,
      lastSeq: 0n,
      lastDigest: new Uint8Array(GENESIS_DIGEST_LENGTH),
      lastBatchTime: 0,
    };
    const agentToken: TokenRecord = {
      ...input.agentToken,
      scopes: [...input.agentToken.scopes],
      tenantId: enrollment.tenantId,
      enterpriseId: enrollment.enterpriseId,
      agentId: agent.id,
    };
    // Claim the enrollment token first: of two racing connections only one changes the row.
    if (!tokens.markUsed(enrollment.id, agent.id, input.now)) return { ok: false, reason: 'already_used' };
    try {
      insert.run(agent.id, agent.tenantId, agent.enterpriseId, agent.name, agent.hostname, agent.agentVersion, agent.publicKey, agent.tokenId, agent.enrollTime, 0n, agent.lastDigest, 0);
    } catch (err) {
      throw toStoreError(err, `agent "${agent.id}"`);
    }
    tokens.insert(agentToken);
    feed.append([input.event(agent)]);
    return { ok: true, agent, agentToken };
  });

  return {
    enroll: (input) => enroll.immediate(input),
    get(tenantId, id) {
      const row = byIdStatement.get({ tenant: tenantId, id });
      return row && agentOf(row);
    },
    list(tenantId, enterpriseId, page) {
      const size = pageSizeOf(page);
      const rows = list.all({ tenant: tenantId, enterprise: enterpriseId, after: pageAfter(page), limit: size + 1 });
      return pageOf(rows.map(agentOf), size, (a) => a.id);
    },
  };
}
