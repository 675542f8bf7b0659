import { createConnection } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmbeddedBroker,
  type EmbeddedBrokerConfigInput,
  type MqttJsonSource,
  createMqttJsonSource,
  hashBrokerPassword,
  startEmbeddedBroker,
} from '../src/index.js';
import { collectingSink, eventually, memoryLogger } from './support/sinks.js';
import { createTestCertificates } from './support/test-certificates.js';

const dirs: string[] = [];
const brokers: EmbeddedBroker[] = [];
const clients: MqttClient[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rt-broker-'));
  dirs.push(dir);
  return dir;
}

async function broker(config: Omit<EmbeddedBrokerConfigInput, 'stateDir'> & { stateDir?: string }, logger = memoryLogger()): Promise<EmbeddedBroker> {
  const b = await startEmbeddedBroker({ config: { listen: '127.0.0.1:0', stateFlushMs: 20, stateDir: config.stateDir ?? (await tempDir()), ...config }, logger });
  brokers.push(b);
  return b;
}

async function connect(b: EmbeddedBroker, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(b.url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...options });
  clients.push(client);
  return client;
}

/** The CONNACK return code of a refused connection. */
async function refusedCode(b: EmbeddedBroker, options: IClientOptions): Promise<number | string | undefined> {
  try {
    await connect(b, options);
  } catch (err) {
    return (err as { code?: number | string }).code;
  }
  throw new Error('connected');
}

/** The granted QoS of each subscription of one SUBSCRIBE (128: refused; mqtt.js rejects then, with the SUBACK). */
async function grantedQos(client: MqttClient, subscriptions: Record<string, { qos: 0 | 1 | 2 }>): Promise<number[]> {
  try {
    return (await client.subscribeAsync(subscriptions)).map((g) => g.qos);
  } catch (err) {
    const granted = (err as { packet?: { granted?: number[] } }).packet?.granted;
    if (granted === undefined) throw err;
    return granted;
  }
}

/** Collects the messages a client receives. */
function inbox(client: MqttClient): { topic: string; payload: string; retain: boolean }[] {
  const messages: { topic: string; payload: string; retain: boolean }[] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, payload: payload.toString(), retain: packet.retain }));
  return messages;
}

const USERS = [
  { username: 'line1', password: 'pw-line1', publish: ['factory/{username}/#'], subscribe: ['factory/#', 'cmd/{clientId}'] },
  { username: 'reader', password: 'pw-reader', subscribe: ['factory/#', 'plant/#'], publish: ['plant/#'] },
];

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  await Promise.all(brokers.map((b) => b.close()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('embedded broker: authentication', () => {
  let b: EmbeddedBroker;
  const logger = memoryLogger();
  beforeAll(async () => {
    const hashed = { username: 'hashed', passwordHash: await hashBrokerPassword('s3cret', { N: 1024 }), publish: ['#'], subscribe: ['#'] };
    b = await broker({ users: [...USERS, hashed] }, logger);
  });

  it('accepts a configured user with a plain or a hashed password', async () => {
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
    await connect(b, { username: 'line1', password: 'pw-line1' });
    await connect(b, { username: 'hashed', password: 's3cret' });
    expect(b.stats().clientsConnected).toBeGreaterThanOrEqual(2);
  });

  it('refuses a bad password or unknown user with "bad username or password" (4), anonymous with "not authorized" (5); counts and logs without the password', async () => {
    const before = b.stats().authFailures;
    expect(await refusedCode(b, { username: 'line1', password: 'wrong-pw' })).toBe(4);
    expect(await refusedCode(b, { username: 'hashed', password: 'wrong-pw' })).toBe(4);
    expect(await refusedCode(b, { username: 'nobody', password: 'pw-line1' })).toBe(4);
    expect(await refusedCode(b, {})).toBe(5);
    expect(b.stats().authFailures).toBe(before + 4);
    const logged = JSON.stringify(logger.records);
    expect(logged).toContain('connection refused');
    expect(logged).not.toContain('wrong-pw');
    expect(logged).not.toContain('pw-line1');
  });

  it('accepts anonymous clients when allowed, with the anonymous ACLs', async () => {
    const open = await broker({ allowAnonymous: true, anonymous: { subscribe: ['public/#'] } });
    const client = await connect(open);
    expect(await grantedQos(client, { 'public/x': { qos: 1 }, 'private/x': { qos: 1 } })).toEqual([1, 128]);
  });
});

describe('embedded broker: topic ACLs', () => {
  let b: EmbeddedBroker;
  beforeAll(async () => {
    b = await broker({ users: USERS });
  });

  it('delivers an allowed publish; drops and counts a denied one without disconnecting', async () => {
    const reader = await connect(b, { username: 'reader', password: 'pw-reader' });
    const messages = inbox(reader);
    expect(await reader.subscribeAsync('factory/#', { qos: 1 })).toMatchObject([{ topic: 'factory/#', qos: 1 }]);
    const writer = await connect(b, { username: 'line1', password: 'pw-line1' });
    await writer.publishAsync('factory/line2/temp', 'denied', { qos: 1 });
    await writer.publishAsync('factory/line1/temp', 'allowed', { qos: 1 });
    await eventually('the allowed message', () => messages.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages.map((m) => m.payload)).toEqual(['allowed']);
    expect(b.stats().publishesDenied).toBe(1);
    expect(writer.connected).toBe(true);
  });

  it('refuses a subscription outside the ACL with granted QoS 128, grants the rest; fills {clientId}', async () => {
    const client = await connect(b, { username: 'line1', password: 'pw-line1', clientId: 'press-7' });
    const granted = await grantedQos(client, {
      'factory/+/temp': { qos: 1 },
      '#': { qos: 1 },
      'cmd/press-7': { qos: 1 },
      'cmd/press-8': { qos: 1 },
    });
    expect(granted).toEqual([1, 128, 1, 128]);
    expect(b.stats().subscriptionsDenied).toBe(2);
    expect(client.connected).toBe(true);
  });
});

describe('embedded broker: state across a restart', () => {
  it('keeps retained messages', async () => {
    const stateDir = await tempDir();
    const first = await broker({ users: USERS, stateDir });
    const writer = await connect(first, { username: 'reader', password: 'pw-reader' });
    await writer.publishAsync('plant/status', 'running', { qos: 1, retain: true });
    await writer.endAsync();
    await first.close();
    expect(JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8'))).toMatchObject({ version: 1, retained: [{ topic: 'plant/status' }] });

    const second = await broker({ users: USERS, stateDir });
    expect(second.stats().retainedMessages).toBe(1);
    const reader = await connect(second, { username: 'reader', password: 'pw-reader' });
    const messages = inbox(reader);
    await reader.subscribeAsync('plant/#', { qos: 1 });
    await eventually('the retained message', () => messages.length === 1);
    expect(messages).toEqual([{ topic: 'plant/status', payload: 'running', retain: true }]);
  });

  it("keeps a persistent session's subscription and its QoS 1 messages queued before and after the restart", async () => {
    const stateDir = await tempDir();
    const session = { username: 'reader', password: 'pw-reader', clientId: 'historian', clean: false };
    const first = await broker({ users: USERS, stateDir });
    const sub = await connect(first, session);
    await sub.subscribeAsync('plant/#', { qos: 1 });
    await sub.endAsync();
    const writer = await connect(first, { username: 'reader', password: 'pw-reader' });
    await writer.publishAsync('plant/a', 'before restart', { qos: 1 });
    await writer.endAsync();
    await eventually('one queued message', () => first.stats().queuedMessages === 1);
    await first.close();

    const second = await broker({ users: USERS, stateDir });
    expect(second.stats()).toMatchObject({ persistentSessions: 1, queuedMessages: 1 });
    const writer2 = await connect(second, { username: 'reader', password: 'pw-reader' });
    await writer2.publishAsync('plant/b', 'after restart', { qos: 1 });
    await eventually('two queued messages', () => second.stats().queuedMessages === 2);

    const client = mqtt.connect(second.url, { protocolVersion: 4, reconnectPeriod: 0, ...session });
    clients.push(client);
    const messages = inbox(client);
    await eventually('both messages', () => messages.length === 2);
    expect(messages.map((m) => [m.topic, m.payload])).toEqual([
      ['plant/a', 'before restart'],
      ['plant/b', 'after restart'],
    ]);
    await eventually('queue emptied by the acknowledgements', () => second.stats().queuedMessages === 0);
    // Still subscribed (the session survived): a live message arrives too.
    await writer2.publishAsync('plant/c', 'live', { qos: 1 });
    await eventually('the live message', () => messages.length === 3);
  });
});

describe('embedded broker: crash semantics', () => {
  it('a broker that never closed leaves the last flushed snapshot; a half-written temp file is ignored', async () => {
    const stateDir = await tempDir();
    const crashed = await broker({ users: USERS, stateDir, stateFlushMs: 10 });
    const writer = await connect(crashed, { username: 'reader', password: 'pw-reader' });
    await writer.publishAsync('plant/mode', 'auto', { qos: 1, retain: true });
    await eventually('a snapshot written', () => crashed.stats().stateWrites >= 1);
    await writeFile(join(stateDir, 'state.json.tmp'), '{"version":1,"retained":[{"to');
    // A second broker on the same directory, the first never closed: as after a crash.
    const restarted = await broker({ users: USERS, stateDir });
    expect(restarted.stats().retainedMessages).toBe(1);
  });
});

describe('embedded broker: ACLs of persistent sessions across a restart', () => {
  it('stores only the granted subscriptions, and forwards nothing the ACL no longer allows after a restart', async () => {
    const stateDir = await tempDir();
    const session = { username: 'reader', password: 'pw-reader', clientId: 'audit', clean: false };
    const first = await broker({ users: USERS, stateDir });
    const sub = await connect(first, session);
    expect(await grantedQos(sub, { 'plant/#': { qos: 1 }, 'secret/#': { qos: 1 } })).toEqual([1, 128]);
    await sub.endAsync();
    const writer = await connect(first, { username: 'reader', password: 'pw-reader' });
    await writer.publishAsync('plant/x', 'queued', { qos: 1 });
    await writer.endAsync();
    await eventually('one queued message', () => first.stats().queuedMessages === 1);
    await first.close();
    const state = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8')) as { subscriptions: Record<string, Record<string, unknown>> };
    expect(Object.keys(state.subscriptions['audit'] ?? {})).toEqual(['plant/#']);

    // Restarted with the reader's plant/# permission revoked: the queued message is not delivered.
    const revoked = USERS.map((u) => (u.username === 'reader' ? { ...u, subscribe: ['factory/#'] } : u));
    const second = await broker({ users: revoked, stateDir });
    const client = mqtt.connect(second.url, { protocolVersion: 4, reconnectPeriod: 0, ...session });
    clients.push(client);
    const messages = inbox(client);
    await eventually('the queue dropped', () => second.stats().queuedMessages === 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(messages).toEqual([]);
  });
});

describe('embedded broker: listener', () => {
  it('serves mqtts:// with the configured certificate and key', async () => {
    const pki = createTestCertificates();
    const b = await broker({ users: USERS, tls: { cert: pki.server.cert, key: pki.server.key } });
    expect(b.url).toBe(`mqtts://127.0.0.1:${b.port}`);
    const client = await connect(b, { username: 'reader', password: 'pw-reader', ca: pki.ca.cert, servername: 'localhost' });
    expect(client.connected).toBe(true);
  });

  it('closes connections beyond maxConnections and counts them', async () => {
    const b = await broker({ users: USERS, maxConnections: 1 });
    await connect(b, { username: 'reader', password: 'pw-reader' });
    // The second TCP connection is closed by the broker before any MQTT byte.
    const socket = createConnection(b.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(b.stats().connectionsRefused).toBe(1);
  });
});

describe('embedded broker: the MQTT JSON source end to end', () => {
  it('maps messages published through the embedded broker to samples', async () => {
    const b = await broker({ users: USERS });
    const sink = collectingSink();
    const source: MqttJsonSource = createMqttJsonSource({
      config: {
        id: 'embedded',
        url: b.url,
        username: 'reader',
        password: 'pw-reader',
        backoff: { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 },
        topics: [{ topic: 'factory/{line}/temp', fields: [{ path: '$.v', signal: '{line}/temp' }] }],
      },
      sink,
    });
    try {
      await source.start();
      await eventually('source connected', () => source.state === 'connected');
      const writer = await connect(b, { username: 'line1', password: 'pw-line1' });
      await writer.publishAsync('factory/line1/temp', JSON.stringify({ v: 21.5 }), { qos: 1 });
      await eventually('one sample', () => sink.samples.length === 1);
      expect(sink.samples[0]).toMatchObject({ signalId: 'line1/temp', value: 21.5, quality: 'good' });
    } finally {
      await source.stop();
    }
  });
});
