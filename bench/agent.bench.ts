/**
 * The agent end to end: the real `rongtong-agent run` CLI in a child process (so its memory is
 * the agent's alone) with a simulated-clock generator source, sending over gRPC on loopback to
 * a real platform in this process (file-backed SQLite store). Measures
 * 1. acked samples/s: from the agent's start until the platform has committed the last batch;
 * 2. the agent's resident memory (VmRSS sampled every 100 ms, VmHWM before stopping);
 * 3. outbox bytes per sample: the same generator with the uplink pointing at a port where
 *    nothing listens, so every batch stays in the outbox.
 * Bounded: 300,000 samples per case, each case aborted after 90 s.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createClient } from '@rongtong/client';
import { createPlatform, createSqliteStore, ensureOperatorToken, type Platform, type Store } from '@rongtong/platform';
import { batchPayloadCodec } from '@rongtong/protocol';
import { freePort } from './measure.js';

export const title = 'Agent end to end: acked samples/s, agent memory, outbox bytes per sample';

const SAMPLES = 300_000;
const CASE_TIMEOUT_MS = 90_000;
/** Rounds per throughput case (the median is reported). */
const ROUNDS = 3;
/** Throughput cases: samples per batch, outbox durability. */
const CASES = [
  [1000, 'full'],
  [100, 'full'],
  [100, 'normal'],
] as const;
const OPERATOR = 'bench-operator-secret-0123456789';
const START_TIME = 1735689600000; // 2025-01-01T00:00:00Z
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const agentMain = join(repoRoot, 'packages', 'agent', 'src', 'cli', 'main.ts');
/** How `@rongtong/testkit`'s `tsCliNodeArgs` runs a CLI from a checkout: workspace sources through tsx. */
const NODE_ARGS = ['--conditions=@rongtong/source', '--import', 'tsx'];
const exec = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (kib: number) => fmt(kib / 1024, 1);

/** Ten signals: four sines, three random walks, three counters, 10 samples/s each in source time. */
const SIGNALS = [
  ...[1, 2, 3, 4].map((i) => ({ id: `m${i}/temp`, pattern: `{ type: sine, amplitude: ${10 * i}, offset: 50, period: ${30 * i}s }`, semantic: 'measurement', counter: '' })),
  ...[1, 2, 3].map((i) => ({ id: `m${i}/power`, pattern: `{ type: random-walk, start: 20, step: 0.5, min: 0, max: 100 }`, semantic: 'measurement', counter: '' })),
  ...[1, 2, 3].map((i) => ({ id: `m${i}/good`, pattern: `{ type: counter, ratePerSecond: ${i}, wrapsAt: 65536 }`, semantic: 'good_count', counter: ', counter: { monotonic: true, wrapsAt: 65536 }' })),
];

interface AgentCase {
  readonly stateDir: string;
  readonly platform: string;
  readonly maxSamples: number;
  readonly durability: 'full' | 'normal';
}

function agentYaml(c: AgentCase): string {
  return `stateDir: ${JSON.stringify(c.stateDir)}
agent: { name: bench-agent }
sources:
  - id: gen
    kind: generator
    clock: simulated
    startTime: ${START_TIME}
    rate: 10
    seed: 7
    count: ${SAMPLES}
    signals:
${SIGNALS.map((s) => `      - { id: ${s.id}, pattern: ${s.pattern} }`).join('\n')}
signals:
${SIGNALS.map((s) => `  - { id: ${s.id}, equipment: ${s.id.split('/')[0]}, source: gen, semantic: ${s.semantic}${s.counter} }`).join('\n')}
equipment:
${[1, 2, 3, 4].map((i) => `  - { id: m${i}, name: Machine ${i} }`).join('\n')}
batching: { maxSamples: ${c.maxSamples}, maxDelayMs: 1000 }
outbox: { durability: ${c.durability}, quota: { maxBytes: 4GiB, maxAge: 7d } }
uplinks:
  - { name: local, platform: "${c.platform}", sharing: raw, tls: false, insecure: true, backoff: { initial: 200ms, max: 1s } }
health: { listen: 127.0.0.1:0 }
log: { level: warn }
`;
}

/** A platform on a loopback port over a file-backed SQLite store, with an operator credential. */
interface BenchPlatform {
  readonly store: Store;
  readonly address: string;
  /** Creates a tenant and an enterprise and returns a one-time enrollment token for it. */
  enrollmentToken(): Promise<string>;
  close(): Promise<void>;
}

async function startPlatform(dir: string): Promise<BenchPlatform> {
  const store = createSqliteStore({ path: join(dir, 'platform.db') });
  let platform: Platform | undefined;
  try {
    platform = createPlatform({ store });
    const address = `127.0.0.1:${await platform.listen('127.0.0.1:0')}`;
    await ensureOperatorToken({ store, secret: OPERATOR });
    const p = platform;
    return {
      store,
      address,
      async enrollmentToken() {
        const admin = createClient({ address, token: OPERATOR, tls: false });
        try {
          const { tenant } = await admin.admin.createTenant({ tenant: { name: 'bench' } });
          const { enterprise } = await admin.admin.createEnterprise({
            tenantId: tenant!.id,
            enterprise: { unifiedSocialCreditCode: '91350100M000100Y43', name: '基准测试企业', chainLeader: false },
          });
          const { secret } = await admin.admin.issueEnrollmentToken({ enterpriseId: enterprise!.id, ttl: { seconds: '600' } });
          return secret;
        } finally {
          admin.close();
        }
      },
      async close() {
        await p.close(1000);
        await store.close();
      },
    };
  } catch (err) {
    await platform?.close(1000);
    await store.close();
    throw err;
  }
}

/** Enrols uplink `local` with the real CLI (`rongtong-agent enroll`); returns the stored credentials. */
async function enroll(platform: BenchPlatform, stateDir: string): Promise<{ agentId: string; tenantId: string }> {
  const token = await platform.enrollmentToken();
  await exec(process.execPath, [...NODE_ARGS, agentMain, 'enroll', '--platform', platform.address, '--token', token, '--insecure', '--uplink', 'local', '--state-dir', stateDir], {
    cwd: repoRoot,
    timeout: 30_000,
  });
  return JSON.parse(readFileSync(join(stateDir, 'uplinks', 'local', 'credentials.json'), 'utf8')) as { agentId: string; tenantId: string };
}

/** The parts of the agent's `/status` this bench reads. */
interface AgentStatus {
  sources: { id: string; state: string }[];
  uplinks: { state: string; lastAckSeq: string; inFlight: number; backlog: { pendingRecords: number; pendingBytes: number; sealedUnacked: number } }[];
}

interface MemorySample {
  readonly t: number;
  readonly rssKiB: number;
}

/** `rongtong-agent run` in a child process, with its memory sampled every 100 ms. */
class AgentProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly memory: MemorySample[] = [];
  stdout = '';
  stderr = '';
  private readonly sampler: NodeJS.Timeout;

  constructor(config: string) {
    this.child = spawn(process.execPath, [...NODE_ARGS, agentMain, 'run', '--config', config], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.sampler = setInterval(() => {
      const rss = this.procStatus('VmRSS');
      if (rss !== undefined) this.memory.push({ t: Date.now(), rssKiB: rss });
    }, 100);
    void this.exited.then(() => clearInterval(this.sampler));
  }

  /** User + system CPU seconds the process has used so far (/proc/<pid>/stat, in clock ticks of 1/100 s). */
  cpuSeconds(): number {
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** A field of /proc/<pid>/status in KiB (`VmRSS`, `VmHWM`); undefined once the process is gone. */
  procStatus(field: 'VmRSS' | 'VmHWM'): number | undefined {
    try {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Waits for the health address `run` prints once everything is started; returns it and when it appeared. */
  async started(): Promise<{ base: string; at: number }> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const m = /health: (http:\/\/127\.0\.0\.1:\d+)\/status/.exec(this.stdout);
      if (m) return { base: m[1]!, at: Date.now() };
      if (this.child.exitCode !== null) throw new Error(`the agent exited with ${this.child.exitCode}: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`the agent did not start: ${this.stderr}`);
      await sleep(10);
    }
  }

  async status(base: string): Promise<AgentStatus> {
    return (await (await fetch(`${base}/status`)).json()) as AgentStatus;
  }

  /** SIGTERM, then the exit code (SIGKILL after 10 s). */
  async stop(): Promise<number | null> {
    clearInterval(this.sampler);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Polls `condition` every `everyMs` until it holds; throws naming `what` after the case timeout. */
async function until(what: string, condition: () => Promise<boolean>, everyMs: number, agent: AgentProcess): Promise<void> {
  const deadline = Date.now() + CASE_TIMEOUT_MS;
  while (!(await condition())) {
    if (agent.child.exitCode !== null) throw new Error(`the agent exited (${agent.child.exitCode}) while waiting for ${what}: ${agent.stderr}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface ThroughputResult {
  readonly maxSamples: number;
  readonly durability: string;
  /** Seconds from the agent's start until the generator had written every sample into the outbox. */
  readonly producedSeconds: number;
  /** Seconds from the agent's start until the platform committed the last batch. */
  readonly ackedSeconds: number;
  readonly batches: number;
  readonly historicalBatches: number;
  readonly startRssKiB: number;
  readonly medianRssKiB: number;
  readonly hwmKiB: number;
  /** CPU seconds of the agent process between start and the last commit. */
  readonly agentCpuSeconds: number;
  /** CPU seconds of this process (the platform, and the polling) in the same time. */
  readonly benchCpuSeconds: number;
}

/** One end-to-end case: a fresh platform, agent and state directory. */
async function throughputCase(maxSamples: number, durability: 'full' | 'normal'): Promise<ThroughputResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-bench-agent-'));
  let platform: BenchPlatform | undefined;
  let agent: AgentProcess | undefined;
  try {
    platform = await startPlatform(dir);
    const stateDir = join(dir, 'state');
    const { agentId, tenantId } = await enroll(platform, stateDir);
    const config = join(dir, 'agent.yaml');
    writeFileSync(config, agentYaml({ stateDir, platform: platform.address, maxSamples, durability }));
    const expectedBatches = SAMPLES / maxSamples;
    const store = platform.store;

    agent = new AgentProcess(config);
    const a = agent;
    const { base, at: t0 } = await a.started();
    const startRssKiB = a.procStatus('VmRSS') ?? NaN;
    const agentCpu0 = a.cpuSeconds();
    const benchCpu0 = process.cpuUsage();
    let producedAt: number | undefined;
    // The platform's own record of the agent (one row): its last committed seq and commit time.
    let lastBatchTime = 0;
    await until(
      'every batch committed',
      async () => {
        if (producedAt === undefined && (await a.status(base)).sources.every((s) => s.state === 'closed')) producedAt = Date.now();
        const record = await store.getAgent(tenantId, agentId);
        lastBatchTime = record?.lastBatchTime ?? 0;
        return (record?.lastSeq ?? 0n) >= BigInt(expectedBatches);
      },
      50,
      a,
    );
    const hwmKiB = a.procStatus('VmHWM') ?? NaN;
    const agentCpuSeconds = a.cpuSeconds() - agentCpu0;
    const benchCpu = process.cpuUsage(benchCpu0);
    const during = a.memory.filter((m) => m.t >= t0 && m.t <= lastBatchTime).map((m) => m.rssKiB);
    const code = await a.stop();
    if (code !== 0) throw new Error(`the agent exited with ${code}: ${a.stderr}`);

    // Outside the timing: every sample arrived exactly once, in the expected batches.
    const stored = await store.getBatches(tenantId, agentId, 1n, BigInt(expectedBatches + 10));
    const samples = stored.reduce((n, b) => n + batchPayloadCodec.decode(b.payload).samples.length, 0);
    if (samples !== SAMPLES || stored.length !== expectedBatches) throw new Error(`platform holds ${samples} samples in ${stored.length} batches, expected ${SAMPLES} in ${expectedBatches}`);
    return {
      maxSamples,
      durability,
      producedSeconds: ((producedAt ?? lastBatchTime) - t0) / 1000,
      ackedSeconds: (lastBatchTime - t0) / 1000,
      batches: stored.length,
      historicalBatches: stored.filter((b) => b.historical).length,
      startRssKiB,
      medianRssKiB: median(during),
      hwmKiB,
      agentCpuSeconds,
      benchCpuSeconds: (benchCpu.user + benchCpu.system) / 1e6,
    };
  } finally {
    await agent?.stop();
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}


interface OutboxResult {
  readonly maxSamples: number;
  readonly durability: string;
  readonly payloadBytes: number;
  readonly runningFileBytes: number;
  readonly stoppedFileBytes: number;
  readonly uplinkStates: readonly string[];
  readonly seconds: number;
  readonly hwmKiB: number;
}

const fileBytes = (path: string) => (existsSync(path) ? statSync(path).size : 0);
const outboxBytes = (db: string) => fileBytes(db) + fileBytes(`${db}-wal`);

/** Everything stays in the outbox: the uplink points at a port where nothing listens. */
async function outboxCase(maxSamples: number, durability: 'full' | 'normal'): Promise<OutboxResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-bench-outbox-'));
  let platform: BenchPlatform | undefined;
  let agent: AgentProcess | undefined;
  try {
    // Enrolled against a real platform, which is closed before the agent runs.
    platform = await startPlatform(dir);
    const stateDir = join(dir, 'state');
    await enroll(platform, stateDir);
    await platform.close();
    platform = undefined;
    const config = join(dir, 'agent.yaml');
    writeFileSync(config, agentYaml({ stateDir, platform: `127.0.0.1:${await freePort()}`, maxSamples, durability }));
    const db = join(stateDir, 'uplinks', 'local', 'outbox.db');
    mkdirSync(join(stateDir, 'uplinks', 'local'), { recursive: true });

    agent = new AgentProcess(config);
    const a = agent;
    const { base, at: t0 } = await a.started();
    const states = new Set<string>();
    let status: AgentStatus | undefined;
    await until(
      'every sample in the outbox',
      async () => {
        status = await a.status(base);
        for (const u of status.uplinks) states.add(u.state);
        return status.sources.every((s) => s.state === 'closed') && status.uplinks[0]!.backlog.pendingRecords >= SAMPLES / maxSamples;
      },
      100,
      a,
    );
    const seconds = (Date.now() - t0) / 1000;
    // Still running and retrying, not stopped for good.
    await sleep(1500);
    status = await a.status(base);
    for (const u of status.uplinks) states.add(u.state);
    const uplink = status.uplinks[0]!;
    if (uplink.backlog.pendingRecords !== SAMPLES / maxSamples || uplink.backlog.sealedUnacked !== 0) {
      throw new Error(`outbox holds ${uplink.backlog.pendingRecords} pending records and ${uplink.backlog.sealedUnacked} sealed batches`);
    }
    if (uplink.state === 'closed') throw new Error(`the uplink stopped for good: ${a.stderr}`);
    const runningFileBytes = outboxBytes(db);
    const hwmKiB = a.procStatus('VmHWM') ?? NaN;
    const code = await a.stop();
    if (code !== 0) throw new Error(`the agent exited with ${code}: ${a.stderr}`);
    return { maxSamples, durability, payloadBytes: uplink.backlog.pendingBytes, runningFileBytes, stoppedFileBytes: outboxBytes(db), uplinkStates: [...states].sort(), seconds, hwmKiB };
  } finally {
    await agent?.stop();
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** RSS of Node.js with the tsx loader and nothing else (the floor under the agent's numbers). */
async function baselineRssKiB(): Promise<number> {
  const { stdout } = await exec(
    process.execPath,
    [...NODE_ARGS, '-e', "setTimeout(() => console.log(/VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]), 300)"],
    { cwd: repoRoot, timeout: 30_000 },
  );
  return Number(stdout.trim());
}

export async function run(): Promise<string> {
  const loadBefore = loadavg()[0]!;
  const rows: { median: ThroughputResult; rates: number[] }[] = [];
  for (const [maxSamples, durability] of CASES) {
    const runs: ThroughputResult[] = [];
    for (let i = 0; i < ROUNDS; i++) runs.push(await throughputCase(maxSamples, durability));
    runs.sort((x, y) => y.ackedSeconds - x.ackedSeconds);
    rows.push({ median: runs[Math.floor(runs.length / 2)]!, rates: runs.map((r) => SAMPLES / r.ackedSeconds) });
  }
  const outbox = await outboxCase(1000, 'full');
  const baseline = await baselineRssKiB();
  const loadAfter = loadavg()[0]!;

  const per100k = (seconds: number) => fmt((seconds * 100_000) / SAMPLES, 2);
  const lines = [
    '| batch size | outbox durability | acked samples / s (median; min – max) | in the outbox after | all committed after | agent CPU s / platform CPU s per 100k samples | agent RSS started / median / peak (MiB) |',
    '|---:|---|---:|---:|---:|---:|---:|',
    ...rows.map(({ median: r, rates }) => {
      const rate = `${fmt(SAMPLES / r.ackedSeconds)} (${fmt(Math.min(...rates))} – ${fmt(Math.max(...rates))})`;
      return `| ${fmt(r.maxSamples)} | ${r.durability} | ${rate} | ${fmt(r.producedSeconds, 1)} s | ${fmt(r.ackedSeconds, 1)} s | ${per100k(r.agentCpuSeconds)} / ${per100k(r.benchCpuSeconds)} | ${mib(r.startRssKiB)} / ${mib(r.medianRssKiB)} / ${mib(r.hwmKiB)} |`;
    }),
  ];
  const perSample = (bytes: number) => fmt(bytes / SAMPLES, 1);
  const historical = rows.reduce((n, r) => n + r.median.historicalBatches, 0);
  return `${lines.join('\n')}

**Outbox, platform unreachable** (${fmt(outbox.maxSamples)} samples per batch, durability ${outbox.durability}, uplink states seen: ${outbox.uplinkStates.join(', ')}): ${fmt(SAMPLES)} samples in the outbox after ${fmt(outbox.seconds, 1)} s; encoded payloads ${perSample(outbox.payloadBytes)} bytes per sample (the agent's \`pendingBytes\`); \`outbox.db\` + \`outbox.db-wal\` ${perSample(outbox.runningFileBytes)} bytes per sample while running, ${perSample(outbox.stoppedFileBytes)} after a clean stop (SIGTERM); agent peak RSS ${mib(outbox.hwmKiB)} MiB.

${fmt(SAMPLES)} samples per case from one simulated-clock generator (10 signals: 4 sine, 3 random walk, 3 counter), through the real \`rongtong-agent run\` in a child process (\`node --import tsx\` on the sources), to a platform in the bench process (file-backed SQLite store) over plaintext gRPC on loopback; uplink window 8; agent and platform share the cores. ${ROUNDS} rounds per row, each with a fresh platform, enrolment and state directory; the other columns are from the median round. Time runs from the agent printing its health address (sources started) to the platform's commit time of the last batch (read from its agent record, polled every 50 ms); afterwards every sample is checked in the store (${historical === 0 ? 'no batch was sent as historical' : `${fmt(historical)} batches were sent as historical`}). "In the outbox after": when the generator had written its last sample (agent \`/status\`, polled with the same 50 ms). CPU from \`/proc/<pid>/stat\` (agent) and \`process.cpuUsage()\` (this process: platform and polling) over the same interval. RSS: VmRSS sampled every 100 ms (median over the interval), VmHWM just before SIGTERM; Node.js with the tsx loader and nothing else: ${mib(baseline)} MiB. One-minute load average before / after the bench: ${fmt(loadBefore, 1)} / ${fmt(loadAfter, 1)} (other work on the machine shows up as noise here).`;
}
