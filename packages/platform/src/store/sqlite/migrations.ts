import type { Migration } from '@rongtong/runtime';

/**
 * The schema of the SQLite store, oldest first. Never edit a migration that has shipped:
 * append a new one. Ids are never empty (CHECK), so `id > ''` starts a listing; integers
 * are 64-bit (uint64 sequence numbers are stored as INTEGER, read as bigint); binary
 * values are BLOBs; domain objects (enterprise, equipment) are JSON next to the columns
 * they are looked up by.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tenants-enterprises-tokens-agents',
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY CHECK (id <> ''),
        name TEXT NOT NULL,
        create_time INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE enterprises (
        id TEXT PRIMARY KEY CHECK (id <> ''),
        tenant_id TEXT NOT NULL REFERENCES tenants (id),
        credit_code TEXT NOT NULL,
        etag TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (tenant_id, credit_code)
      ) STRICT;
      CREATE INDEX enterprises_by_tenant ON enterprises (tenant_id, id);

      CREATE TABLE tokens (
        id TEXT PRIMARY KEY CHECK (id <> ''),
        tenant_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        scopes TEXT NOT NULL,
        enterprise_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        description TEXT NOT NULL,
        secret_hash TEXT NOT NULL UNIQUE,
        create_time INTEGER NOT NULL,
        expire_time INTEGER NOT NULL,
        revoke_time INTEGER NOT NULL,
        revoke_reason TEXT NOT NULL,
        use_time INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX tokens_by_tenant ON tokens (tenant_id, id);

      CREATE TABLE agents (
        id TEXT PRIMARY KEY CHECK (id <> ''),
        tenant_id TEXT NOT NULL REFERENCES tenants (id),
        enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
        name TEXT NOT NULL,
        hostname TEXT NOT NULL,
        agent_version TEXT NOT NULL,
        public_key BLOB NOT NULL,
        token_id TEXT NOT NULL,
        enroll_time INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        last_digest BLOB NOT NULL,
        last_batch_time INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX agents_by_tenant ON agents (tenant_id, id);
      CREATE INDEX agents_by_enterprise ON agents (tenant_id, enterprise_id, id);
    `,
  },
  {
    version: 2,
    name: 'equipment-batches-feed-events',
    sql: `
      CREATE TABLE equipment (
        tenant_id TEXT NOT NULL REFERENCES tenants (id),
        id TEXT NOT NULL CHECK (id <> ''),
        enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
        agent_id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
      ) STRICT;
      CREATE INDEX equipment_by_enterprise ON equipment (tenant_id, enterprise_id, id);

      CREATE TABLE batches (
        agent_id TEXT NOT NULL REFERENCES agents (id),
        seq INTEGER NOT NULL,
        tenant_id TEXT NOT NULL,
        prev_hash BLOB NOT NULL,
        digest BLOB NOT NULL,
        payload BLOB NOT NULL,
        signature BLOB NOT NULL,
        sharing_level TEXT NOT NULL,
        historical INTEGER NOT NULL,
        commit_time INTEGER NOT NULL,
        PRIMARY KEY (agent_id, seq)
      ) STRICT;

      CREATE TABLE feed_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        enterprise_id TEXT NOT NULL,
        equipment_id TEXT NOT NULL,
        time INTEGER NOT NULL,
        body BLOB NOT NULL
      ) STRICT;
      CREATE INDEX feed_events_by_tenant ON feed_events (tenant_id, seq);
      CREATE INDEX feed_events_by_time ON feed_events (time);
    `,
  },
];
