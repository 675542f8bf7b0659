import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@rongtong/core';
import {
  SPARKPLUG_DATA_TYPES,
  createMqttJsonSource,
  createSparkplugHostSource,
  decodeSparkplugPayload,
  encodeSparkplugPayload,
  parsePayloadTime,
  parseSparkplugTopic,
  sparkplugTopic,
  type SparkplugPayload,
  type SparkplugValue,
} from '@rongtong/mqtt';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMachineModel,
  startMqttSimulator,
  type JsonTelemetry,
  type MachineGroundTruth,
  type MachineKind,
  type MqttSimulator,
  type SimulationGroundTruth,
  type SparkplugDeviceInfo,
} from '../src/index.js';
import { spawnSimCli, runSimCli } from './support/sim-cli.js';

const START = Date.parse('2030-01-01T00:00:00.000Z');
const MIN = 60_000;
const HOUR = 3_600_000;

/** Polls `condition` every 20 ms; fails after `ms`. */
async function waitFor(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  for (const deadline = Date.now() + ms; !condition(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An aedes broker on 127.0.0.1 (MQTT 3.1.1). */
async function startBroker(): Promise<{ url: string; aedes: Aedes; close(): Promise<void> }> {
  const aedes = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`,
    aedes,
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Received {
  readonly topic: string;
  readonly payload: Buffer;
}

/** A subscriber recording every message on `filter`, in arrival order. */
async function subscribe(url: string, filter: string): Promise<{ client: MqttClient; messages: Received[]; close(): Promise<void> }> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000 });
  const messages: Received[] = [];
  client.on('message', (topic, payload) => messages.push({ topic, payload }));
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, messages, close: () => client.endAsync() };
}

const json = (m: Received): JsonTelemetry => JSON.parse(m.payload.toString('utf8')) as JsonTelemetry;
const timeOf = (t: JsonTelemetry): number => {
  const parsed = parsePayloadTime(t.ts);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.ms;
};
const truthOf = (truth: SimulationGroundTruth, id: string): MachineGroundTruth => {
  const m = truth.machines.find((x) => x.id === id);
  if (m === undefined) throw new Error(`no machine ${id}`);
  return m;
};

/** The state and mode changes and counters of a twin model (same kind, id, seed), up to `end`. */
function twinChanges(kind: MachineKind, id: string, end: number): { at: number; state: string; mode: string; produced: number; good: number; scrap: number }[] {
  const model = createMachineModel({ kind, id, seed: 1, startTime: START });
  let last = model.snapshot();
  const changes: { at: number; state: string; mode: string; produced: number; good: number; scrap: number }[] = [];
  model.advanceTo(end, (s) => {
    const { produced, good, scrap } = s.lifetime;
    if (s.state !== last.state || s.mode !== last.mode) changes.push({ at: s.at, state: s.state, mode: s.mode, produced, good, scrap });
    last = s;
  });
  return changes;
}

/** The number value of a decoded Sparkplug metric value. */
function valueOf(v: SparkplugValue | undefined): string | number | boolean | undefined {
  if (v === undefined) return undefined;
  switch (v.kind) {
    case 'long':
      return Number(v.value);
    case 'int':
    case 'double':
    case 'float':
    case 'string':
    case 'boolean':
      return v.value;
    default:
      return undefined;
  }
}

describe('startMqttSimulator', () => {
  let broker: Awaited<ReturnType<typeof startBroker>>;
  let dir: string;

  beforeAll(async () => {
    broker = await startBroker();
    dir = mkdtempSync(join(tmpdir(), 'rongtong-sim-mqtt-'));
  });

  afterAll(async () => {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects bad options naming each field, and an unreachable broker with UNAVAILABLE', async () => {
    await expect(
      startMqttSimulator({
        brokerUrl: 'http://x',
        devices: [
          { kind: 'json', id: '1bad', machine: 'cnc' },
          { kind: 'sparkplug', id: 'S1', machine: 'robot' as MachineKind, edgeNode: 'a/b' },
        ],
        topicPrefix: 'a/+/b',
        sparkplug: { groupId: 'STATE' },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      fieldViolations: expect.arrayContaining([
        expect.objectContaining({ path: 'brokerUrl' }),
        expect.objectContaining({ path: 'devices.0.id' }),
        expect.objectContaining({ path: 'devices.1.machine' }),
        expect.objectContaining({ path: 'devices.1.edgeNode' }),
        expect.objectContaining({ path: 'topicPrefix' }),
        expect.objectContaining({ path: 'sparkplug.groupId' }),
      ]) as unknown,
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      startMqttSimulator({ brokerUrl: `mqtt://127.0.0.1:${port}`, devices: [{ kind: 'json', id: 'D1', machine: 'cnc' }], speed: 0, connectTimeoutMs: 2000 }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('JSON devices publish what the model says, at state changes and every report interval, in simulated time in three formats', async () => {
    const sub = await subscribe(broker.url, 'factory/+/+/telemetry');
    const devices = [
      { kind: 'json', id: 'DTU1', machine: 'cnc' },
      { kind: 'json', id: 'DTU2', machine: 'packml' },
      { kind: 'json', id: 'DTU3', machine: 'legacy', line: 'line2' },
    ] as const;
    const sim = await startMqttSimulator({ brokerUrl: broker.url, devices, speed: 0, startTime: START });
    try {
      expect(sim.devices.map((d) => [d.id, d.kind === 'json' ? [d.topic, d.timestampFormat] : undefined])).toEqual([
        ['DTU1', ['factory/line1/DTU1/telemetry', 'epoch-ms']],
        ['DTU2', ['factory/line1/DTU2/telemetry', 'epoch-s']],
        ['DTU3', ['factory/line2/DTU3/telemetry', 'iso8601']],
      ]);
      const end = START + 2 * HOUR;
      sim.advance(HOUR);
      sim.advance(HOUR);
      await sim.flush();
      const published = Object.values(sim.stats()).reduce((n, s) => n + s.published, 0);
      await waitFor(() => sub.messages.length >= published, `${published} messages`);
      expect(sub.messages.length).toBe(published);
      const truth = sim.groundTruth();

      for (const device of devices) {
        const messages = sub.messages.filter((m) => m.topic.endsWith(`/${device.id}/telemetry`)).map(json);
        const times = messages.map(timeOf);
        // Timestamps in the device's format.
        const ts = messages[0]!.ts;
        if (device.id === 'DTU1') expect(Number.isInteger(ts) && (ts as number) > 1e11).toBe(true);
        if (device.id === 'DTU2') expect(typeof ts === 'number' && ts < 1e11).toBe(true);
        if (device.id === 'DTU3') expect(messages.every((m) => typeof m.ts === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/.test(m.ts))).toBe(true);
        expect(messages[0]!.trigger).toBe('start');
        expect(times[0]).toBe(START);
        expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
        expect(times.at(-1)).toBe(end);
        expect(messages.every((m) => m.device === device.id && m.machine === device.machine)).toBe(true);

        // Every state or mode change of a twin model, with its counters, in order.
        const changes = messages.filter((m) => m.trigger === 'state').map((m) => ({ at: timeOf(m), state: m.state, mode: m.mode, ...m.counters }));
        const twin = twinChanges(device.machine, device.id, end);
        expect(twin.length).toBeGreaterThan(0);
        expect(changes).toEqual(twin);

        // A report every simulated minute (unless a state change was published at that instant).
        const reports = messages.filter((m) => m.trigger === 'report').map(timeOf);
        const stateTimes = new Set(changes.map((c) => c.at));
        const expected = Array.from({ length: 120 }, (_, k) => START + (k + 1) * MIN).filter((t) => !stateTimes.has(t));
        expect(reports).toEqual(expected);

        // Counters are integers; the last ones are the ground truth.
        expect(messages.every((m) => Object.values(m.counters).every(Number.isInteger))).toBe(true);
        const last = messages.at(-1)!;
        const t = truthOf(truth, device.id);
        expect(last.counters).toEqual({ produced: t.totals.produced, good: t.totals.good, scrap: t.totals.scrap });
        expect(t.counters).toEqual(last.counters);
        expect(last.state).toBe(t.state);
        expect(t.elapsedMs).toBe(2 * HOUR);
        expect(Object.values(t.totals.stateMs).reduce((a, b) => a + b, 0)).toBe(2 * HOUR);
        expect(typeof last.temperature).toBe('number');
        expect(typeof last.rate).toBe('number');
      }
    } finally {
      await sim.stop();
      await sub.close();
    }
  });

  it('a JSON device keeps its messages while disconnected and republishes them in order with their original timestamps', async () => {
    const sub = await subscribe(broker.url, 'factory/line1/SAF1/telemetry');
    const sim = await startMqttSimulator({ brokerUrl: broker.url, devices: [{ kind: 'json', id: 'SAF1', machine: 'legacy' }], speed: 0, startTime: START });
    try {
      sim.advance(10 * MIN);
      await sim.flush();
      await waitFor(() => sub.messages.length === sim.stats().SAF1!.published, 'the first messages');
      sim.disconnect('SAF1');
      await waitFor(() => sim.stats().SAF1!.connection === 'offline', 'offline');
      sim.advance(30 * MIN);
      const offline = sim.stats().SAF1!;
      expect(offline.buffered).toBeGreaterThanOrEqual(30);
      const before = sub.messages.length;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sub.messages.length).toBe(before);
      sim.reconnect('SAF1');
      await waitFor(() => sim.stats().SAF1!.connection === 'connected' && sim.stats().SAF1!.buffered === 0, 'reconnected');
      sim.advance(5 * MIN);
      await sim.flush();
      await waitFor(() => sub.messages.length >= sim.stats().SAF1!.published, 'every message');
      const stats = sim.stats().SAF1!;
      expect(stats).toMatchObject({ connections: 2, dropped: 0, buffered: 0 });
      const times = sub.messages.map((m) => timeOf(json(m)));
      // Nothing lost (at least once: a message in flight at the drop may come twice), in time order.
      const unique = [...new Set(times)];
      expect(unique).toEqual([...unique].sort((a, b) => a - b));
      for (let k = 0; k <= 45; k++) expect(unique).toContain(START + k * MIN);
      expect(unique.at(-1)).toBe(START + 45 * MIN);
    } finally {
      await sim.stop();
      await sub.close();
    }
  });

  it('runs the clock at the given speed, pauses, resumes and stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const sub = await subscribe(broker.url, 'factory/line1/Fast1/telemetry');
    const sim = await startMqttSimulator({
      brokerUrl: broker.url,
      devices: [{ kind: 'json', id: 'Fast1', machine: 'packml' }],
      speed: 3600,
      tickMs: 20,
      startTime: START,
      signal: controller.signal,
    });
    await waitFor(() => sim.now().getTime() >= START + 10 * MIN, 'ten simulated minutes');
    sim.pause();
    const paused = sim.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.now().getTime()).toBe(paused);
    sim.resume();
    await waitFor(() => sim.now().getTime() > paused + 5 * MIN, 'the clock to move again');
    await waitFor(() => sub.messages.length >= 10, 'reports');
    controller.abort();
    await waitFor(() => sim.stats().Fast1!.connection === 'closed', 'the stop');
    const truth = await sim.stop(); // the same stop
    expect(truth.machines[0]!.elapsedMs).toBeGreaterThan(15 * MIN);
    await sub.close();
  });

  describe('Sparkplug B edge nodes', () => {
    let sim: MqttSimulator;
    let sub: Awaited<ReturnType<typeof subscribe>>;
    const decoded = (): { topic: string; type: string; node: string; device?: string; payload: SparkplugPayload }[] =>
      sub.messages.map((m) => {
        const t = parseSparkplugTopic(m.topic);
        if (t?.kind !== 'edge') throw new Error(`not an edge topic: ${m.topic}`);
        return { topic: m.topic, type: t.messageType, node: t.edgeNodeId, ...(t.deviceId === undefined ? {} : { device: t.deviceId }), payload: decodeSparkplugPayload(m.payload) };
      });

    beforeAll(async () => {
      sub = await subscribe(broker.url, 'spBv1.0/SimGroup/#');
      sim = await startMqttSimulator({
        brokerUrl: broker.url,
        devices: [
          { kind: 'sparkplug', id: 'Node1', machine: 'packml' },
          { kind: 'sparkplug', id: 'Press1', machine: 'legacy', edgeNode: 'Gateway1' },
          { kind: 'sparkplug', id: 'Lathe1', machine: 'cnc', edgeNode: 'Gateway1' },
        ],
        sparkplug: { groupId: 'SimGroup' },
        speed: 0,
        startTime: START,
        reportIntervalMs: 1000,
      });
      await waitFor(() => sub.messages.length >= 3, 'the births');
    });

    afterAll(async () => {
      await sim.stop();
      await sub.close();
    });

    it('births announce bdSeq, Node Control/Rebirth and the machine metrics with aliases and data types', () => {
      const births = decoded();
      expect(births.map((b) => [b.type, b.node, b.device])).toEqual(
        expect.arrayContaining([
          ['NBIRTH', 'Node1', undefined],
          ['NBIRTH', 'Gateway1', undefined],
          ['DBIRTH', 'Gateway1', 'Press1'],
          ['DBIRTH', 'Gateway1', 'Lathe1'],
        ]),
      );
      const nbirth = births.find((b) => b.type === 'NBIRTH' && b.node === 'Node1')!.payload;
      expect(nbirth.seq).toBe(0n);
      expect(nbirth.timestamp).toBe(BigInt(START));
      const byName = new Map(nbirth.metrics.map((m) => [m.name, m]));
      expect(byName.get('bdSeq')).toMatchObject({ datatype: SPARKPLUG_DATA_TYPES.Int64, value: { kind: 'long', value: 0n } });
      expect(byName.get('Node Control/Rebirth')).toMatchObject({ alias: 1n, datatype: SPARKPLUG_DATA_TYPES.Boolean, value: { kind: 'boolean', value: false } });
      expect(byName.get('State')).toMatchObject({ datatype: SPARKPLUG_DATA_TYPES.String, value: { kind: 'string' } });
      for (const name of ['Production/Produced', 'Production/Good', 'Production/Scrap']) expect(byName.get(name)).toMatchObject({ datatype: SPARKPLUG_DATA_TYPES.UInt64, value: { kind: 'long', value: 0n } });
      for (const name of ['Process/Rate', 'Process/Temperature']) expect(byName.get(name)).toMatchObject({ datatype: SPARKPLUG_DATA_TYPES.Double, value: { kind: 'double' } });
      const info = sim.devices.find((d) => d.id === 'Node1') as SparkplugDeviceInfo;
      expect(nbirth.metrics.filter((m) => m.alias !== undefined).map((m) => [m.name, Number(m.alias)])).toEqual(info.metrics.map((m) => [m.name, m.alias]));
      // Gateway1: the node has the rebirth metric only; its devices' aliases are unique across the node.
      const gateway = births.filter((b) => b.node === 'Gateway1');
      const aliases = gateway.flatMap((b) => b.payload.metrics.flatMap((m) => (m.alias === undefined ? [] : [m.alias])));
      expect(new Set(aliases).size).toBe(aliases.length);
      expect(gateway.map((b) => Number(b.payload.seq))).toEqual([0, 1, 2]);
      const lathe = sim.devices.find((d) => d.id === 'Lathe1') as SparkplugDeviceInfo;
      expect(lathe).toMatchObject({ edgeNodeId: 'Gateway1', deviceId: 'Lathe1', topics: { birth: 'spBv1.0/SimGroup/DBIRTH/Gateway1/Lathe1', data: 'spBv1.0/SimGroup/DDATA/Gateway1/Lathe1' } });
    });

    it('data goes by alias with seq wrapping 0–255, and the aliases resolve to the ground truth', async () => {
      sim.advance(10 * MIN);
      await sim.flush();
      const stats = sim.stats();
      const expected = stats.Node1!.published + stats.Press1!.published; // Press1 and Lathe1 share Gateway1

      await waitFor(() => sub.messages.length >= expected, `${expected} messages`);
      const messages = decoded();
      const truth = sim.groundTruth();
      for (const node of ['Node1', 'Gateway1']) {
        const own = messages.filter((m) => m.node === node);
        // seq: 0 at NBIRTH, + 1 per message, wrapping after 255.
        own.forEach((m, i) => expect(Number(m.payload.seq), `${node} #${i}`).toBe(i % 256));
        expect(own.length).toBeGreaterThan(256);
        // Names by alias from the births; the last value of each metric.
        const names = new Map<string, string>();
        const values = new Map<string, string | number | boolean | undefined>();
        let lastTimestamp = 0n;
        for (const m of own) {
          const scope = m.device ?? '';
          expect(m.payload.timestamp! >= lastTimestamp).toBe(true);
          lastTimestamp = m.payload.timestamp!;
          for (const metric of m.payload.metrics) {
            if (m.type.endsWith('BIRTH')) {
              if (metric.alias !== undefined) names.set(`${scope}#${metric.alias}`, metric.name!);
            } else {
              expect(metric.name).toBeUndefined();
              expect(names.has(`${scope}#${metric.alias}`), `alias ${metric.alias} of ${node}/${scope}`).toBe(true);
            }
            const name = metric.name ?? names.get(`${scope}#${metric.alias}`)!;
            values.set(`${scope}/${name}`, valueOf(metric.value));
          }
        }
        // Report by exception: the last report carried what changed last.
        expect(Number(lastTimestamp)).toBeGreaterThan(START + 9 * MIN);
        expect(Number(lastTimestamp)).toBeLessThanOrEqual(START + 10 * MIN);
        for (const id of node === 'Node1' ? ['Node1'] : ['Press1', 'Lathe1']) {
          const scope = node === 'Node1' ? '' : id;
          const t = truthOf(truth, id);
          expect(values.get(`${scope}/State`)).toBe(t.state);
          expect(values.get(`${scope}/Mode`)).toBe(t.mode);
          expect(values.get(`${scope}/Production/Produced`)).toBe(t.totals.produced);
          expect(values.get(`${scope}/Production/Good`)).toBe(t.totals.good);
          expect(values.get(`${scope}/Production/Scrap`)).toBe(t.totals.scrap);
        }
      }
    });

    it('answers an NCMD Node Control/Rebirth with a new NBIRTH and DBIRTHs (seq 0, same bdSeq)', async () => {
      const host = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
      try {
        const from = sub.messages.length;
        const payload = encodeSparkplugPayload({ timestamp: Date.now(), metrics: [{ name: 'Node Control/Rebirth', datatype: SPARKPLUG_DATA_TYPES.Boolean, value: { kind: 'boolean', value: true } }] });
        await host.publishAsync(sparkplugTopic('SimGroup', 'NCMD', 'Gateway1'), Buffer.from(payload), { qos: 0 });
        await waitFor(() => sub.messages.length >= from + 3, 'the rebirth');
        const births = decoded()
          .slice(from)
          .filter((m) => m.type !== 'NCMD');
        expect(births.map((b) => [b.type, b.node, b.device, Number(b.payload.seq)])).toEqual([
          ['NBIRTH', 'Gateway1', undefined, 0],
          ['DBIRTH', 'Gateway1', 'Press1', 1],
          ['DBIRTH', 'Gateway1', 'Lathe1', 2],
        ]);
        expect(births[0]!.payload.metrics.find((m) => m.name === 'bdSeq')?.value).toEqual({ kind: 'long', value: 0n });
        expect(births[0]!.payload.timestamp).toBe(BigInt(sim.now().getTime()));
      } finally {
        await host.endAsync();
      }
    });

    it('the broker delivers the NDEATH Will (same bdSeq) when the socket is destroyed; the next connection is born with bdSeq + 1', async () => {
      const from = sub.messages.length;
      sim.disconnect('Node1');
      await waitFor(() => decoded().slice(from).some((m) => m.type === 'NDEATH'), 'the NDEATH');
      const death = decoded().slice(from).find((m) => m.type === 'NDEATH')!;
      expect(death.node).toBe('Node1');
      expect(death.payload.seq).toBeUndefined();
      expect(death.payload.metrics).toEqual([expect.objectContaining({ name: 'bdSeq', value: { kind: 'long', value: 0n } })]);
      sim.reconnect('Node1');
      await waitFor(() => decoded().slice(from).some((m) => m.type === 'NBIRTH' && m.node === 'Node1'), 'the new NBIRTH');
      const birth = decoded().slice(from).find((m) => m.type === 'NBIRTH')!;
      expect(birth.payload.seq).toBe(0n);
      expect(birth.payload.metrics.find((m) => m.name === 'bdSeq')?.value).toEqual({ kind: 'long', value: 1n });
      expect(sim.stats().Node1).toMatchObject({ connection: 'connected', connections: 2 });
    });
  });

  it('the MQTT JSON source and the Sparkplug host read the devices with the agent config; their counters match the ground truth', async () => {
    const devices = [
      { kind: 'json', id: 'E2E1', machine: 'cnc' },
      { kind: 'json', id: 'E2E2', machine: 'packml', timestampFormat: 'iso8601' },
      { kind: 'sparkplug', id: 'E2E3', machine: 'legacy', edgeNode: 'E2EGateway' },
    ] as const;
    // The agent config does not depend on the run: a dry simulator gives it, then the sources start first.
    const samples: Sample[] = [];
    const sink = { write: (s: readonly Sample[]) => void samples.push(...s) };
    const probe = await startMqttSimulator({ brokerUrl: broker.url, devices, speed: 0, startTime: START, sparkplug: { groupId: 'E2E' } });
    const config = probe.agentConfig;
    await probe.stop();
    expect(config.sources.map((s) => [s.id, s.kind])).toEqual([
      ['sim-mqtt', 'mqtt'],
      ['sim-sparkplug', 'sparkplug'],
    ]);
    expect(config.equipment.map((e) => e.id)).toEqual(['E2E1', 'E2E2', 'E2E3']);
    const jsonConfig = config.sources[0]!;
    const sparkplugConfig = config.sources[1]!;
    if (jsonConfig.kind !== 'mqtt' || sparkplugConfig.kind !== 'sparkplug') throw new Error('unexpected source kinds');
    const jsonSource = createMqttJsonSource({ config: { ...jsonConfig, id: 'e2e-json' }, sink });
    const host = createSparkplugHostSource({
      config: { ...sparkplugConfig, id: 'e2e-sparkplug', hostId: 'e2e-host' },
      signals: config.signals.filter((s) => s.source === 'sim-sparkplug'),
      sink,
    });
    await jsonSource.start(AbortSignal.timeout(15_000));
    await host.start(AbortSignal.timeout(15_000));
    await waitFor(() => jsonSource.state === 'connected' && host.state === 'connected', 'the sources');
    samples.length = 0;
    const sim = await startMqttSimulator({ brokerUrl: broker.url, devices, speed: 0, startTime: START, sparkplug: { groupId: 'E2E' } });
    try {
      sim.advance(3 * HOUR);
      await sim.flush();
      const truth = sim.groundTruth();
      const lastValue = (signalId: string): Sample['value'] => samples.filter((s) => s.signalId === signalId).at(-1)?.value;
      await waitFor(() => devices.every((d) => lastValue(`${d.id}/produced`) === BigInt(truthOf(truth, d.id).totals.produced)), 'the last counters', 15_000);
      for (const d of devices) {
        const t = truthOf(truth, d.id);
        expect(lastValue(`${d.id}/good`)).toBe(BigInt(t.totals.good));
        expect(lastValue(`${d.id}/scrap`)).toBe(BigInt(t.totals.scrap));
        expect(lastValue(`${d.id}/state`)).toBe(t.state);
        const states = samples.filter((s) => s.signalId === `${d.id}/state`);
        expect(states.every((s) => s.quality === 'good' && s.sourceTime >= START && s.sourceTime <= START + 3 * HOUR)).toBe(true);
        expect(samples.filter((s) => s.signalId === `${d.id}/produced`).at(-1)?.sourceTime).toBe(START + 3 * HOUR);
      }
      expect(jsonSource.stats().payloadErrors).toEqual(Object.fromEntries(Object.keys(jsonSource.stats().payloadErrors).map((k) => [k, 0])));
      expect(host.stats()).toMatchObject({ seqGaps: 0, rebirthRequests: 0 });
    } finally {
      await sim.stop();
      await jsonSource.stop();
      await host.stop();
    }
  });

  it('rongtong-sim mqtt prints its devices, publishes, and prints the ground truth JSON on SIGTERM (exit 0)', async () => {
    const sub = await subscribe(broker.url, '#');
    const agentConfigFile = join(dir, 'agent.json');
    const cli = spawnSimCli(['mqtt', '--broker', broker.url, '--devices', 'json:2,sparkplug:1', '--speed', '600', '--seed', '3', '--group', 'CliGroup', '--start', '2030-01-01T00:00:00Z', '--agent-config-out', agentConfigFile]);
    try {
      await cli.waitFor(/running until SIGINT or SIGTERM/);
      expect(cli.stdout()).toMatch(/^broker: mqtt:\/\/127\.0\.0\.1:\d+$/m);
      expect(cli.stdout()).toMatch(/DTU1 \(json, cnc\): factory\/line1\/DTU1\/telemetry, ts epoch-ms/);
      expect(cli.stdout()).toMatch(/DTU2 \(json, packml\): factory\/line1\/DTU2\/telemetry, ts epoch-s/);
      expect(cli.stdout()).toMatch(/EdgeNode1 \(sparkplug, cnc\): edge node CliGroup\/EdgeNode1, spBv1\.0\/CliGroup\/NBIRTH\/EdgeNode1, aliases Node Control\/Rebirth=1, State=2/);
      await waitFor(() => sub.messages.some((m) => m.topic === 'spBv1.0/CliGroup/NBIRTH/EdgeNode1') && sub.messages.some((m) => m.topic === 'factory/line1/DTU2/telemetry'), 'messages');
      const agentConfig = JSON.parse(readFileSync(agentConfigFile, 'utf8')) as { sources: { id: string }[] };
      expect(agentConfig.sources.map((s) => s.id)).toEqual(['sim-mqtt', 'sim-sparkplug']);
    } finally {
      expect(await cli.stop('SIGTERM')).toBe(0);
      await sub.close();
    }
    const out = cli.stdout();
    const truth = JSON.parse(out.slice(out.indexOf('SIGTERM: stopping') + 'SIGTERM: stopping'.length)) as SimulationGroundTruth;
    expect(truth.seed).toBe(3);
    expect(truth.startTime).toBe('2030-01-01T00:00:00.000Z');
    expect(truth.machines.map((m) => [m.id, m.kind])).toEqual([
      ['DTU1', 'cnc'],
      ['DTU2', 'packml'],
      ['EdgeNode1', 'cnc'],
    ]);
    for (const m of truth.machines) {
      expect(m.elapsedMs).toBeGreaterThan(0);
      expect(Object.values(m.totals.stateMs).reduce((a, b) => a + b, 0)).toBe(m.elapsedMs);
      expect(m.counters).toEqual({ produced: m.totals.produced, good: m.totals.good, scrap: m.totals.scrap });
    }
  });

  it('rongtong-sim mqtt prints the usage on stderr and exits 2 on bad arguments', async () => {
    const cases = [
      ['mqtt', '--devices', 'json:1'],
      ['mqtt', '--broker', broker.url, '--devices', 'modbus:1'],
      ['mqtt', '--broker', 'localhost:1883', '--devices', 'json:1'],
    ];
    const results = await Promise.all(cases.map((args) => runSimCli(args)));
    results.forEach((result, i) => {
      expect(result.code, cases[i]!.join(' ')).toBe(2);
      expect(result.stderr).toContain('usage: rongtong-sim mqtt');
      expect(result.stdout).toBe('');
    });
  });
});
