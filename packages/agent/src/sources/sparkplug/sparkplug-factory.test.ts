import { describe, expect, it } from 'vitest';
import { AgentConfigSchema } from '../../config/agent-config-schema.js';
import { checkConfigReferences } from '../../config/check-references.js';
import { validateAgentConfig } from '../../config/validate-agent-config.js';
import { SparkplugSourceConfigSchema } from './sparkplug-source-config.js';
import { createSparkplugSourceFromConfig, sparkplugSourceFactory } from './sparkplug-factory.js';
import { sparkplugSignalPattern } from './sparkplug-template-signals.js';

const host = { id: 'sp', kind: 'sparkplug', url: 'mqtt://127.0.0.1:1883', hostId: 'rongtong-1', groups: ['Plant1'] };
const address = (metricName: string, deviceId?: string) => ({ kind: 'sparkplug', groupId: 'Plant1', edgeNodeId: 'GW1', ...(deviceId ? { deviceId } : {}), metricName });
const config = {
  agent: { name: 'a' },
  sources: [host],
  signals: [
    { id: 'press-3/good', equipment: 'press-3', source: 'sp', semantic: 'good_count', counter: { monotonic: true }, address: address('Production/Good', 'Press3') },
    { id: 'Plant1/GW1/Press3/Process/Temperature', equipment: 'press-3', source: 'sp', semantic: 'measurement' },
  ],
  equipment: [{ id: 'press-3', name: 'Press 3' }],
  uplinks: [{ name: 'p', platform: '127.0.0.1:7600', sharing: 'raw', tls: false, insecure: true }],
};
const errorsOf = (raw: unknown) => validateAgentConfig(raw).errors.map((e) => `${e.path}: ${e.reason}`);
const sink = { write: () => undefined };

describe('sparkplug source kind', () => {
  it('is built in: exact addresses and template ids validate with the connector defaults and a clean session', () => {
    const report = validateAgentConfig(config);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.config?.sources[0]).toMatchObject({
      kind: 'sparkplug',
      clean: true,
      qos: 1,
      signalIdTemplate: '{group}/{node}/{device}/{metric}',
      unboundMetrics: 'template',
      requestRebirth: true,
      hierarchy: { group: 'line', edgeNode: 'cell' },
    });
  });

  it('a signal id template gives device and edge node metric ids; other ids need an address', () => {
    const p = sparkplugSignalPattern('{group}/{node}/{device}/{metric}');
    expect(['Plant1/GW1/Press3/Production/Good', 'Plant1/GW1/Temperature', 'P.1/G-1/D:3/a/b/c'].map((id) => p.test(id))).toEqual([true, true, true]);
    expect(['Plant1/GW1', 'Plant1//Temp', 'press 3/x/y'].map((id) => p.test(id))).toEqual([false, false, false]);
    const flat = sparkplugSignalPattern('sp.{node}.{device}.{metric}');
    expect(['sp.GW1.Press3.Good', 'sp.GW1.Good', 'sp.GW1.Press3.Production/Good'].map((id) => flat.test(id))).toEqual([true, true, true]);
    expect(flat.test('xx.GW1.Good')).toBe(false);

    const signals = [...config.signals, { id: 'press-3/state', equipment: 'press-3', source: 'sp', semantic: 'machine_state' }];
    expect(errorsOf({ ...config, signals })).toEqual([
      'signals.2.address: required for a signal of sparkplug source "sp": where to read it; signalIdTemplate "{group}/{node}/{device}/{metric}" cannot give a metric the id "press-3/state" (bind it by address: { kind: sparkplug, groupId, edgeNodeId, deviceId?, metricName })',
    ]);
    expect(errorsOf({ ...config, sources: [{ ...host, unboundMetrics: 'ignore' }] })).toEqual([
      'signals.1.address: required for a signal of sparkplug source "sp": where to read it; unboundMetrics is ignore, so only metrics bound by a sparkplug address give samples',
    ]);
  });

  it('reports an address of a group the source does not subscribe to, of another kind, and the host-only rules', () => {
    const other = { ...config.signals[0], address: { ...address('Production/Good', 'Press3'), groupId: 'Plant2' } };
    expect(errorsOf({ ...config, signals: [other] })).toEqual(['signals.0.address.groupId: group "Plant2" is not subscribed by source "sp" (groups: Plant1)']);
    const mqtt = { ...config.signals[0], address: { kind: 'mqtt', topic: 'a/b' } };
    expect(validateAgentConfig({ ...config, signals: [mqtt] }).errors.map((e) => e.path)).toEqual(['signals.0.address.kind']);
    const bad = { ...host, clean: false, groups: ['STATE'], hostId: 'a/b', password: 'bare', tls: { ca: '/ca.pem' } };
    expect(validateAgentConfig({ ...config, sources: [bad] }).errors.map((e) => e.path)).toEqual([
      'sources.0.clean',
      'sources.0.password',
      'sources.0.hostId',
      'sources.0.groups.0',
    ]);
  });

  it('takes the password as a secret and TLS as files, checked by validate --resolve', () => {
    const parsed = AgentConfigSchema.parse({ ...config, sources: [{ ...host, url: 'mqtts://b:8883', username: 'u', password: { env: 'SP_PASSWORD' }, tls: { ca: '/no/ca.pem' } }] });
    const access = (path: string) => {
      if (path.startsWith('/no/')) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    };
    expect(checkConfigReferences(parsed, { env: {}, access, readFile: () => 'x' })).toEqual([
      { path: 'sources.0.password', reason: 'environment variable SP_PASSWORD is not set' },
      { path: 'sources.0.tls.ca', reason: 'cannot read /no/ca.pem (ENOENT)' },
    ]);
    const source = SparkplugSourceConfigSchema.parse({ ...host, url: 'mqtts://b:8883', username: 'u', password: { env: 'RONGTONG_TEST_UNSET_SP' }, tls: { ca: '/nonexistent/ca.pem' } });
    let error: { code?: string; fieldViolations?: { path: string }[] } = {};
    try {
      createSparkplugSourceFromConfig(source, { sink, signals: [], configPath: 'sources.1' });
    } catch (err) {
      error = err as typeof error;
    }
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.fieldViolations?.map((v) => v.path)).toEqual(['sources.1.password', 'sources.1.tls.ca']);
  });

  it('binds exact addresses and makes a host that is idle until started, with counters', async () => {
    const parsed = AgentConfigSchema.parse(config);
    const source = sparkplugSourceFactory.create(parsed.sources[0] as never, { sink, signals: parsed.signals, configPath: 'sources.0' });
    expect(source).toMatchObject({ id: 'sp', kind: 'sparkplug', state: 'idle' });
    expect(source.counters?.()).toMatchObject({ messages: 0, births: 0, seq_gaps: 0, rebirth_requests: 0, payload_errors_unknown_metric: 0 });
    await source.stop();
    expect(source.state).toBe('closed');
  });
});
