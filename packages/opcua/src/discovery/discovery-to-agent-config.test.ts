import { IdealUnitTimeSchema, LocalIdSchema, SignalSchema, isRongtongError } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { OpcuaConnectionConfigSchema } from '../opcua-source-config.js';
import type { DiscoveryResult } from './discovery-result.js';
import { discoveryToAgentConfig } from './discovery-to-agent-config.js';
import { PACKML_STATE_MAPPINGS } from './recognize-machines.js';
import { discover, p } from './test-support/plant-snapshot.js';

describe('discoveryToAgentConfig', () => {
  const result = discover();
  const { config, yaml } = discoveryToAgentConfig(result, { sourceId: 'plant-opcua' });

  it('makes one opcua source with the connection discovery used, and nothing secret', () => {
    expect(config.sources).toEqual([
      { id: 'plant-opcua', kind: 'opcua', endpointUrl: 'opc.tcp://plant:4840', securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' },
    ]);
    expect(config).not.toHaveProperty('agent');
    // The connector's own schema accepts it once the agent adds its pkiDir default.
    const { id: _id, kind: _kind, ...connection } = config.sources[0]!;
    expect(OpcuaConnectionConfigSchema.safeParse({ ...connection, pkiDir: '/var/lib/pki' }).success).toBe(true);
  });

  it('makes an equipment entry per machine, with identification and the ideal time the server states', () => {
    expect(config.equipment).toEqual([
      { id: 'Mill-1', name: '1号铣床', class: 'VendorMillType', manufacturer: 'Chongqing Machine Tool', serialNumber: 'SN-0042' },
      { id: 'Press7', name: 'Press7', class: 'PressType' },
      { id: 'Lathe2', name: 'Lathe2', class: 'MachineToolType' },
      { id: 'Line', name: 'Line', class: 'PackMLBaseObjectType', idealUnitTimes: [{ idealUnitTime: 428.571 }] },
    ]);
    for (const e of config.equipment) {
      expect(LocalIdSchema.safeParse(e.id).success).toBe(true);
      for (const t of e.idealUnitTimes ?? []) expect(IdealUnitTimeSchema.safeParse(t).success).toBe(true);
    }
  });

  it('lists the signals as core signals of their source, the PackML counters with their element and field', () => {
    expect(config.signals.map((s) => s.id)).toEqual([
      'Mill-1/state',
      'Mill-1/mode',
      'Mill-1/produced',
      'Mill-1/good',
      'Mill-1/job',
      'Mill-1/product',
      'Press7/state',
      'Line/state/execute',
      'Line/state/machine',
      'Line/state/base',
      'Line/produced',
      'Line/bad',
      'Line/mode',
      'Line/speed',
    ]);
    for (const s of config.signals) {
      expect(s.source).toBe('plant-opcua');
      const parsed = SignalSchema.safeParse({ ...s, source: s.address, unit: s.unit ?? '', stateMappings: s.stateMappings ?? [] });
      expect(parsed.success, `${s.id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    const good = config.signals.find((s) => s.id === 'Mill-1/good')!;
    expect(good).toEqual({
      id: 'Mill-1/good',
      equipment: 'Mill-1',
      source: 'plant-opcua',
      semantic: 'good_count',
      counter: { monotonic: true, resetsOnJob: true, wrapsAt: 4294967296 },
      address: { kind: 'opcua', nodeId: p('Mill1.Job.PartsGood'), typeDefinitionId: 'i=63', browsePath: '/6:Machines/1:Mill 1/4:Production/4:ProductionPlan/1:Job-42/4:PartsGood' },
    });
    expect(config.signals.find((s) => s.id === 'Line/produced')).toMatchObject({
      semantic: 'produced_count',
      counter: { monotonic: true },
      address: { kind: 'opcua', indexRange: '0', field: 'AccCount' },
    });
    expect(config.signals.find((s) => s.id === 'Line/bad')).toMatchObject({ semantic: 'bad_count', address: { indexRange: '0', field: 'AccCount' } });
    expect(config.signals.find((s) => s.id === 'Line/speed')!.unit).toBe('/min');
    expect(config.signals.find((s) => s.id === 'Line/state/base')!.stateMappings).toBe(PACKML_STATE_MAPPINGS);
  });

  it('writes YAML with the PackML mapping once (anchor and aliases) and the commented parts to fill in', () => {
    expect(yaml.match(/&packml-states/g)).toHaveLength(1);
    expect(yaml.match(/stateMappings: \*packml-states/g)).toHaveLength(2);
    expect(yaml).toContain('      - { rawState: Execute, bucket: apt }');
    expect(yaml).toContain('      - { rawState: Cleared }');
    expect(yaml).toContain('    # user: anonymous (default)');
    expect(yaml).toContain('    # pkiDir: default <stateDir>/pki/opcua');
    expect(yaml).toContain('# uplinks:');
    expect(yaml).toContain('    # path: [{ level: site, id: … }, { level: line, id: … }]');
    // The element counters as signals with their element and field, not commented.
    expect(yaml).toMatch(/\n {2}- id: Line\/produced\n(?: {4}.*\n)*? {4}semantic: produced_count\n(?: {4}.*\n)*? {6}indexRange: "0"\n {6}field: AccCount\n/);
    expect(yaml).not.toMatch(/# - \{ id: Line\//);
    // Suggestions for the unrecognised folder, commented.
    expect(yaml).toMatch(/# - \{ id: Old-press\/ShotCounter, equipment: Old-press, source: plant-opcua, semantic: cycle_count, counter: \{ monotonic: true, wrapsAt: 4294967296 \}/);
    expect(yaml).toContain('  # - { id: Old-press, name: Old press }');
    // Every line is a comment, a key or a list item, indented by two.
    for (const line of yaml.trimEnd().split('\n')) expect(line).toMatch(/^(?: {2})*(?:#.*|- .+|[^\s#-][^:]*:(?: .*)?)$/);
  });

  it('writes each value of the object form in the YAML', () => {
    for (const s of config.signals) {
      expect(yaml).toContain(`- id: ${s.id}\n`);
      expect(yaml).toContain(`nodeId: "${s.address.nodeId}"`);
    }
    expect(yaml).toContain('endpointUrl: "opc.tcp://plant:4840"');
    expect(yaml).toContain('name: "1号铣床"');
  });

  it('makes a whole config with an agent name, and takes other security', () => {
    const whole = discoveryToAgentConfig(result, { sourceId: 'x', agentName: '重庆 workshop', securityMode: 'None', endpointUrl: 'opc.tcp://10.0.0.5:4840' });
    expect(whole.config.agent).toEqual({ name: '重庆 workshop' });
    expect(whole.config.sources[0]).toMatchObject({ endpointUrl: 'opc.tcp://10.0.0.5:4840', securityMode: 'None', securityPolicy: 'None' });
    expect(whole.yaml).toMatch(/^agent:\n {2}name: 重庆 workshop\n/m);
    expect(whole.yaml).toContain('# securityMode None: nothing is signed or encrypted');
  });

  it('shows the discovery user without its password, and warnings', () => {
    const withUser: DiscoveryResult = {
      ...result,
      connection: { ...result.connection, user: { kind: 'username', username: 'operator' } },
      warnings: ['browse stopped at maxNodes'],
    };
    const { yaml: text } = discoveryToAgentConfig(withUser, { sourceId: 'x' });
    expect(text).toContain('# user: { username: operator, password: { env: RONGTONG_OPCUA_PASSWORD } }   # discovery ran as this user');
    expect(text).toContain('# warning: browse stopped at maxNodes');
  });

  it('writes an empty result as empty lists', () => {
    const empty: DiscoveryResult = { ...result, machines: [], unrecognised: [] };
    const { config: c, yaml: text } = discoveryToAgentConfig(empty, { sourceId: 'x' });
    expect(c.equipment).toEqual([]);
    expect(text).toContain('\nequipment: []\nsignals: []\n');
    expect(text).toContain('# No machine of OPC UA Machinery, Machine Tools or PackML was found.');
  });

  it('refuses a source id the agent would refuse', () => {
    try {
      discoveryToAgentConfig(result, { sourceId: 'bad id/1' });
      expect.unreachable();
    } catch (err) {
      expect(isRongtongError(err) && err.code).toBe('INVALID_ARGUMENT');
      expect(isRongtongError(err) && err.fieldViolations[0]?.path).toBe('sourceId');
    }
  });
});
