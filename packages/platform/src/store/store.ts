import type {
  AgentRecord,
  BatchRecord,
  EnterpriseRecord,
  EquipmentRecord,
  FeedEventKind,
  FeedEventRecord,
  NewFeedEvent,
  Page,
  PageRequest,
  TenantRecord,
  TokenRecord,
} from './records.js';
import type {
  CapacityRecordFilter,
  CapacityRecordRow,
  CommitmentFilter,
  CommitmentRecord,
  DirtyMark,
  EquipmentFact,
  FactQuery,
  KpiFilter,
  KpiRecord,
} from './capacity-records.js';
import type {
  AcceptMatchInput,
  AcceptMatchResult,
  DemandItemRecord,
  ItemFilter,
  MatchFilter,
  MatchRecord,
  SupplyItemRecord,
} from './market-records.js';
import type { MatchStatus } from '@rongtong/core';

/** Why an enrollment token could not be used. */
export type EnrollmentRefusal = 'not_found' | 'already_used' | 'expired' | 'revoked';

/** Everything `enrollAgent` writes in one transaction. */
export interface EnrollAgentInput {
  /** SHA-256 (hex) of the one-time enrollment token presented. */
  enrollmentSecretHash: string;
  /** The new agent (tenant and enterprise are copied from the enrollment token). */
  agent: Omit<AgentRecord, 'tenantId' | 'enterpriseId' | 'lastSeq' | 'lastDigest' | 'lastBatchTime'>;
  /** The agent's credential (tenant, enterprise and agent id are filled in from the token and agent). */
  agentToken: Omit<TokenRecord, 'tenantId' | 'enterpriseId' | 'agentId'>;
  /** Makes the AGENT_ENROLLED event once tenant and enterprise are known. */
  event: (agent: AgentRecord) => NewFeedEvent;
  now: number;
}

/** Result of `enrollAgent`. */
export type EnrollAgentResult =
  | { ok: true; agent: AgentRecord; agentToken: TokenRecord }
  | { ok: false; reason: EnrollmentRefusal };

/** A batch to commit with the feed events it produces. */
export interface CommitBatchInput {
  batch: BatchRecord;
  /** Appended in the same transaction, in this order, after the batch. */
  events: NewFeedEvent[];
  /**
   * State intervals and production counts carried by (or derived from) the batch, stored
   * in the same transaction with a dirty mark per equipment (see `takeDirtyMarks`).
   */
  facts?: EquipmentFact[];
}

/**
 * Result of `commitBatch`: `committed`, or `duplicate` when (agent, seq) is already
 * stored with the same digest (a replay: nothing written), or `out_of_order` when seq is
 * not the agent's last seq + 1 or prev_hash is not its last digest (nothing written).
 */
export type CommitBatchResult =
  | { status: 'committed'; lastEventSeq: bigint }
  | { status: 'duplicate' }
  | { status: 'out_of_order'; lastSeq: bigint; lastDigest: Uint8Array };

/** Which feed events to read. */
export interface ReadEventsQuery {
  tenantId: string;
  /** Read events with seq > after (0n: from the oldest retained). */
  after: bigint;
  /** At most this many events (1…10,000). */
  limit: number;
  /** Only these kinds; empty: all. */
  kinds?: readonly FeedEventKind[];
  /** Only events about these enterprises; empty: all. */
  enterpriseIds?: readonly string[];
  /** Only events about these equipment ids; empty: all. */
  equipmentIds?: readonly string[];
}

/** Filter of `listTokens`. */
export interface TokenFilter {
  enterpriseId?: string;
  kind?: TokenRecord['kind'];
  includeRevoked?: boolean;
}

/**
 * The platform's store of record. Implementations: SQLite (built in, one machine) and
 * PostgreSQL (`@rongtong/store-postgres`, shared by many platform instances). All of them
 * pass the contract suite in `@rongtong/testkit`.
 *
 * Every method is tenant-scoped where the data is: a record of another tenant is
 * `undefined` / absent, never returned. Mutations that produce feed events append them in
 * the same transaction, so an event exists exactly when its change does. Feed event seqs
 * increase in commit order across the whole deployment: a reader that has seen seq n
 * never later finds a new event with seq ≤ n.
 */
export interface Store {
  /** Releases connections and files. Idempotent. */
  close(): Promise<void>;

  // Tenants
  createTenant(tenant: TenantRecord): Promise<TenantRecord>;
  getTenant(id: string): Promise<TenantRecord | undefined>;
  listTenants(page: PageRequest): Promise<Page<TenantRecord>>;

  // Enterprises
  /** Throws RongtongError ALREADY_EXISTS when the credit code is taken in the tenant. */
  createEnterprise(enterprise: EnterpriseRecord, event: NewFeedEvent): Promise<EnterpriseRecord>;
  /**
   * Replaces an enterprise. `expectedEtag` '' skips the check; otherwise a different stored
   * etag throws RongtongError CONFLICT. Throws NOT_FOUND when absent from the tenant.
   */
  updateEnterprise(enterprise: EnterpriseRecord, expectedEtag: string, event: NewFeedEvent): Promise<EnterpriseRecord>;
  getEnterprise(tenantId: string, id: string): Promise<EnterpriseRecord | undefined>;
  listEnterprises(tenantId: string, page: PageRequest): Promise<Page<EnterpriseRecord>>;

  // Tokens
  createToken(token: TokenRecord): Promise<TokenRecord>;
  /** The token whose secret hashes to `secretHash`, whatever its state (the caller checks expiry and revocation). */
  findTokenBySecretHash(secretHash: string): Promise<TokenRecord | undefined>;
  /** `tenantId` '' finds a token of any tenant (operator use). */
  getToken(tenantId: string, id: string): Promise<TokenRecord | undefined>;
  listTokens(tenantId: string, filter: TokenFilter, page: PageRequest): Promise<Page<TokenRecord>>;
  /** Marks a token revoked (idempotent: a second call keeps the first time and reason) and appends the event. */
  revokeToken(tenantId: string, id: string, reason: string, now: number, event: NewFeedEvent): Promise<TokenRecord | undefined>;

  // Agents
  /**
   * Uses a one-time enrollment token and creates the agent and its credential, atomically:
   * of two concurrent calls with the same token exactly one succeeds.
   */
  enrollAgent(input: EnrollAgentInput): Promise<EnrollAgentResult>;
  /** `tenantId` '' finds an agent of any tenant. */
  getAgent(tenantId: string, id: string): Promise<AgentRecord | undefined>;
  listAgents(tenantId: string, enterpriseId: string, page: PageRequest): Promise<Page<AgentRecord>>;

  // Equipment
  /** Creates or replaces equipment by (tenant, id) and appends their events, in one transaction. */
  upsertEquipment(equipment: EquipmentRecord[], events: NewFeedEvent[]): Promise<EquipmentRecord[]>;
  getEquipment(tenantId: string, id: string): Promise<EquipmentRecord | undefined>;
  listEquipment(tenantId: string, enterpriseId: string, page: PageRequest): Promise<Page<EquipmentRecord>>;

  // Batches
  /** Commits a batch if it continues its agent's chain; see `CommitBatchResult`. Atomic. */
  commitBatch(input: CommitBatchInput): Promise<CommitBatchResult>;
  /** Stored batches of an agent with fromSeq ≤ seq ≤ toSeq, in seq order. */
  getBatches(tenantId: string, agentId: string, fromSeq: bigint, toSeq: bigint): Promise<BatchRecord[]>;

  // Feed
  /** Appends events that belong to no other mutation (e.g. market changes), in one transaction. */
  appendEvents(events: NewFeedEvent[]): Promise<bigint>;
  /** Events of a tenant after a position, in seq order, filtered. */
  readEvents(query: ReadEventsQuery): Promise<FeedEventRecord[]>;
  /** Seq of the newest event of the deployment (0n when none). */
  lastEventSeq(): Promise<bigint>;
  /** Seq of the oldest retained event (0n when none): a cursor before it is out of range. */
  firstEventSeq(): Promise<bigint>;
  /** Deletes events older than `before` (ms); returns how many. */
  pruneEvents(before: number): Promise<number>;

  // Facts and dirty marks (KPI and capacity computation)
  /** Facts of one piece of equipment overlapping `[from, to)`, ordered by startTime, then seq. */
  listFacts(query: FactQuery): Promise<EquipmentFact[]>;
  /**
   * Up to `limit` dirty marks, oldest first: equipment whose facts changed since its KPIs
   * were last computed, with the time span the new facts cover. Reading does not remove.
   */
  takeDirtyMarks(limit: number): Promise<DirtyMark[]>;
  /** Removes the given marks (by `markId`); marks added since stay. */
  clearDirtyMarks(marks: readonly DirtyMark[]): Promise<void>;

  // KPIs
  /** Creates or replaces KPIs by identity and appends their events, in one transaction. */
  putKpis(kpis: KpiRecord[], events: NewFeedEvent[]): Promise<void>;
  /**
   * KPIs ordered by startTime, then enterprise, level, equipment, product and granularity
   * (absent equipment and product as ''; strings compared by code point, like COLLATE "C").
   */
  listKpis(filter: KpiFilter, page: PageRequest): Promise<Page<KpiRecord>>;

  // Capacity records
  /**
   * Stores records (each with a new id and `supersededBy` '') and appends their events, in
   * one transaction: the current record of the same identity, if any, gets `supersededBy`
   * set to the new id. Returns the stored records.
   */
  putCapacityRecords(records: CapacityRecordRow[], events: NewFeedEvent[]): Promise<CapacityRecordRow[]>;
  /** A current or superseded record by id. */
  getCapacityRecord(tenantId: string, id: string): Promise<CapacityRecordRow | undefined>;
  /**
   * Current records ordered by startTime, then scope (enterpriseId, level, id), capability
   * (kind, id), granularity, type and id (absent parts as ''; strings compared by code point).
   */
  listCapacityRecords(filter: CapacityRecordFilter, page: PageRequest): Promise<Page<CapacityRecordRow>>;

  // Commitments
  getCommitment(tenantId: string, id: string): Promise<CommitmentRecord | undefined>;
  /** Commitments newest first (createTime desc, then id desc). */
  listCommitments(filter: CommitmentFilter, page: PageRequest): Promise<Page<CommitmentRecord>>;

  // Demand and supply items
  /** Throws ALREADY_EXISTS when externalId is taken for the buyer. */
  createDemandItem(item: DemandItemRecord, event: NewFeedEvent): Promise<DemandItemRecord>;
  /**
   * Replaces demand items by id (creating those that do not exist) and appends the events, in
   * one transaction (an import). `expectedEtags[i]` '' or absent skips the check; a
   * mismatch (or an etag given for an item that does not exist) throws CONFLICT, an
   * externalId taken by another item ALREADY_EXISTS; nothing is written then.
   */
  saveDemandItems(items: DemandItemRecord[], events: NewFeedEvent[], expectedEtags?: readonly string[]): Promise<DemandItemRecord[]>;
  getDemandItem(tenantId: string, id: string): Promise<DemandItemRecord | undefined>;
  /** The buyer's item with this external id. */
  findDemandItemByExternalId(tenantId: string, buyerEnterpriseId: string, externalId: string): Promise<DemandItemRecord | undefined>;
  listDemandItems(filter: ItemFilter, page: PageRequest): Promise<Page<DemandItemRecord>>;
  /** Throws ALREADY_EXISTS when externalId is taken for the supplier. */
  createSupplyItem(item: SupplyItemRecord, event: NewFeedEvent): Promise<SupplyItemRecord>;
  /** As `saveDemandItems`, for supply items. */
  saveSupplyItems(items: SupplyItemRecord[], events: NewFeedEvent[], expectedEtags?: readonly string[]): Promise<SupplyItemRecord[]>;
  getSupplyItem(tenantId: string, id: string): Promise<SupplyItemRecord | undefined>;
  findSupplyItemByExternalId(tenantId: string, supplierEnterpriseId: string, externalId: string): Promise<SupplyItemRecord | undefined>;
  listSupplyItems(filter: ItemFilter, page: PageRequest): Promise<Page<SupplyItemRecord>>;

  // Matches
  /**
   * Stores new PROPOSED matches of one demand item and appends their events, in one
   * transaction; a PROPOSED match of the same (demand, supply) pair is deleted first
   * (ACCEPTED, REJECTED and EXPIRED ones stay). A match of another tenant or demand item is
   * INVALID_ARGUMENT; nothing is written then.
   */
  replaceProposedMatches(tenantId: string, demandItemId: string, matches: MatchRecord[], events: NewFeedEvent[]): Promise<void>;
  getMatch(tenantId: string, id: string): Promise<MatchRecord | undefined>;
  /** Matches ordered by demand item, then rank, then id. */
  listMatches(filter: MatchFilter, page: PageRequest): Promise<Page<MatchRecord>>;
  /**
   * Sets the status of PROPOSED matches (reject, expire) and appends the events made from
   * the updated matches, in one transaction. Matches no longer PROPOSED are left alone and
   * not returned.
   */
  updateProposedMatches(
    tenantId: string,
    ids: readonly string[],
    status: Exclude<MatchStatus, 'proposed' | 'accepted'>,
    now: number,
    events: (updated: MatchRecord[]) => NewFeedEvent[],
  ): Promise<MatchRecord[]>;
  /**
   * Accepts a PROPOSED match: match ACCEPTED, the commitment created, the demand item's
   * committedQuantity set (with a new etag and updateTime `now`), events appended — one
   * transaction. See `AcceptMatchResult`. Throws NOT_FOUND when the match's demand item is gone.
   */
  acceptMatch(input: AcceptMatchInput): Promise<AcceptMatchResult>;
}
