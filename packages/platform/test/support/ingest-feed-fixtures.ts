import { GENESIS_PREV_HASH, generateAgentKeyPair, sealBatch, type AgentKeyPair, type Scope } from '@rongtong/core';
import { batchPayloadCodec, timestampFromMillis, type BatchPayload, type Sample, type SignedBatch } from '@rongtong/protocol';
import { generateSecret, newId } from '../../src/auth/token-secret.js';
import { enterpriseEvent } from '../../src/services/admin/enterprise-rpcs.js';
import { enrollAgentInput } from '../../src/services/onboarding/enroll-rpc.js';
import type { EnterpriseRecord, EquipmentRecord } from '../../src/store/records.js';
import { creditCode } from './admin-fixtures.js';
import type { TestServer } from './start-test-server.js';

/**
 * Ingest and feed fixtures made directly through the Store (fast enough for tens of
 * thousands of events, and independent of the admin and onboarding services): tenants,
 * enterprises, enrolled agents that keep their private key, equipment, API tokens, and
 * signed batches that continue an agent's chain.
 */

/** An enrolled agent that can sign batches, with its chain as the test has sealed it. */
export interface SigningAgent {
  tenantId: string;
  enterpriseId: string;
  agentId: string;
  /** The agent credential (scope `ingest`). */
  secret: string;
  tokenId: string;
  keys: AgentKeyPair;
  /** Seq and digest of the last batch sealed with `sealNext`. */
  head: { seq: bigint; digest: Uint8Array };
}

let counter = 0;

/** Creates a tenant (id `tenantId`) in the store. */
export async function createTenant(server: TestServer, tenantId: string): Promise<void> {
  await server.store.createTenant({ id: tenantId, name: `租户 ${tenantId}`, createTime: server.clock.now() });
}

/** Creates an enterprise of the tenant in the store (with its ENTERPRISE_CHANGED event); returns its id. */
export async function createEnterprise(server: TestServer, tenantId: string): Promise<string> {
  counter += 1;
  const now = server.clock.now();
  const record: EnterpriseRecord = {
    id: newId('ent'),
    tenantId,
    unifiedSocialCreditCode: creditCode(7000 + counter),
    name: `重庆供应商 ${counter}`,
    chainLeader: false,
    certifications: [],
    createTime: now,
    updateTime: now,
    etag: '1',
  };
  await server.store.createEnterprise(record, enterpriseEvent(record, now));
  return record.id;
}

/**
 * Enrols a new agent of the enterprise through the store, as OnboardingService.Enroll
 * would (one-time enrollment token → agent + credential + AGENT_ENROLLED event).
 */
export async function enrollSigningAgent(server: TestServer, tenantId: string, enterpriseId: string): Promise<SigningAgent> {
  const enrollment = await server.createToken({ tenantId, enterpriseId, kind: 'enrollment', scopes: [] });
  const keys = generateAgentKeyPair();
  const secret = generateSecret('agent');
  const fields = { agentName: 'gateway', hostname: 'gw-1', agentVersion: '0.1.0', publicKey: keys.publicKey };
  const result = await server.store.enrollAgent(enrollAgentInput(enrollment.secret, fields, secret, server.clock.now()));
  if (!result.ok) throw new Error(`enrolment failed: ${result.reason}`);
  const { agent, agentToken } = result;
  return { tenantId, enterpriseId, agentId: agent.id, secret, tokenId: agentToken.id, keys, head: { seq: 0n, digest: GENESIS_PREV_HASH } };
}

/** Issues an API token of the tenant (optionally restricted to an enterprise); returns its secret and id. */
export async function issueApiToken(
  server: TestServer,
  tenantId: string,
  scopes: Scope[],
  enterpriseId = '',
): Promise<{ secret: string; tokenId: string }> {
  const { token, secret } = await server.createToken({ tenantId, kind: 'api', scopes, enterpriseId });
  return { secret, tokenId: token.id };
}

/** Declares equipment `equipmentId` with measurement signals `signalIds` for the agent (no event: not needed here). */
export async function declareEquipment(server: TestServer, agent: SigningAgent, equipmentId: string, signalIds: string[]): Promise<void> {
  const now = server.clock.now();
  const record: EquipmentRecord = {
    id: equipmentId,
    tenantId: agent.tenantId,
    enterpriseId: agent.enterpriseId,
    agentId: agent.agentId,
    name: equipmentId,
    path: [],
    idealUnitTimes: [],
    capabilities: [],
    signals: signalIds.map((id) => ({ id, source: { kind: 'mqtt', topic: `t/${id}` }, semantic: 'measurement', unit: '', stateMappings: [] })),
    createTime: now,
    updateTime: now,
  };
  await server.store.upsertEquipment([record], []);
}

/** A double sample of `signalId` at `time` (ms). */
export function sampleOf(signalId: string, value: number, time = 1_700_000_000_000): Sample {
  return {
    signalId,
    sourceTime: timestampFromMillis(time),
    serverTime: timestampFromMillis(time),
    value: { doubleValue: value },
    quality: 'QUALITY_GOOD',
  };
}

/** The encoded BatchPayload with the given content (RAW by default). */
export function payloadOf(content: Partial<BatchPayload> = {}): Uint8Array {
  return batchPayloadCodec.encode({ sharingLevel: 'SHARING_LEVEL_RAW', createTime: timestampFromMillis(1_700_000_000_000), ...content });
}

/** Seals `payload` as batch `seq` with `prevHash` by the agent's key, as a proto SignedBatch (the agent's head is not moved). */
export function sealAt(agent: SigningAgent, seq: bigint, prevHash: Uint8Array, payload: Uint8Array): { batch: SignedBatch; digest: Uint8Array } {
  const sealed = sealBatch({ agentId: agent.agentId, seq, prevHash, payload }, agent.keys.privateKeyPem);
  return {
    batch: {
      agentId: agent.agentId,
      seq: seq.toString(),
      prevHash: Buffer.from(sealed.batch.prevHash),
      payload: Buffer.from(sealed.batch.payload),
      signature: Buffer.from(sealed.batch.signature),
    },
    digest: sealed.digest,
  };
}

/** Seals the next batch of the agent's chain and moves its head. */
export function sealNext(agent: SigningAgent, payload: Uint8Array = payloadOf()): SignedBatch {
  const seq = agent.head.seq + 1n;
  const { batch, digest } = sealAt(agent, seq, agent.head.digest, payload);
  agent.head = { seq, digest };
  return batch;
}
