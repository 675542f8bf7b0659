import { createHash } from 'node:crypto';
import { organizationCodeCheckCharacter, unifiedSocialCreditCodeCheckCharacter } from '@rongtong/core';
import type {
  BatchRecord,
  EnterpriseRecord,
  EquipmentRecord,
  FeedEventKind,
  NewFeedEvent,
  TenantRecord,
  TokenRecord,
} from '@rongtong/platform';

/**
 * Valid, realistic records for the contract suites. Every builder is deterministic, so a
 * failing assertion shows the same values on every run.
 */

/** A fixed point in time (2025-01-01T00:00:00Z) the fixtures count from. */
export const T0 = Date.UTC(2025, 0, 1);

/** Lower-case hex SHA-256, as the store keeps secrets. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 bytes of `text`. */
export function sha256(text: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text, 'utf8').digest());
}

/** `length` bytes cycling through every value 0…255 from `start` (zeros and 0xff included). */
export function bytes(length: number, start = 0): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) out[i] = (start + i) % 256;
  return out;
}

/** A valid unified social credit code (GB 32100, both check characters right), distinct for each `n`. */
export function creditCode(n: number): string {
  const organization = String(n).padStart(8, '0');
  const first17 = `91500112${organization}${organizationCodeCheckCharacter(organization)}`;
  return `${first17}${unifiedSocialCreditCodeCheckCharacter(first17)}`;
}

/** A tenant. */
export function tenantRecord(id: string, createTime = T0): TenantRecord {
  return { id, name: `链 ${id}`, createTime };
}

/** An enterprise of `tenantId`; `n` picks its credit code. */
export function enterpriseRecord(tenantId: string, id: string, n: number, overrides: Partial<EnterpriseRecord> = {}): EnterpriseRecord {
  return {
    id,
    tenantId,
    unifiedSocialCreditCode: creditCode(n),
    name: `重庆某某精密机械有限公司 ${id}`,
    sizeClass: 'small',
    designation: 'specialized',
    chainLeader: false,
    regionCode: '500112',
    certifications: ['ISO9001', 'IATF16949'],
    identifierPrefix: '88.123.45',
    createTime: T0,
    updateTime: T0,
    etag: `${id}-v1`,
    ...overrides,
  };
}

/** An API token of `tenantId` (secret hash derived from the id). */
export function tokenRecord(tenantId: string, id: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    id,
    tenantId,
    kind: 'api',
    scopes: ['feed:read', 'capacity:read'],
    enterpriseId: '',
    agentId: '',
    description: `token ${id} 说明`,
    secretHash: sha256Hex(`secret of ${id}`),
    createTime: T0,
    expireTime: 0,
    revokeTime: 0,
    revokeReason: '',
    useTime: 0,
    ...overrides,
  };
}

/** An unused enrollment token for one enterprise. */
export function enrollmentTokenRecord(tenantId: string, enterpriseId: string, id: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return tokenRecord(tenantId, id, { kind: 'enrollment', scopes: [], enterpriseId, expireTime: T0 + 86_400_000, ...overrides });
}

/** A feed event; the body is `bodySize` bytes of every value, starting at `seed`. */
export function feedEvent(
  tenantId: string,
  kind: FeedEventKind,
  about: { enterpriseId?: string; equipmentId?: string; time?: number; seed?: number; bodySize?: number } = {},
): NewFeedEvent {
  return {
    tenantId,
    kind,
    enterpriseId: about.enterpriseId ?? '',
    equipmentId: about.equipmentId ?? '',
    time: about.time ?? T0,
    body: bytes(about.bodySize ?? 40, about.seed ?? 0),
  };
}

/** Equipment of an enterprise, with a full declaration (path, capabilities, signals of each source kind). */
export function equipmentRecord(tenantId: string, enterpriseId: string, id: string, overrides: Partial<EquipmentRecord> = {}): EquipmentRecord {
  return {
    id,
    tenantId,
    enterpriseId,
    agentId: 'agt-1',
    name: `${id} 号数控车床`,
    path: [
      { level: 'site', id: 'cq-plant-1', name: '重庆一厂' },
      { level: 'line', id: 'line-2' },
    ],
    equipmentClass: 'cnc-lathe',
    manufacturer: 'Example Machine Tools',
    ratedCapacityPerHour: { value: 120.5, unit: '' },
    idealUnitTimes: [{ idealUnitTime: 29.75 }, { productId: 'brake-disc-A', idealUnitTime: 31 }],
    capabilities: [{ kind: 'process_segment', id: 'machining.turning', name: '数控车削' }],
    signals: [
      {
        id: `${id}/state`,
        source: { kind: 'opcua', nodeId: 'nsu=http://example.com/;s=Lathe.State', browsePath: '/2:Machines/3:Lathe' },
        semantic: 'machine_state',
        unit: '',
        stateMappings: [{ rawState: 'Execute', bucket: 'apt' }, { rawState: 'Held' }],
      },
      {
        id: `${id}/good`,
        source: { kind: 'mqtt', topic: 'factory/lathe/status', jsonPath: '$.counters.good' },
        semantic: 'good_count',
        unit: '',
        counter: { monotonic: true, resetsOnJob: true, wrapsAt: 65536 },
        stateMappings: [],
      },
      {
        id: `${id}/custom`,
        source: { kind: 'custom', sourceType: 'modbus', attributes: { register: '40001', $weird: 'kept as is' } },
        semantic: 'measurement',
        unit: 'Cel',
        stateMappings: [],
      },
    ],
    createTime: T0,
    updateTime: T0,
    ...overrides,
  };
}

/** 32 zero bytes: the prev_hash of an agent's first batch. */
export const GENESIS = new Uint8Array(32);

/** The digest the fixtures give batch `seq` of `agentId`. */
export function batchDigest(agentId: string, seq: bigint): Uint8Array {
  return sha256(`${agentId}#${seq}`);
}

/** Batch `seq` of an agent, chained to `prevHash` (the previous fixture batch by default). */
export function batchRecord(tenantId: string, agentId: string, seq: bigint, overrides: Partial<BatchRecord> = {}): BatchRecord {
  return {
    tenantId,
    agentId,
    seq,
    prevHash: seq === 1n ? GENESIS : batchDigest(agentId, seq - 1n),
    digest: batchDigest(agentId, seq),
    payload: bytes(300 + Number(seq % 7n), Number(seq % 256n)),
    signature: bytes(64, 200),
    sharingLevel: 'kpi',
    historical: false,
    commitTime: T0 + Number(seq % 1_000_000n) * 1000,
    ...overrides,
  };
}
