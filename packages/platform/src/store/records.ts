import type { Enterprise, Equipment, Scope, SharingLevel, Tenant } from '@rongtong/core';

/**
 * What the Store keeps. Times are ms since the Unix epoch; sequence numbers are bigint;
 * binary values are Uint8Array. Every record but a tenant belongs to exactly one tenant.
 */

/** A tenant as stored (all fields set). */
export type TenantRecord = Required<Pick<Tenant, 'id' | 'name' | 'createTime'>>;

/** An enterprise as stored: id, tenant, times and etag are always set. */
export type EnterpriseRecord = Enterprise & {
  id: string;
  tenantId: string;
  createTime: number;
  updateTime: number;
  etag: string;
};

/** The kind of a credential. */
export type TokenKind = 'enrollment' | 'api' | 'agent';

/** A credential. The secret itself is never stored: only its SHA-256 (`secretHash`, hex). */
export interface TokenRecord {
  id: string;
  /** Tenant it acts in; empty for the deployment operator's token, which may act in any tenant. */
  tenantId: string;
  kind: TokenKind;
  scopes: Scope[];
  /** Restricts the token to one enterprise's data; empty: the whole tenant. Always set for enrollment and agent tokens. */
  enterpriseId: string;
  /** For an agent token, the agent it belongs to; for a used enrollment token, the agent it enrolled. */
  agentId: string;
  description: string;
  /** Lower-case hex SHA-256 of the secret. */
  secretHash: string;
  createTime: number;
  /** 0: never expires. */
  expireTime: number;
  /** 0: not revoked. */
  revokeTime: number;
  revokeReason: string;
  /** For an enrollment token, when it was used; 0: unused. */
  useTime: number;
}

/** An enrolled agent and the head of its batch chain. */
export interface AgentRecord {
  id: string;
  tenantId: string;
  enterpriseId: string;
  name: string;
  hostname: string;
  agentVersion: string;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  /** Id of the agent's current credential. */
  tokenId: string;
  enrollTime: number;
  /** Seq of the last committed batch; 0n when none. */
  lastSeq: bigint;
  /** Digest of the last committed batch; 32 zero bytes when none. */
  lastDigest: Uint8Array;
  /** When the last batch was committed; 0 when none. */
  lastBatchTime: number;
}

/** Equipment as stored: the declared object plus the tenant, enterprise and agent it belongs to. */
export type EquipmentRecord = Equipment & {
  id: string;
  tenantId: string;
  enterpriseId: string;
  agentId: string;
  createTime: number;
  updateTime: number;
};

/** A committed batch, kept byte for byte so evidence can be re-verified. */
export interface BatchRecord {
  tenantId: string;
  agentId: string;
  seq: bigint;
  prevHash: Uint8Array;
  digest: Uint8Array;
  /** The BatchPayload bytes exactly as signed. */
  payload: Uint8Array;
  signature: Uint8Array;
  sharingLevel: SharingLevel;
  historical: boolean;
  commitTime: number;
}

/** The kinds of feed events (`rongtong.v1.EventKind` without the prefix, lower case). */
export type FeedEventKind =
  | 'batch_committed'
  | 'samples'
  | 'state_interval'
  | 'production_count'
  | 'kpi'
  | 'capacity_record'
  | 'gap'
  | 'equipment_declared'
  | 'agent_enrolled'
  | 'enterprise_changed'
  | 'demand_item'
  | 'supply_item'
  | 'match'
  | 'commitment'
  | 'token_revoked';

/** A feed event to append. `body` is the encoded `rongtong.v1.FeedEvent` without its cursor. */
export interface NewFeedEvent {
  tenantId: string;
  kind: FeedEventKind;
  /** '' when the event is not about one enterprise. */
  enterpriseId: string;
  /** '' when the event is not about one piece of equipment. */
  equipmentId: string;
  time: number;
  body: Uint8Array;
}

/** A stored feed event: its position `seq` is unique in the deployment and increases in commit order. */
export interface FeedEventRecord extends NewFeedEvent {
  seq: bigint;
}

/** One page of a listing. */
export interface Page<T> {
  items: T[];
  /** Opaque token for the next page; '' when this is the last. */
  nextPageToken: string;
}

/** Paging of a listing: `pageSize` 1…1000, `pageToken` from the previous page or ''. */
export interface PageRequest {
  pageSize: number;
  pageToken: string;
}
