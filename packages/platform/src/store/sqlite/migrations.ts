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
  {
    version: 3,
    name: 'facts-kpis-capacity-market',
    sql: `
      CREATE TABLE facts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        enterprise_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        equipment_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX facts_by_equipment ON facts (tenant_id, equipment_id, start_time);

      CREATE TABLE dirty_marks (
        mark_id INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        enterprise_id TEXT NOT NULL,
        equipment_id TEXT NOT NULL,
        from_time INTEGER NOT NULL,
        to_time INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE kpis (
        tenant_id TEXT NOT NULL,
        enterprise_id TEXT NOT NULL,
        level TEXT NOT NULL,
        equipment_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        granularity TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        sort_key TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (tenant_id, enterprise_id, level, equipment_id, product_id, granularity, start_time)
      ) STRICT;
      CREATE INDEX kpis_by_key ON kpis (tenant_id, sort_key);

      CREATE TABLE capacity_records (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL CHECK (id <> ''),
        enterprise_id TEXT NOT NULL,
        scope_level TEXT NOT NULL,
        scope_enterprise_id TEXT NOT NULL,
        scope_id TEXT NOT NULL,
        capability_kind TEXT NOT NULL,
        capability_id TEXT NOT NULL,
        granularity TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        type TEXT NOT NULL,
        confidence REAL NOT NULL,
        superseded_by TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
      ) STRICT;
      CREATE UNIQUE INDEX capacity_records_current ON capacity_records
        (tenant_id, scope_level, scope_enterprise_id, scope_id, capability_kind, capability_id, granularity, start_time, type)
        WHERE superseded_by = '';
      CREATE INDEX capacity_records_by_key ON capacity_records (tenant_id, sort_key) WHERE superseded_by = '';

      CREATE TABLE commitments (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL CHECK (id <> ''),
        match_id TEXT NOT NULL,
        demand_item_id TEXT NOT NULL,
        supply_item_id TEXT NOT NULL,
        buyer_enterprise_id TEXT NOT NULL,
        supplier_enterprise_id TEXT NOT NULL,
        status TEXT NOT NULL,
        request_id TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        sort_key TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
      ) STRICT;
      CREATE UNIQUE INDEX commitments_by_request ON commitments (tenant_id, request_id) WHERE request_id <> '';
      CREATE INDEX commitments_by_key ON commitments (tenant_id, sort_key);

      CREATE TABLE demand_items (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL CHECK (id <> ''),
        owner_enterprise_id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        category TEXT NOT NULL,
        status TEXT NOT NULL,
        region_code TEXT NOT NULL,
        etag TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
      ) STRICT;
      CREATE UNIQUE INDEX demand_items_by_external_id ON demand_items (tenant_id, owner_enterprise_id, external_id) WHERE external_id <> '';
      CREATE INDEX demand_items_by_key ON demand_items (tenant_id, sort_key);

      CREATE TABLE supply_items (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL CHECK (id <> ''),
        owner_enterprise_id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        category TEXT NOT NULL,
        status TEXT NOT NULL,
        region_code TEXT NOT NULL,
        etag TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
      ) STRICT;
      CREATE UNIQUE INDEX supply_items_by_external_id ON supply_items (tenant_id, owner_enterprise_id, external_id) WHERE external_id <> '';
      CREATE INDEX supply_items_by_key ON supply_items (tenant_id, sort_key);

      CREATE TABLE matches (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL CHECK (id <> ''),
        demand_item_id TEXT NOT NULL,
        supply_item_id TEXT NOT NULL,
        buyer_enterprise_id TEXT NOT NULL,
        supplier_enterprise_id TEXT NOT NULL,
        status TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
      ) STRICT;
      CREATE INDEX matches_by_pair ON matches (tenant_id, demand_item_id, supply_item_id);
      CREATE INDEX matches_by_key ON matches (tenant_id, sort_key);
    `,
  },
];
