import { describe, expect, it } from 'vitest';
import { AgentConfigSchema } from '../../config/agent-config-schema.js';
import { checkConfigReferences } from '../../config/check-references.js';
import { SecretRef } from '../../config/secret-ref.js';
import { validateAgentConfig } from '../../config/validate-agent-config.js';
import { MqttSourceConfigSchema } from './mqtt-source-config.js';
import { createMqttSourceFromConfig, mqttSourceFactory } from './mqtt-factory.js';
import { readMqttTlsFiles } from './mqtt-tls-files.js';

const broker = {
  id: 'broker',
  kind: 'mqtt',
  url: 'mqtt://127.0.0.1:1883',
  topics: [{ topic: 'f/{line}/{machine}/telemetry', equipment: '{machine}', fields: [{ path: '$.state', signal: '{machine}/state' }, { path: '$.temp', signal: '{machine}/temp' }] }],
};
const config = {
  agent: { name: 'a' },
  sources: [broker],
  signals: [
    { id: 'press-3/state', equipment: 'press-3', source: 'broker', semantic: 'machine_state' },
    { id: 'press-3/job', equipment: 'press-3', source: 'broker', semantic: 'job', address: { kind: 'mqtt', topic: 'mes/press-3', jsonPath: '$.job' } },
  ],
  equipment: [{ id: 'press-3', name: 'Press 3' }],
  uplinks: [{ name: 'p', platform: '127.0.0.1:7600', sharing: 'raw', tls: false, insecure: true }],
};
const paths = (raw: unknown) => validateAgentConfig(raw).errors.map((e) => e.path);
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string; fieldViolations: { path: string; reason: string }[] };
  }
  throw new Error('expected an error');
};
const sink = { write: () => undefined };

describe('mqtt source kind', () => {
  it('is built in: a config with templates and an exact address validates with no warning', () => {
    const report = validateAgentConfig(config);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.config?.sources[0]).toMatchObject({ kind: 'mqtt', protocolVersion: 4, qos: 1, clean: true, keepaliveSeconds: 60, maxQueuedSamples: 10_000 });
  });

  it('a signal without an address must be one a template produces; exact addresses must be readable', () => {
    const signals = [
      ...config.signals,
      { id: 'press-3/speed', equipment: 'press-3', source: 'broker', semantic: 'speed' },
      { id: 'press-3/load', equipment: 'press-3', source: 'broker', semantic: 'measurement', address: { kind: 'mqtt', topic: 'a/b', jsonPath: '$.p[*].v', timestampJsonPath: '$.q[*].t' } },
    ];
    const report = validateAgentConfig({ ...config, signals });
    expect(report.errors.map((e) => `${e.path}: ${e.reason}`)).toEqual([
      'signals.2.address: required for a signal of mqtt source "broker": where to read it; no topic template produces "press-3/speed" (template signals: {machine}/state, {machine}/temp)',
      expect.stringMatching(/^signals\.3\.address\.timestampJsonPath: a timestamp path with \[\*\] must have it at the same place as the value path/),
    ]);
    const badId = validateAgentConfig({ ...config, signals: [...config.signals, { id: 'press 3/temp', equipment: 'press-3', source: 'broker', semantic: 'measurement' }] });
    expect(badId.errors.map((e) => e.path)).toEqual(['signals.2.id']);
    const noTopics = validateAgentConfig({ ...config, sources: [{ ...broker, topics: [] }] });
    expect(noTopics.errors.map((e) => `${e.path}: ${e.reason}`)).toEqual([
      'signals.0.address: required for a signal of mqtt source "broker": where to read it; it has no topic templates that could produce "press-3/state"',
    ]);
  });

  it('takes the password as a secret and TLS as files; inline secrets warn, like uplink tokens', () => {
    const source = { ...broker, url: 'mqtts://broker.local:8883', username: 'u', password: { value: 'inline-pass' }, tls: { ca: '/ca.pem', passphrase: { value: 'p' } } };
    const report = validateAgentConfig({ ...config, sources: [source] });
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => w.path)).toEqual(['sources.0.password', 'sources.0.tls.passphrase']);
    expect(JSON.stringify(report)).not.toContain('inline-pass');
    expect(paths({ ...config, sources: [{ ...source, tls: { ca: '/ca.pem', key: '/k.pem' } }] })).toEqual(['sources.0.tls.cert']);
    expect(paths({ ...config, sources: [{ ...source, tls: { ca: 42 } }] })).toEqual(['sources.0.tls.ca']);
  });

  it('validate --resolve checks the password, the passphrase and the TLS files', () => {
    const parsed = AgentConfigSchema.parse({
      ...config,
      sources: [{ ...broker, url: 'mqtts://b:8883', username: 'u', password: { env: 'MQTT_PASSWORD' }, tls: { ca: '/no/ca.pem', cert: '/c.pem', key: '/k.pem', passphrase: { file: '/no/pass' } } }],
    });
    const access = (path: string) => {
      if (path.startsWith('/no/')) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    };
    expect(checkConfigReferences(parsed, { env: {}, access, readFile: () => 'x' })).toEqual([
      { path: 'sources.0.password', reason: 'environment variable MQTT_PASSWORD is not set' },
      { path: 'sources.0.tls.ca', reason: 'cannot read /no/ca.pem (ENOENT)' },
    ]);
    expect(checkConfigReferences(parsed, { env: { MQTT_PASSWORD: 'p' }, access: () => undefined, readFile: () => 'x' })).toEqual([]);
  });

  it('create names the field of a secret or TLS file it cannot read, at the source entry', () => {
    const parsed = MqttSourceConfigSchema.parse({ ...broker, url: 'mqtts://b:8883', username: 'u', password: { env: 'RONGTONG_TEST_UNSET_MQTT_PASSWORD' }, tls: { ca: '/nonexistent/ca.pem' } });
    const err = errorOf(() => createMqttSourceFromConfig(parsed, { sink, signals: [], configPath: 'sources.2' }));
    expect(err.code).toBe('INVALID_CONFIG');
    expect(err.fieldViolations).toEqual([
      { path: 'sources.2.password', reason: 'environment variable RONGTONG_TEST_UNSET_MQTT_PASSWORD is not set' },
      { path: 'sources.2.tls.ca', reason: 'cannot read /nonexistent/ca.pem (ENOENT)' },
    ]);
    const byId = errorOf(() => mqttSourceFactory.create({ ...parsed, tls: undefined }, { sink, signals: [] }));
    expect(byId.fieldViolations.map((v) => v.path)).toEqual(['sources[id=broker].password']);
  });

  it('reads TLS files and the passphrase into PEM text for @rongtong/mqtt; bad PEM is reported at the source', () => {
    const tls = { ca: '/ca.pem', cert: '/c.pem', key: '/k.pem', passphrase: SecretRef.env('P'), rejectUnauthorized: false, servername: 'broker' };
    expect(readMqttTlsFiles(tls, 'sources.0.tls', { env: { P: 'pass' }, readPem: (p) => `PEM of ${p}` })).toEqual({
      ca: 'PEM of /ca.pem',
      cert: 'PEM of /c.pem',
      key: 'PEM of /k.pem',
      passphrase: 'pass',
      rejectUnauthorized: false,
      servername: 'broker',
    });
    const notPem = new URL(import.meta.url).pathname; // this test file: no PEM in it
    const parsed = MqttSourceConfigSchema.parse({ ...broker, url: 'mqtts://b:8883', tls: { cert: notPem, key: notPem } });
    const err = errorOf(() => createMqttSourceFromConfig(parsed, { sink, signals: [], configPath: 'sources.0' }));
    expect(err).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(err.fieldViolations.map((v) => v.path)).toEqual(['sources.0.tls']);
  });

  it('binds the signals with an address exactly and makes a source that is idle until started', async () => {
    const parsed = AgentConfigSchema.parse(config);
    const source = mqttSourceFactory.create(parsed.sources[0] as never, { sink, signals: parsed.signals, configPath: 'sources.0' });
    expect(source).toMatchObject({ id: 'broker', kind: 'mqtt', state: 'idle' });
    await source.stop();
    expect(source.state).toBe('closed');
  });
});
