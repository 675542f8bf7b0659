import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentConfigSchema } from '../../config/agent-config-schema.js';
import { checkConfigReferences } from '../../config/check-references.js';
import { validateAgentConfig } from '../../config/validate-agent-config.js';
import { opcuaAddressProblems } from './opcua-address-check.js';
import { connectorSignal, createOpcuaSourceFromConfig, opcuaSourceFactory } from './opcua-factory.js';
import { opcuaPkiDir } from './opcua-pki-dir.js';
import { OpcuaSourceConfigSchema } from './opcua-source-config.js';

const plc = { id: 'plc', kind: 'opcua', endpointUrl: 'opc.tcp://192.168.1.20:4840' };
const state = { id: 'm1/state', equipment: 'm1', source: 'plc', semantic: 'machine_state', address: { kind: 'opcua', nodeId: 'nsu=http://example.com/m/;s=State' } };
const config = {
  agent: { name: 'a' },
  sources: [plc],
  signals: [state],
  equipment: [{ id: 'm1', name: 'Machine 1' }],
  uplinks: [{ name: 'p', platform: '127.0.0.1:7600', sharing: 'raw', tls: false, insecure: true }],
};
const sink = { write: () => undefined };
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string; fieldViolations: { path: string; reason: string }[] };
  }
  throw new Error('expected an error');
};
const parse = (source: object) => OpcuaSourceConfigSchema.parse({ ...plc, ...source });

describe('opcua source kind', () => {
  it('is built in: the connector defaults, anonymous, no pkiDir (the state directory decides), no warning', () => {
    const report = validateAgentConfig(config);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    const source = report.config?.sources[0] as unknown as Record<string, unknown>;
    expect(source).toMatchObject({
      kind: 'opcua',
      securityMode: 'SignAndEncrypt',
      allowDeprecatedPolicies: false,
      user: { anonymous: true },
      pinnedServerCertificates: [],
      samplingInterval: 250,
      publishingInterval: 1000,
      backoff: {},
    });
    expect(source.pkiDir).toBeUndefined();
    expect(opcuaPkiDir(source as { pkiDir?: string }, './rongtong-state')).toBe(join('rongtong-state', 'pki', 'opcua'));
    expect(opcuaPkiDir({ pkiDir: '/pki/plc' }, './rongtong-state')).toBe('/pki/plc');
  });

  it('takes the password as a secret and the user certificate and key as files; inline passwords warn', () => {
    const withUser = (user: object, extra: object = {}) => validateAgentConfig({ ...config, sources: [{ ...plc, user, ...extra }] });
    const inline = withUser({ username: 'op', password: { value: 'inline-pass' } });
    expect(inline.errors).toEqual([]);
    expect(inline.warnings.map((w) => w.path)).toEqual(['sources.0.user.password']);
    expect(JSON.stringify(inline)).not.toContain('inline-pass');
    expect(withUser({ certificate: '/u.pem', privateKey: '/u.key' }).errors).toEqual([]);
    expect(withUser({ certificate: '/u.pem', privateKey: { file: '/u.key' } }).errors.map((e) => e.path)).toEqual(['sources.0.user.privateKey']);
    expect(withUser({ anonymous: false }).errors.map((e) => e.path)).toEqual(['sources.0.user.anonymous']);
    expect(withUser({}).errors.map((e) => e.path)).toEqual(['sources.0.user']);
    // A password on an endpoint without message security is allowed, with a warning.
    expect(withUser({ username: 'op', password: { env: 'P' } }, { securityMode: 'None' }).warnings.map((w) => w.path)).toEqual(['sources.0.securityMode']);
  });

  it('warns when sources share a PKI folder under different application names', () => {
    const sources = [plc, { ...plc, id: 'plc-2', applicationName: 'Other name' }, { ...plc, id: 'plc-3', applicationName: 'Third', pkiDir: '/pki/3' }];
    const signals = [state, { ...state, id: 'm1/s2', source: 'plc-2' }, { ...state, id: 'm1/s3', source: 'plc-3' }];
    const report = validateAgentConfig({ ...config, sources, signals });
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => `${w.path}: ${w.reason}`)).toEqual([
      expect.stringMatching(/^sources\.1\.applicationName: "Other name" differs from sources\.0 \("Rongtong agent"\), which uses the same PKI folder rongtong-state\/pki\/opcua/),
    ]);
  });

  it('validate --resolve checks the password secret and the user certificate files', () => {
    const parsed = AgentConfigSchema.parse({
      ...config,
      sources: [
        { ...plc, user: { username: 'op', password: { env: 'OPCUA_PASSWORD' } } },
        { ...plc, id: 'plc-2', user: { certificate: '/no/user.pem', privateKey: '/user.key' } },
      ],
      signals: [state, { ...state, id: 'm1/s2', source: 'plc-2' }],
    });
    const access = (path: string) => {
      if (path.startsWith('/no/')) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    };
    expect(checkConfigReferences(parsed, { env: {}, access })).toEqual([
      { path: 'sources.0.user.password', reason: 'environment variable OPCUA_PASSWORD is not set' },
      { path: 'sources.1.user.certificate', reason: 'cannot read /no/user.pem (ENOENT)' },
    ]);
    expect(checkConfigReferences(parsed, { env: { OPCUA_PASSWORD: 'p' }, access: () => undefined })).toEqual([]);
  });

  it('an address must be one a server can have', () => {
    const problems = (nodeId: string) => opcuaAddressProblems({ kind: 'opcua', nodeId }).map((p) => `${p.path.join('.')}: ${p.message}`);
    expect(problems('ns=65535;i=4294967295')).toEqual([]);
    expect(problems('nsu=urn:x;s=i=99999999999')).toEqual([]);
    expect(problems('i=4294967296')).toEqual(['nodeId: numeric identifier 4294967296 is beyond 4294967295 (UInt32), the largest an OPC UA NodeId can have']);
    expect(problems('ns=65536;s=x')).toEqual(['nodeId: namespace index 65536 is beyond 65535, the largest an OPC UA NodeId can have']);
    const report = validateAgentConfig({ ...config, signals: [{ ...state, address: { kind: 'opcua', nodeId: 'ns=2;i=5000000000' } }] });
    expect(report.errors.map((e) => e.path)).toEqual(['signals.0.address.nodeId']);
  });

  it('reads a part of a value and intervals of its own from the address, checked where they are written', () => {
    const counter = {
      ...state,
      id: 'm1/produced',
      semantic: 'produced_count',
      counter: { monotonic: true },
      address: { kind: 'opcua', nodeId: 'nsu=http://opcfoundation.org/UA/PackML/;i=6', indexRange: '0', field: 'AccCount', samplingInterval: 0, publishingInterval: 200 },
    };
    const report = validateAgentConfig({ ...config, signals: [state, counter] });
    expect(report.errors).toEqual([]);
    const parsed = report.config!.signals[1]!.address!;
    expect(parsed.kind === 'opcua' && connectorSignal('m1/produced', parsed)).toEqual({
      id: 'm1/produced',
      nodeId: 'nsu=http://opcfoundation.org/UA/PackML/;i=6',
      indexRange: '0',
      field: 'AccCount',
      samplingInterval: 0,
      publishingInterval: 200,
    });
    expect(connectorSignal('m1/state', { kind: 'opcua', nodeId: 'ns=2;i=7' })).toEqual({ id: 'm1/state', nodeId: 'ns=2;i=7' });
    const bad = validateAgentConfig({
      ...config,
      signals: [{ ...counter, address: { ...counter.address, indexRange: '2:1', field: 'Acc Count', publishingInterval: 1, extra: true } }],
    });
    expect(bad.errors.map((e) => e.path).sort()).toEqual([
      'signals.0.address.extra',
      'signals.0.address.field',
      'signals.0.address.indexRange',
      'signals.0.address.publishingInterval',
    ]);
  });

  it('create names the field of a secret or file it cannot read, at the source entry, and needs a PKI folder', () => {
    const password = parse({ user: { username: 'op', password: { env: 'RONGTONG_TEST_UNSET_OPCUA_PASSWORD' } } });
    const signals = AgentConfigSchema.parse(config).signals;
    expect(errorOf(() => createOpcuaSourceFromConfig(password, { sink, signals, configPath: 'sources.2', stateDir: '/state' })).fieldViolations).toEqual([
      { path: 'sources.2.user.password', reason: 'environment variable RONGTONG_TEST_UNSET_OPCUA_PASSWORD is not set' },
    ]);
    const files = parse({ user: { certificate: '/nonexistent/user.pem', privateKey: '/nonexistent/user.key' } });
    const err = errorOf(() => createOpcuaSourceFromConfig(files, { sink, signals, configPath: 'sources.0' }));
    expect(err.code).toBe('INVALID_CONFIG');
    expect(err.fieldViolations).toEqual([
      { path: 'sources.0.user.certificate', reason: 'cannot read /nonexistent/user.pem (ENOENT)' },
      { path: 'sources.0.user.privateKey', reason: 'cannot read /nonexistent/user.key (ENOENT)' },
      { path: 'sources.0.pkiDir', reason: "required when the source is made without the agent's stateDir (the default is <stateDir>/pki/opcua)" },
    ]);
    // What the connector finds wrong (a file that is not a PEM certificate) is at the agent's field too.
    const notPem = errorOf(() => createOpcuaSourceFromConfig(files, { sink, signals, configPath: 'sources.0', stateDir: '/state' }, { readPem: () => 'not PEM' }));
    expect(notPem.fieldViolations).toEqual([{ path: 'sources.0.user.certificate', reason: 'is not a PEM certificate' }]);
    // Signals without an opcua address (validate reports them first) are named by id.
    const byId = errorOf(() => opcuaSourceFactory.create(parse({ pkiDir: '/pki' }), { sink, signals: [{ ...signals[0]!, address: undefined }] }));
    expect(byId.fieldViolations.map((v) => v.path)).toEqual(['signals[id=m1/state].address']);
  });

  it('makes a source that is idle until started, with zero counters named for /status and metrics', async () => {
    const parsed = AgentConfigSchema.parse(config);
    const source = opcuaSourceFactory.create(parsed.sources[0] as never, { sink, signals: parsed.signals, configPath: 'sources.0', stateDir: '/state' });
    expect(source).toMatchObject({ id: 'plc', kind: 'opcua', state: 'idle' });
    expect(source.counters?.()).toEqual({
      notifications: 0,
      samples: 0,
      gap_samples: 0,
      dropped_samples: 0,
      connections: 0,
      reconnects: 0,
      connection_losses: 0,
      failed_attempts: 0,
      items_bad: 0,
      skipped_values_array: 0,
      skipped_values_unsupported_type: 0,
      skipped_values_no_value: 0,
      part_failures_not_one_element: 0,
      part_failures_not_a_structure: 0,
      part_failures_missing_field: 0,
    });
    await source.stop();
    expect(source.state).toBe('closed');
  });
});
