import { status } from '@grpc/grpc-js';
import { generateAgentKeyPair } from '@rongtong/core';
import type { Equipment } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EquipmentRecord } from '../src/store/records.js';
import {
  createEnterprise,
  createTenantWithAdmin,
  enrollAgent,
  equipmentOf,
  signalOf,
  startAdminTestServer,
  type AgentFixture,
  type TenantFixture,
} from './support/admin-fixtures.js';
import { failureOf, unary } from './support/grpc-call.js';
import type { TestServer } from './support/start-test-server.js';

describe('OnboardingService.DeclareEquipment and Enroll validation', () => {
  let server: TestServer;
  let tenant: TenantFixture;
  let enterpriseA: string;
  let enterpriseB: string;
  let agentA: AgentFixture;
  let agentB: AgentFixture;

  beforeAll(async () => {
    server = await startAdminTestServer();
    tenant = await createTenantWithAdmin(server, 'equipment');
    enterpriseA = (await createEnterprise(server, tenant.adminSecret, 21)).id;
    enterpriseB = (await createEnterprise(server, tenant.adminSecret, 22)).id;
    agentA = await enrollAgent(server, tenant.adminSecret, enterpriseA, 'agent-a');
    agentB = await enrollAgent(server, tenant.adminSecret, enterpriseB, 'agent-b');
  });

  afterAll(async () => {
    await server.close();
  });

  const declare = (equipment: Equipment[], secret: string) => unary(server.clients.onboarding, 'DeclareEquipment', { equipment }, secret);
  const invalid = (fields: string[]) => ({ status: status.INVALID_ARGUMENT, code: 'INVALID_ARGUMENT', fields });
  const denied = { status: status.PERMISSION_DENIED, code: 'PERMISSION_DENIED' };

  it('declares equipment for the agent own enterprise, idempotently', async () => {
    const hooked: EquipmentRecord[][] = [];
    server.ctx.events.on('equipmentDeclared', (e) => hooked.push(e));
    const before = await server.store.lastEventSeq();

    const first = await declare([equipmentOf('lathe-3'), equipmentOf('mill-1')], agentA.secret);
    expect(first.equipment.map((e) => e.id)).toEqual(['lathe-3', 'mill-1']);
    expect(first.equipment[0]).toMatchObject({
      enterpriseId: enterpriseA,
      agentId: agentA.agentId,
      path: [{ level: 'HIERARCHY_LEVEL_SITE', id: 'cq-1' }, { level: 'HIERARCHY_LEVEL_LINE', id: 'line-2' }],
      idealUnitTimes: [{ productId: '', idealUnitTime: { seconds: '30', nanos: 0 } }],
    });
    expect(first.equipment[0]?.signals[0]).toMatchObject({ id: 'lathe-3/state', source: 'opcUa', semantic: 'SIGNAL_SEMANTIC_MACHINE_STATE' });
    expect(first.equipment[0]?.signals[1]?.counter).toMatchObject({ monotonic: true, resetsOnJob: false, wrapsAt: 0 });
    expect(hooked).toHaveLength(1);

    // The same declaration again changes nothing: same times, no event, no hook.
    const again = await declare([equipmentOf('lathe-3'), equipmentOf('mill-1')], agentA.secret);
    expect(again.equipment).toEqual(first.equipment);
    expect(hooked).toHaveLength(1);
    const events = await server.store.readEvents({ tenantId: 'equipment', after: before, limit: 100, kinds: ['equipment_declared'] });
    expect(events.map((e) => e.equipmentId)).toEqual(['lathe-3', 'mill-1']);

    // A changed declaration replaces the stored one (signals missing from it are retired).
    const changed = await declare([equipmentOf('lathe-3', { signals: [signalOf('lathe-3/count')], model: 'CK6150' })], agentA.secret);
    expect(changed.equipment[0]).toMatchObject({ model: 'CK6150', createTime: first.equipment[0]?.createTime });
    expect(changed.equipment[0]?.signals.map((s) => s.id)).toEqual(['lathe-3/count']);
    expect((await server.store.getEquipment('equipment', 'lathe-3'))?.signals).toHaveLength(1);
  });

  it('refuses equipment of another enterprise with PERMISSION_DENIED', async () => {
    await declare([equipmentOf('press-b')], agentB.secret);
    expect(await failureOf(declare([equipmentOf('press-b')], agentA.secret))).toMatchObject(denied);
    expect(await failureOf(declare([equipmentOf('new-1', { enterpriseId: enterpriseB })], agentA.secret))).toMatchObject(denied);
    expect((await server.store.getEquipment('equipment', 'press-b'))?.enterpriseId).toBe(enterpriseB);
    expect(await server.store.getEquipment('equipment', 'new-1')).toBeUndefined();
    // Naming its own enterprise is fine.
    await declare([equipmentOf('own-1', { enterpriseId: enterpriseA })], agentA.secret);
  });

  it('needs the ingest scope and a token restricted to an enterprise', async () => {
    expect(await failureOf(declare([equipmentOf('x-1')], tenant.adminSecret))).toMatchObject(denied);
    const tenantWide = await unary(server.clients.admin, 'IssueApiToken', { scopes: ['SCOPE_INGEST'], ttl: { seconds: '60' } }, tenant.adminSecret);
    expect(await failureOf(declare([equipmentOf('x-1')], tenantWide.secret))).toMatchObject(denied);
    expect(await failureOf(declare([equipmentOf('x-1')], server.operatorSecret))).toMatchObject(denied);
    expect(await failureOf(declare([equipmentOf('x-1')], 'rtg_unknown'))).toMatchObject({ status: status.UNAUTHENTICATED, code: 'UNAUTHENTICATED' });
  });

  it('refuses a signal id already used by other equipment of the enterprise', async () => {
    await declare([equipmentOf('saw-1')], agentA.secret);
    const clash = await failureOf(declare([equipmentOf('saw-2', { signals: [signalOf('saw-1/count')] })], agentA.secret));
    expect(clash).toMatchObject({ status: status.ALREADY_EXISTS, code: 'ALREADY_EXISTS' });
    // Within one declaration, signals may move between the equipment it names.
    await declare([equipmentOf('saw-1', { signals: [] }), equipmentOf('saw-2', { signals: [signalOf('saw-1/count')] })], agentA.secret);
    // Another enterprise has its own signal namespace.
    await declare([equipmentOf('saw-b', { signals: [signalOf('saw-1/count')] })], agentB.secret);
  });

  it('names malformed equipment fields by their proto paths', async () => {
    const s = agentA.secret;
    expect(await failureOf(declare([], s))).toMatchObject(invalid(['equipment']));
    const semantic = await failureOf(declare([equipmentOf('e-1', { signals: [signalOf('e-1/a'), signalOf('e-1/b', { semantic: 42 as never })] })], s));
    expect(semantic).toMatchObject(invalid(['equipment.0.signals.1.semantic']));
    expect(semantic.message).toMatch(/unknown value 42/);
    const nodeId = await failureOf(declare([equipmentOf('e-1', { signals: [signalOf('e-1/a', { opcUa: { nodeId: 'not a node id' } })] })], s));
    expect(nodeId).toMatchObject(invalid(['equipment.0.signals.0.opc_ua.node_id']));
    const noSource = await failureOf(declare([equipmentOf('e-1', { signals: [{ id: 'e-1/a', semantic: 'SIGNAL_SEMANTIC_SPEED' }] })], s));
    expect(noSource).toMatchObject(invalid(['equipment.0.signals.0.source']));
    const counter = await failureOf(declare([equipmentOf('e-1', { signals: [signalOf('e-1/a', { counter: null })] })], s));
    expect(counter).toMatchObject(invalid(['equipment.0.signals.0.counter']));
    const mqtt = await failureOf(
      declare([equipmentOf('e-1', { signals: [signalOf('e-1/a', { opcUa: null, mqtt: { topic: 'a/+/b', jsonPath: 'state' } })] })], s),
    );
    expect(mqtt.fields.sort()).toEqual(['equipment.0.signals.0.mqtt.json_path', 'equipment.0.signals.0.mqtt.topic']);
    const level = await failureOf(declare([equipmentOf('ok'), equipmentOf('e-2', { path: [{ level: 'HIERARCHY_LEVEL_EQUIPMENT', id: 'x' }] })], s));
    expect(level).toMatchObject(invalid(['equipment.1.path.0.level']));
    const bucket = await failureOf(
      declare([equipmentOf('e-1', { signals: [signalOf('e-1/a', { semantic: 'SIGNAL_SEMANTIC_MACHINE_STATE', stateMappings: [{ rawState: 'x', bucket: 77 as never }] })] })], s),
    );
    expect(bucket).toMatchObject(invalid(['equipment.0.signals.0.state_mappings.0.bucket']));
    const rated = await failureOf(declare([equipmentOf('e-1', { ratedCapacityPerHour: { value: -1, unit: '' } })], s));
    expect(rated).toMatchObject(invalid(['equipment.0.rated_capacity_per_hour.value']));
    expect(await failureOf(declare([equipmentOf('bad id', { signals: [signalOf('fine/count')] })], s))).toMatchObject(invalid(['equipment.0.id']));
    expect(await failureOf(declare([equipmentOf('d-1'), equipmentOf('d-1')], s))).toMatchObject(invalid(['equipment.1.id']));
    const shared = await failureOf(declare([equipmentOf('d-1'), equipmentOf('d-2', { signals: [signalOf('d-1/count')] })], s));
    expect(shared).toMatchObject(invalid(['equipment.1.signals.0.id']));
    expect(await server.store.getEquipment('equipment', 'e-1')).toBeUndefined();
  });

  it('names malformed Enroll fields', async () => {
    const issued = await unary(server.clients.admin, 'IssueEnrollmentToken', { enterpriseId: enterpriseA, ttl: { seconds: '600' } }, tenant.adminSecret);
    const base = { enrollmentToken: issued.secret, publicKey: generateAgentKeyPair().publicKey, agentName: 'gw', agentVersion: '0.1.0' };
    const enroll = (overrides: object) => failureOf(unary(server.clients.onboarding, 'Enroll', { ...base, ...overrides }));
    expect(await enroll({ publicKey: new Uint8Array(31) })).toMatchObject(invalid(['public_key']));
    expect(await enroll({ publicKey: Buffer.from('-----BEGIN PUBLIC KEY-----') })).toMatchObject(invalid(['public_key']));
    expect(await enroll({ agentName: '' })).toMatchObject(invalid(['agent_name']));
    expect(await enroll({ agentName: 'x'.repeat(129) })).toMatchObject(invalid(['agent_name']));
    expect(await enroll({ agentVersion: 'latest' })).toMatchObject(invalid(['agent_version']));
    expect(await enroll({ enrollmentToken: '' })).toMatchObject(invalid(['enrollment_token']));
    // None of these used the token up.
    const ok = await unary(server.clients.onboarding, 'Enroll', base);
    expect(ok.enterpriseId).toBe(enterpriseA);
  });
});
