import { RongtongError, fromZodError } from '@rongtong/core';
import { pino, type Logger } from 'pino';
import type { z } from 'zod';
import type { Store } from '../store.js';
import { createAgentTable } from './agent-table.js';
import { createBatchTable } from './batch-table.js';
import { createCapacityRecordTable } from './capacity-record-table.js';
import { createCommitmentTable } from './commitment-table.js';
import { createEnterpriseTable } from './enterprise-table.js';
import { createEquipmentTable } from './equipment-table.js';
import { createFactTable } from './fact-table.js';
import { createFeedTable } from './feed-table.js';
import { createKpiTable } from './kpi-table.js';
import { DEMAND_ITEMS, SUPPLY_ITEMS, createMarketItemTable } from './market-item-table.js';
import { createMatchTable } from './match-table.js';
import { migrate, openDatabase } from '@rongtong/runtime';
import { MIGRATIONS } from './migrations.js';
import { toStoreError } from './sqlite-errors.js';
import { SqliteStoreConfigSchema } from './sqlite-store-options.js';
import { createTenantTable } from './tenant-table.js';
import { createTokenTable } from './token-table.js';

/** Options of `createSqliteStore` (see `SqliteStoreConfigSchema` for each field). */
export type SqliteStoreOptions = z.input<typeof SqliteStoreConfigSchema> & {
  /** pino logger; silent by default. */
  logger?: Logger;
};

/**
 * The built-in Store: one SQLite file through better-sqlite3 (WAL, foreign keys,
 * versioned migrations applied at open). Every mutation is one IMMEDIATE transaction that
 * also appends its feed events, so a second process on the same file sees all or nothing
 * and two enrollments with one token cannot both win. better-sqlite3 is synchronous: each
 * method does its work before returning its (already settled) promise. Throws
 * INVALID_CONFIG for bad options and FAILED_PRECONDITION for a database newer than this
 * code. After `close()` every method rejects with UNAVAILABLE.
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const { logger: parentLogger, ...rest } = options;
  const parsed = SqliteStoreConfigSchema.safeParse(rest);
  if (!parsed.success) throw fromZodError(parsed.error, 'SQLite store options', 'INVALID_CONFIG');
  const config = parsed.data;
  const logger = (parentLogger ?? pino({ level: 'silent' })).child({ component: 'sqlite-store' });

  const db = openDatabase(config);
  let tables;
  try {
    const migrated = migrate(db, MIGRATIONS, logger);
    const feed = createFeedTable(db);
    const tokens = createTokenTable(db, feed);
    const facts = createFactTable(db);
    const commitments = createCommitmentTable(db);
    const demandItems = createMarketItemTable(db, feed, DEMAND_ITEMS);
    tables = {
      feed,
      tokens,
      tenants: createTenantTable(db),
      enterprises: createEnterpriseTable(db, feed),
      agents: createAgentTable(db, tokens, feed),
      equipment: createEquipmentTable(db, feed),
      batches: createBatchTable(db, feed, facts),
      facts,
      kpis: createKpiTable(db, feed),
      capacityRecords: createCapacityRecordTable(db, feed),
      commitments,
      demandItems,
      supplyItems: createMarketItemTable(db, feed, SUPPLY_ITEMS),
      matches: createMatchTable(db, feed, commitments, demandItems),
    };
    logger.info({ path: config.path, durability: config.durability, schemaVersion: migrated.to }, 'SQLite store open');
  } catch (err) {
    db.close();
    throw err;
  }
  const t = tables;
  const appendEvents = db.transaction((events: Parameters<Store['appendEvents']>[0]) => t.feed.append(events));
  let closed = false;

  /**
   * Runs `fn` unless the store is closed; its result settles the returned promise, and
   * what it throws rejects it as a RongtongError (SQLite errors translated, see `toStoreError`).
   */
  const call = <T>(fn: () => T): Promise<T> => {
    if (closed) return Promise.reject(new RongtongError('UNAVAILABLE', 'the store is closed'));
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(toStoreError(err, 'store call'));
    }
  };

  return {
    close() {
      if (!closed) {
        closed = true;
        db.close();
        logger.info({ path: config.path }, 'SQLite store closed');
      }
      return Promise.resolve();
    },
    createTenant: (tenant) => call(() => t.tenants.create(tenant)),
    getTenant: (id) => call(() => t.tenants.get(id)),
    listTenants: (page) => call(() => t.tenants.list(page)),
    createEnterprise: (enterprise, event) => call(() => t.enterprises.create(enterprise, event)),
    updateEnterprise: (enterprise, etag, event) => call(() => t.enterprises.update(enterprise, etag, event)),
    getEnterprise: (tenantId, id) => call(() => t.enterprises.get(tenantId, id)),
    listEnterprises: (tenantId, page) => call(() => t.enterprises.list(tenantId, page)),
    createToken: (token) => call(() => t.tokens.create(token)),
    findTokenBySecretHash: (hash) => call(() => t.tokens.findBySecretHash(hash)),
    getToken: (tenantId, id) => call(() => t.tokens.get(tenantId, id)),
    listTokens: (tenantId, filter, page) => call(() => t.tokens.list(tenantId, filter, page)),
    revokeToken: (tenantId, id, reason, now, event) => call(() => t.tokens.revoke(tenantId, id, reason, now, event)),
    enrollAgent: (input) => call(() => t.agents.enroll(input)),
    getAgent: (tenantId, id) => call(() => t.agents.get(tenantId, id)),
    listAgents: (tenantId, enterpriseId, page) => call(() => t.agents.list(tenantId, enterpriseId, page)),
    upsertEquipment: (equipment, events) => call(() => t.equipment.upsert(equipment, events)),
    getEquipment: (tenantId, id) => call(() => t.equipment.get(tenantId, id)),
    listEquipment: (tenantId, enterpriseId, page) => call(() => t.equipment.list(tenantId, enterpriseId, page)),
    commitBatch: (input) => call(() => t.batches.commit(input)),
    getBatches: (tenantId, agentId, from, to) => call(() => t.batches.range(tenantId, agentId, from, to)),
    appendEvents: (events) => call(() => appendEvents.immediate(events)),
    readEvents: (query) => call(() => t.feed.read(query)),
    lastEventSeq: () => call(() => t.feed.lastSeq()),
    firstEventSeq: () => call(() => t.feed.firstSeq()),
    pruneEvents: (before) => call(() => t.feed.prune(before)),
    listFacts: (query) => call(() => t.facts.list(query)),
    takeDirtyMarks: (limit) => call(() => t.facts.takeDirtyMarks(limit)),
    clearDirtyMarks: (marks) => call(() => t.facts.clearDirtyMarks(marks)),
    putKpis: (kpis, events) => call(() => t.kpis.put(kpis, events)),
    listKpis: (filter, page) => call(() => t.kpis.list(filter, page)),
    putCapacityRecords: (records, events) => call(() => t.capacityRecords.put(records, events)),
    getCapacityRecord: (tenantId, id) => call(() => t.capacityRecords.get(tenantId, id)),
    listCapacityRecords: (filter, page) => call(() => t.capacityRecords.list(filter, page)),
    getCommitment: (tenantId, id) => call(() => t.commitments.get(tenantId, id)),
    listCommitments: (filter, page) => call(() => t.commitments.list(filter, page)),
    createDemandItem: (item, event) => call(() => t.demandItems.create(item, event)),
    saveDemandItems: (items, events, etags) => call(() => t.demandItems.save(items, events, etags)),
    getDemandItem: (tenantId, id) => call(() => t.demandItems.get(tenantId, id)),
    findDemandItemByExternalId: (tenantId, buyer, externalId) => call(() => t.demandItems.findByExternalId(tenantId, buyer, externalId)),
    listDemandItems: (filter, page) => call(() => t.demandItems.list(filter, page)),
    createSupplyItem: (item, event) => call(() => t.supplyItems.create(item, event)),
    saveSupplyItems: (items, events, etags) => call(() => t.supplyItems.save(items, events, etags)),
    getSupplyItem: (tenantId, id) => call(() => t.supplyItems.get(tenantId, id)),
    findSupplyItemByExternalId: (tenantId, supplier, externalId) => call(() => t.supplyItems.findByExternalId(tenantId, supplier, externalId)),
    listSupplyItems: (filter, page) => call(() => t.supplyItems.list(filter, page)),
    replaceProposedMatches: (tenantId, demandItemId, matches, events) => call(() => t.matches.replaceProposed(tenantId, demandItemId, matches, events)),
    getMatch: (tenantId, id) => call(() => t.matches.get(tenantId, id)),
    listMatches: (filter, page) => call(() => t.matches.list(filter, page)),
    updateProposedMatches: (tenantId, ids, status, now, events) => call(() => t.matches.updateProposed(tenantId, ids, status, now, events)),
    acceptMatch: (input) => call(() => t.matches.accept(input)),
  };
}
