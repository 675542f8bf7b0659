/**
 * MQTT and Sparkplug B from broker to outbox: publishers on loopback send 100,000 QoS 1
 * messages (four values each) to a broker — aedes in this process, and the machine's
 * Mosquitto when `RONGTONG_TEST_MQTT_URL` is set — and the agent reads them into its SQLite
 * outbox. The JSON case runs the real `rongtong-agent run` in a child process (its CPU and
 * memory are its own) with an `mqtt` source and a locally written enrolment; its uplink points
 * at a port where nothing listens, so every sample stays in the outbox and the clock stops when
 * the outbox holds them all. The
 * Sparkplug case does the same with a `sparkplug` source when the agent has that kind;
 * otherwise it runs `@rongtong/mqtt`'s Sparkplug host with the agent's pipeline and SQLite
 * outbox (public exports) in this process, and says so.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EquipmentConfigSchema,
  SignalConfigSchema,
  builtInSourceFactories,
  createPipeline,
  createSqliteOutbox,
} from '@rongtong/agent';
import { createSparkplugHostSource } from '@rongtong/mqtt';
import mqtt from 'mqtt';
import { type BenchBroker, type JsonLoad, type PublishGate, type SparkplugLoad, dtuIds, outboxSampleCounter, publishJson, publishSparkplug, sparkplugMetricPaths, startAedes } from './mqtt-load.js';
import { MeasuredProcess, until } from './opcua-process.js';
import { freePort } from './measure.js';

export const title = 'MQTT JSON and Sparkplug B: messages/s from broker to outbox';

const MESSAGES = 100_000;
/** Messages published and not yet in the outbox, at most (see `PublishGate`). */
const GATE_WINDOW = 600;
const CASE_TIMEOUT_MS = 180_000;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const agentMain = join(repoRoot, 'packages', 'agent', 'src', 'cli', 'main.ts');
/** How `@rongtong/testkit`'s `tsCliNodeArgs` runs a CLI from a checkout: workspace sources through tsx. */
const TS_NODE_ARGS = ['--conditions=@rongtong/source', '--import', 'tsx'];

/** The agent's `/status`, the parts read here. */
interface AgentStatus {
  sources: { id: string; state: string; counters: Record<string, number> }[];
}

/**
 * A local enrolment of uplink `raw` (as `rongtong-agent enroll` stores it: a fresh Ed25519
 * key and credentials, files 0600): the uplink never reaches a platform in this benchmark.
 */
function writeLocalEnrollment(stateDir: string): void {
  const dir = join(stateDir, 'uplinks', 'raw');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKeyPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(dir, 'key.pem'), privateKeyPem, { mode: 0o600 });
  const credentials = { agentId: randomUUID(), tenantId: randomUUID(), enterpriseId: randomUUID(), tokenId: randomUUID(), token: randomUUID() };
  writeFileSync(join(dir, 'credentials.json'), JSON.stringify(credentials), { mode: 0o600 });
}
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (kib: number) => (Number.isFinite(kib) ? fmt(kib / 1024, 0) : '–');
const SPARKPLUG_METRIC_SEMANTICS: Record<string, [string, string]> = {
  'Status/State': ['machine_state', ''],
  'Production/Good': ['good_count', ''],
  Temperature: ['measurement', 'Cel'],
  'Spindle/Speed': ['speed', '/min'],
};

interface CaseResult {
  readonly kind: 'JSON' | 'Sparkplug B';
  readonly broker: string;
  readonly how: string;
  readonly samples: number;
  readonly publishedSeconds: number;
  readonly outboxSeconds: number;
  /** CPU seconds of the agent (child process), or undefined when it ran in this process. */
  readonly agentCpu: number | undefined;
  /** CPU seconds of this process: broker (aedes), publishers, polling — and the agent when in process. */
  readonly benchCpu: number;
  readonly rssMedianKiB: number;
  readonly rssPeakKiB: number;
  readonly dropped: number;
  readonly payloadErrors: number;
}


const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

/** The agent's view of the JSON load: one template, four fields, 4 signals per machine. */
function jsonSource(url: string, prefix: string) {
  return {
    id: 'dtu',
    kind: 'mqtt',
    url,
    clientId: `bench-agent-${prefix}`.slice(0, 23),
    qos: 1,
    maxQueuedSamples: 2_000_000,
    topics: [
      {
        topic: `${prefix}/{line}/{machine}/telemetry`,
        equipment: '{machine}',
        timestampPath: '$.ts',
        fields: [
          { path: '$.state', signal: '{machine}/state', semantic: 'machine_state' },
          { path: '$.good', signal: '{machine}/good', semantic: 'good_count' },
          { path: '$.temp', signal: '{machine}/temp', type: 'number' },
          { path: '$.spindle.rpm', signal: '{machine}/spindle', type: 'number' },
        ],
      },
    ],
  };
}

function jsonSignals(load: JsonLoad) {
  const ids = dtuIds(load.machines);
  return {
    signals: ids.flatMap((m) => [
      { id: `${m}/state`, equipment: m, source: 'dtu', semantic: 'machine_state' },
      { id: `${m}/good`, equipment: m, source: 'dtu', semantic: 'good_count', counter: { monotonic: true } },
      { id: `${m}/temp`, equipment: m, source: 'dtu', semantic: 'measurement', unit: 'Cel' },
      { id: `${m}/spindle`, equipment: m, source: 'dtu', semantic: 'speed', unit: '/min' },
    ]),
    equipment: ids.map((m) => ({ id: m, name: `DTU ${m}` })),
  };
}

function sparkplugSignals(load: SparkplugLoad) {
  const paths = sparkplugMetricPaths(load);
  const equipmentId = (p: { edgeNodeId: string; deviceId: string }) => `${p.edgeNodeId}-${p.deviceId}`;
  return {
    signals: paths.map((p) => {
      const [semantic, unit] = SPARKPLUG_METRIC_SEMANTICS[p.metricName]!;
      return {
        id: `${equipmentId(p)}/${p.metricName.toLowerCase().replace('/', '-')}`,
        equipment: equipmentId(p),
        source: 'sp',
        semantic,
        unit,
        ...(semantic === 'good_count' ? { counter: { monotonic: true } } : {}),
        address: { kind: 'sparkplug', groupId: load.group, ...p },
      };
    }),
    equipment: [...new Set(paths.map(equipmentId))].map((id) => ({ id, name: id })),
  };
}

/** Runs `rongtong-agent run` with `source` and the given signals; publishes; waits until the outbox holds `expected` samples. */
async function agentCase(
  kind: CaseResult['kind'],
  broker: BenchBroker,
  source: object,
  mapping: { signals: object[]; equipment: object[] },
  expected: number,
  publish: (t0: number, gate: PublishGate) => Promise<void>,
): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-bench-mqtt-'));
  let agent: MeasuredProcess | undefined;
  const counter = outboxSampleCounter(join(dir, 'state', 'uplinks', 'raw', 'outbox.db'));
  try {
    writeLocalEnrollment(join(dir, 'state'));
    const config = {
      stateDir: join(dir, 'state'),
      agent: { name: 'bench-mqtt' },
      sources: [source],
      ...mapping,
      batching: { maxSamples: 1000, maxDelayMs: 200 },
      outbox: { durability: 'full', quota: { maxBytes: '4GiB', maxAge: '7d' } },
      uplinks: [{ name: 'raw', platform: `127.0.0.1:${await freePort()}`, sharing: 'raw', tls: false, insecure: true, backoff: { initial: '1s', max: '5s' } }],
      health: { listen: '127.0.0.1:0' },
      log: { level: 'warn' },
    };
    writeFileSync(join(dir, 'agent.json'), JSON.stringify(config));
    agent = new MeasuredProcess('rongtong-agent', process.execPath, [...TS_NODE_ARGS, agentMain, 'run', '--config', join(dir, 'agent.json')], { cwd: repoRoot, sampleMs: 100 });
    const a = agent;
    const base = (await a.waitForOutput(/health: (http:\/\/127\.0\.0\.1:\d+)\/status/, 60_000))[1]!;
    const status = async () => (await (await fetch(`${base}/status`)).json()) as AgentStatus;
    await until('the source connected', async () => (await status()).sources[0]?.state === 'connected', 30_000);

    const t0 = Date.now();
    const cpu0 = a.cpuSeconds();
    const bench0 = process.cpuUsage();
    let inOutbox = 0;
    const gate: PublishGate = { window: GATE_WINDOW, sent: 0, consumed: () => inOutbox / 4 };
    let publishedAt = 0;
    const publishing = publish(t0, gate).then(() => (publishedAt = Date.now()));
    await until('every sample in the outbox', () => (a.assertRunning('benchmarking'), (inOutbox = counter.samples()) >= expected), CASE_TIMEOUT_MS, 20);
    const t1 = Date.now();
    const agentCpu = a.cpuSeconds() - cpu0;
    const benchCpu = cpuSeconds(bench0);
    await publishing;
    const counters = (await status()).sources[0]!.counters;
    const rssPeakKiB = a.status('VmHWM') ?? NaN;
    const code = await a.stop();
    if (code !== 0) throw new Error(`the agent exited with ${code}: ${a.stderr.slice(-2000)}`);
    const stored = counter.samples();
    if (stored !== expected) throw new Error(`the outbox holds ${stored} samples, expected ${expected}`);
    const payloadErrors = Object.entries(counters).reduce((n, [k, v]) => n + (k.startsWith('payload_errors_') ? v : 0), 0);
    return {
      kind,
      broker: broker.name,
      how: '`rongtong-agent run` (child process)',
      samples: expected,
      publishedSeconds: (publishedAt - t0) / 1000,
      outboxSeconds: (t1 - t0) / 1000,
      agentCpu,
      benchCpu,
      rssMedianKiB: a.medianRss(t0, t1),
      rssPeakKiB,
      dropped: counters.dropped_samples ?? 0,
      payloadErrors,
    };
  } finally {
    counter.close();
    await agent?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Sparkplug host with the agent's pipeline and SQLite outbox, in this process. */
async function inProcessSparkplugCase(broker: BenchBroker, load: SparkplugLoad, expected: number): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-bench-sparkplug-'));
  const path = join(dir, 'outbox.db');
  const counter = outboxSampleCounter(path);
  const privateKeyPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const outbox = createSqliteOutbox({ path, agentId: 'bench-agent', privateKeyPem, sharingLevel: 'SHARING_LEVEL_RAW', quota: { maxBytes: 4 * 2 ** 30, maxAgeMs: 7 * 86_400_000 }, durability: 'full' });
  const mapping = sparkplugSignals(load);
  const pipeline = createPipeline({
    config: { signals: mapping.signals.map((s) => SignalConfigSchema.parse(s)), equipment: mapping.equipment.map((e) => EquipmentConfigSchema.parse(e)), batching: { maxSamples: 1000, maxDelayMs: 200 } },
    uplinks: [{ name: 'raw', sharingLevel: 'SHARING_LEVEL_RAW', outbox }],
  });
  const host = createSparkplugHostSource({
    config: { id: 'sp', url: broker.url, hostId: `bench-${load.group}`, groups: [load.group], maxQueuedSamples: 2_000_000 },
    signals: mapping.signals.map((s) => ({ id: s.id, address: s.address as never })),
    sink: pipeline.sink,
  });
  try {
    await host.start();
    await until('the host connected', () => host.state === 'connected', 30_000, 20);
    const t0 = Date.now();
    const bench0 = process.cpuUsage();
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(process.memoryUsage.rss() / 1024), 100);
    let inOutbox = 0;
    const gate: PublishGate = { window: GATE_WINDOW, sent: 0, consumed: () => inOutbox / 4 };
    let publishedAt = 0;
    const publishing = publishSparkplug(broker.url, load, t0, gate).then(() => (publishedAt = Date.now()));
    try {
      await until('every sample in the outbox', () => (inOutbox = counter.samples()) >= expected, CASE_TIMEOUT_MS, 20);
    } finally {
      clearInterval(sampler);
    }
    const t1 = Date.now();
    const benchCpu = cpuSeconds(bench0);
    await publishing;
    const stats = host.stats();
    rssSamples.sort((x, y) => x - y);
    return {
      kind: 'Sparkplug B',
      broker: broker.name,
      how: 'Sparkplug host + agent pipeline + SQLite outbox in the bench process',
      samples: expected,
      publishedSeconds: (publishedAt - t0) / 1000,
      outboxSeconds: (t1 - t0) / 1000,
      agentCpu: undefined,
      benchCpu,
      rssMedianKiB: rssSamples[Math.floor(rssSamples.length / 2)] ?? NaN,
      rssPeakKiB: rssSamples.at(-1) ?? NaN,
      dropped: stats.droppedSamples,
      payloadErrors: Object.values(stats.payloadErrors).reduce((a, b) => a + b, 0),
    };
  } finally {
    await host.stop();
    await clearRetained(broker.url, host.stateTopic);
    await pipeline.close();
    await outbox.close();
    counter.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes a retained message (the host's STATE) so a shared broker keeps nothing of this run. */
async function clearRetained(url: string, topic: string): Promise<void> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  await client.publishAsync(topic, '', { qos: 1, retain: true });
  await client.endAsync();
}

async function brokerCases(broker: BenchBroker, agentHasSparkplug: boolean, notes: string[]): Promise<CaseResult[]> {
  const run = randomUUID().slice(0, 6);
  const jsonLoad: JsonLoad = { machines: 40, messages: MESSAGES, publishers: 4 };
  const spLoad: SparkplugLoad = { group: `Bench${run}`, nodes: 4, devices: 10, messages: MESSAGES };
  const expected = MESSAGES * 4;
  /** The births give one sample per device metric too. */
  const expectedSparkplug = expected + spLoad.nodes * spLoad.devices * 4;
  const results: CaseResult[] = [];
  const prefix = `bench-${run}`;
  results.push(await agentCase('JSON', broker, jsonSource(broker.url, prefix), jsonSignals(jsonLoad), expected, (t0, gate) => publishJson(broker.url, jsonLoad, t0, prefix, gate)));
  let sparkplugDone = false;
  if (agentHasSparkplug) {
    try {
      const source = { id: 'sp', kind: 'sparkplug', url: broker.url, hostId: `bench-${run}`, groups: [spLoad.group], qos: 1, maxQueuedSamples: 2_000_000 };
      results.push(await agentCase('Sparkplug B', broker, source, sparkplugSignals(spLoad), expectedSparkplug, (t0, gate) => publishSparkplug(broker.url, spLoad, t0, gate)));
      sparkplugDone = true;
      await clearRetained(broker.url, `spBv1.0/STATE/${source.hostId}`);
    } catch (err) {
      notes.push(`The agent's \`sparkplug\` source failed on ${broker.name} (${(err as Error).message.split('\n')[0]}); measured in process instead.`);
    }
  }
  if (!sparkplugDone) results.push(await inProcessSparkplugCase(broker, spLoad, expectedSparkplug));
  return results;
}

export async function run(): Promise<string> {
  const loadBefore = loadavg()[0]!;
  const agentHasSparkplug = builtInSourceFactories.some((f) => f.kind === 'sparkplug');
  const notes: string[] = [];
  if (!agentHasSparkplug) notes.push("The agent had no `sparkplug` source kind yet when this ran: the Sparkplug rows run `@rongtong/mqtt`'s host with the agent's pipeline and SQLite outbox in the bench process (CPU and RSS then include the broker and the publishers).");
  const results: CaseResult[] = [];
  const aedes = await startAedes();
  try {
    results.push(...(await brokerCases(aedes, agentHasSparkplug, notes)));
  } finally {
    await aedes.close();
  }
  const mosquittoUrl = process.env.RONGTONG_TEST_MQTT_URL;
  if (mosquittoUrl) results.push(...(await brokerCases({ url: mosquittoUrl, name: 'Mosquitto (the machine’s service)', close: () => Promise.resolve() }, agentHasSparkplug, notes)));
  else notes.push('Mosquitto rows skipped: set RONGTONG_TEST_MQTT_URL (e.g. mqtt://127.0.0.1:1883) to add them.');
  const loadAfter = loadavg()[0]!;

  const lines = [
    '| payload | broker | agent | messages/s | samples/s | all published after | all in the outbox after | agent CPU s (messages per CPU s) | bench-process CPU s | RSS median / peak (MiB) | dropped / payload errors |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.kind} | ${r.broker} | ${r.how} | ${fmt(MESSAGES / r.outboxSeconds)} | ${fmt(r.samples / r.outboxSeconds)} | ${fmt(r.publishedSeconds, 1)} s | ${fmt(r.outboxSeconds, 1)} s | ${r.agentCpu === undefined ? '–' : `${fmt(r.agentCpu, 1)} (${fmt(MESSAGES / r.agentCpu)})`} | ${fmt(r.benchCpu, 1)} | ${mib(r.rssMedianKiB)} / ${mib(r.rssPeakKiB)} | ${r.dropped} / ${r.payloadErrors} |`,
    ),
  ];
  return [
    `${fmt(MESSAGES)} messages per row, QoS 1, four values per message: ${fmt(MESSAGES * 4)} samples (Sparkplug: and the births' 160). Publishers keep at most 200 messages unacknowledged per connection and at most ${fmt(GATE_WINDOW)} not yet in the outbox (a broker does not slow publishers to its subscriber's pace, and Mosquitto drops what overflows a subscriber's queue of 1,000); the agent subscribes at QoS 1.`,
    `JSON: 4 publisher connections for 40 DTUs on \`<prefix>/line1/<dtu>/telemetry\` (\`{ ts, state, good, temp, spindle: { rpm } }\`), one topic template with four fields. Sparkplug B: 4 edge nodes × 10 devices, NBIRTH/DBIRTH first, then DDATA of four metrics by alias (String, UInt64, Double, Float) with a correct seq.`,
    'The agent batches at 1,000 samples or 200 ms into its SQLite outbox (durability `full`, fsync per commit); its uplink points at a port where nothing listens, so the clock stops when the outbox holds every sample (counted in its `pending` table). Rates are messages (samples) over that time; "all published" is when the publishers had every PUBACK. Messages per agent CPU second is what one free core would carry.',
    '',
    ...lines,
    '',
    ...notes.map((n) => `- ${n}`),
    `- The machine is shared with other engineers' builds and tests: 1-minute load average ${fmt(loadBefore, 2)} before, ${fmt(loadAfter, 2)} after. The broker (aedes) and the publishers run in the bench process and compete with the agent for the 2 cores; read the numbers as a floor.`,
  ].join('\n');
}
