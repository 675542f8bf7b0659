import { fromZodError } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultClientId } from './client-id.js';
import { MqttConnectionConfigSchema, checkMqttConnectionConfig } from './mqtt-connection-config.js';
import { MqttJsonSourceConfigSchema, type MqttJsonSourceConfigInput, mqttJsonMappingFields } from './mqtt-json-config.js';

const base: MqttJsonSourceConfigInput = { id: 'broker', url: 'mqtt://127.0.0.1:1883' };

/** The field paths of the errors of parsing `input`, [] when it is valid. */
function errorPaths(input: unknown): string[] {
  const result = MqttJsonSourceConfigSchema.safeParse(input);
  return result.success ? [] : fromZodError(result.error, 'mqtt source config', 'INVALID_CONFIG').fieldViolations.map((v) => v.path);
}

describe('mqtt source config', () => {
  it('fills defaults: MQTT 3.1.1, clean session, keepalive 60 s, QoS 1, bounded queue', () => {
    expect(MqttJsonSourceConfigSchema.parse(base)).toEqual({
      id: 'broker',
      url: 'mqtt://127.0.0.1:1883',
      protocolVersion: 4,
      clean: true,
      keepaliveSeconds: 60,
      connectTimeoutMs: 30_000,
      qos: 1,
      backoff: {},
      maxQueuedSamples: 10_000,
      topics: [],
    });
  });

  it('accepts a full config', () => {
    const full: MqttJsonSourceConfigInput = {
      ...base,
      kind: 'mqtt',
      url: 'mqtts://broker.example.com:8883',
      protocolVersion: 5,
      clientId: 'agent-7',
      clean: false,
      sessionExpirySeconds: 86_400,
      keepaliveSeconds: 30,
      qos: 2,
      username: 'u',
      password: 'p',
      tls: { ca: '-----BEGIN CERTIFICATE-----…', cert: Buffer.from('c'), key: new Uint8Array([1]), rejectUnauthorized: true, servername: 'broker' },
      backoff: { initialMs: 100, maxMs: 5000 },
      maxQueuedSamples: 500,
      localTimeOffset: '+08:00',
      topics: [
        {
          topic: 'factory/{line}/{machine}/telemetry',
          equipment: '{machine}',
          qos: 0,
          timestampPath: '$.ts',
          fields: [{ path: '$.points[*].v', signal: '{machine}/temp', timestampPath: '$.points[*].t', type: 'number', semantic: 'measurement', optional: true }],
        },
      ],
    };
    expect(errorPaths(full)).toEqual([]);
  });

  it.each([
    [{ url: 'http://broker' }, ['url']],
    [{ url: 'broker:1883' }, ['url']],
    [{ url: 'mqtt://user:secret@broker' }, ['url']],
    [{ protocolVersion: 3 }, ['protocolVersion']],
    [{ qos: 3 }, ['qos']],
    [{ keepaliveSeconds: 1.5 }, ['keepaliveSeconds']],
    [{ clientId: '' }, ['clientId']],
    [{ sessionExpirySeconds: 60 }, ['sessionExpirySeconds']],
    [{ tls: {} }, ['tls']],
    [{ url: 'mqtts://b', tls: { cert: 'c' } }, ['tls.key']],
    [{ url: 'mqtts://b', tls: { ca: 5 } }, ['tls.ca']],
    [{ url: 'mqtts://b', tls: { verify: false } }, ['tls']],
    [{ password: 'p' }, ['password']],
    [{ backoff: { initialMs: 1000, maxMs: 10 } }, ['backoff.maxMs']],
    [{ backoff: { jitter: 2, multiplier: 0.5 } }, ['backoff.multiplier', 'backoff.jitter']],
    [{ maxQueuedSamples: 0 }, ['maxQueuedSamples']],
    [{ localTimeOffset: 'CST' }, ['localTimeOffset']],
    [{ unknownField: 1 }, ['']],
    [{ id: 'has space' }, ['id']],
    [{ topics: [{ topic: 'a/{x}', fields: [] }] }, ['topics.0.fields']],
    [{ topics: [{ topic: 'a/machine-{x}', fields: [{ path: '$.v', signal: 'v' }] }] }, ['topics.0.topic']],
    [{ topics: [{ topic: 'a/{x}', fields: [{ path: '$..v', signal: '{x}/v' }] }] }, ['topics.0.fields.0.path']],
    [{ topics: [{ topic: 'a/{x}', fields: [{ path: '$.v', signal: '{y}/v' }] }] }, ['topics.0.fields.0.signal']],
    [{ topics: [{ topic: 'a/{x}', fields: [{ path: '$.v', signal: '{x} v' }] }] }, ['topics.0.fields.0.signal']],
    [{ topics: [{ topic: 'a/{x}', equipment: '{z}', fields: [{ path: '$.v', signal: 'v' }] }] }, ['topics.0.equipment']],
    [{ topics: [{ topic: 'a', fields: [{ path: '$.v', signal: 'v', type: 'float' }] }] }, ['topics.0.fields.0.type']],
    [{ topics: [{ topic: 'a', fields: [{ path: '$.v', signal: 'v', semantic: 'temperature' }] }] }, ['topics.0.fields.0.semantic']],
    [{ topics: [{ topic: 'a', fields: [{ path: '$.p[*].v', signal: 'v', timestampPath: '$.q[*].t' }] }] }, ['topics.0.fields.0.timestampPath']],
    [{ topics: [{ topic: 'a', timestampPath: '$.p[*].t', fields: [{ path: '$.v', signal: 'v' }] }] }, ['topics.0.timestampPath']],
    [{ topics: [{ topic: 'a', fields: [{ path: '$.v', signal: 'v', extra: 1 }] }] }, ['topics.0.fields.0']],
  ])('rejects %j at the field path', (patch, paths) => {
    expect(errorPaths({ ...base, ...patch })).toEqual(paths);
  });

  it('never puts the password in an error message', () => {
    const result = MqttJsonSourceConfigSchema.safeParse({ ...base, password: 'hunter2' });
    expect(result.success).toBe(false);
    if (!result.success) expect(fromZodError(result.error, 'mqtt source config').message).not.toContain('hunter2');
  });

  it('lets the agent extend the connection part, e.g. replacing password by a secret reference', () => {
    const SecretRef = z.object({ env: z.string() }).strict();
    const agentSchema = MqttConnectionConfigSchema.extend({ id: z.string(), kind: z.literal('mqtt'), password: SecretRef.optional() }).superRefine(
      checkMqttConnectionConfig,
    );
    expect(agentSchema.safeParse({ id: 's', kind: 'mqtt', url: 'mqtt://b', password: { env: 'P' } }).error?.issues.map((i) => i.path)).toEqual([['password']]);
    expect(agentSchema.parse({ id: 's', kind: 'mqtt', url: 'mqtt://b', username: 'u', password: { env: 'MQTT_PASSWORD' } }).password).toEqual({ env: 'MQTT_PASSWORD' });
    expect(agentSchema.safeParse({ id: 's', kind: 'mqtt', url: 'mqtt://b', nope: 1 }).success).toBe(false); // still strict
  });

  it('gives a JSON Schema once the in-memory TLS material is replaced (e.g. by file paths)', () => {
    const options = { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw', cycles: 'throw', reused: 'inline' } as const;
    expect(() => z.toJSONSchema(MqttJsonSourceConfigSchema, options)).toThrow(); // Uint8Array has no JSON Schema
    const withFiles = MqttConnectionConfigSchema.extend({
      id: z.string(),
      kind: z.literal('mqtt'),
      ...mqttJsonMappingFields(),
      tls: z.object({ ca: z.string().optional() }).strict().optional(),
    }).superRefine(checkMqttConnectionConfig);
    expect(withFiles.safeParse({ id: 's', kind: 'mqtt', url: 'mqtt://b', tls: { ca: '/etc/ca.pem' } }).error?.issues.map((i) => i.path)).toEqual([['tls']]);
    const schema = z.toJSONSchema(withFiles, options) as { properties: Record<string, { default?: unknown }> };
    expect(schema.properties.protocolVersion?.default).toBe(4);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['url', 'topics', 'backoff', 'maxQueuedSamples']));
  });

  it('derives a stable 23-character client id per host and source', () => {
    const id = defaultClientId('broker', 'host-a');
    expect(id).toMatch(/^rt[0-9a-f]{21}$/);
    expect(defaultClientId('broker', 'host-a')).toBe(id);
    expect(defaultClientId('broker', 'host-b')).not.toBe(id);
    expect(defaultClientId('other', 'host-a')).not.toBe(id);
  });
});
