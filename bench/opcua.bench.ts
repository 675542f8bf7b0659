/**
 * OPC UA subscriptions side by side: the Rongtong agent (`rongtong-agent run`, one opcua source →
 * pipeline → outbox → raw uplink to a platform in this process) and Node-RED 4 with
 * node-red-contrib-opcua (OPC UA Client node, `multiple` subscribe → a function node counting
 * values), each subscribing the same 1,000 or 10,000 bulk variables of one OPC UA simulator
 * (`rongtong-sim opcua --bulk N:1000`, its own process: every variable changes once a second)
 * with sampling interval 0 and publishing interval 100 ms. Per case, over a fixed window after
 * every item has reported: values/s received, CPU seconds per 10,000 values, RSS (median, peak).
 * A fifth case runs the agent with its V8 old space capped (`--max-old-space-size`), as on a small
 * gateway. Bounded: 2 rounds of 5 cases of ≈ 45 s each; each start is given at most 60 s.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SIMULATOR_NAMESPACE_URI } from '@rongtong/simulator';
import { repoRoot, startBenchAgent, startBenchPlatform, TS_NODE_ARGS, type BenchPlatform } from './opcua-agent.js';
import { ensureNodeRed, startNodeRed, type NodeRedInstall } from './opcua-node-red.js';
import { MeasuredProcess, until } from './opcua-process.js';

export const title = 'OPC UA subscriptions: Rongtong agent vs Node-RED (node-red-contrib-opcua), 1,000 and 10,000 monitored items';

type Contender = 'rongtong' | 'node-red';

/** One case: which client, how many items, and for the agent an optional V8 old-space cap (MiB). */
interface BenchCase {
  readonly contender: Contender;
  readonly items: number;
  readonly maxOldSpaceMiB?: number;
}

const CASES: readonly BenchCase[] = [
  { contender: 'rongtong', items: 1000 },
  { contender: 'node-red', items: 1000 },
  { contender: 'rongtong', items: 10_000 },
  { contender: 'node-red', items: 10_000 },
  { contender: 'rongtong', items: 10_000, maxOldSpaceMiB: 160 },
];
/** Every case runs once per round, rounds one after the other (the machine's load changes meanwhile). */
const ROUNDS = 2;
/** Simulated (= real, speed 1) ms between two changes of one bulk variable. */
const CHANGE_INTERVAL_MS = 1000;
const INTERVALS = { samplingInterval: 0, publishingInterval: 100 } as const;
const WARMUP_MS = 3000;
const WINDOW_MS = 20_000;
const START_TIMEOUT_MS = 60_000;
const NODE_RED_DIR = join(repoRoot, '.tmp', 'node-red-bench');
const simMain = join(repoRoot, 'packages', 'simulator', 'src', 'cli', 'main.ts');
const exec = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (kib: number) => fmt(kib / 1024, 1);

interface CaseResult extends BenchCase {
  readonly round: number;
  /** Seconds from the contender's start until every item had reported a value. */
  readonly allReportingSeconds: number;
  readonly values: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly simulatorCpuSeconds: number;
  readonly medianRssKiB: number;
  readonly peakRssKiB: number;
  /** Changes skipped between two values of an item, over the whole run (each value numbers its change). */
  readonly lost: number;
  /** What was checked after the window (every item reporting, values right, delivery). */
  readonly check: string;
  /** Changes the simulator did not write (its clock jumped by more than 10 intervals); 0 expected. */
  readonly simulatorCoalesced: number;
}

type ContenderResult = Omit<CaseResult, 'round' | 'simulatorCoalesced'>;

/** `rongtong-sim opcua --bulk N:1000` in its own process; resolves once it serves. */
async function startSimulator(items: number, dir: string): Promise<{ process: MeasuredProcess; endpointUrl: string; nodeIds: string[] }> {
  const sim = new MeasuredProcess('rongtong-sim', process.execPath, [
    ...TS_NODE_ARGS,
    simMain,
    'opcua',
    '--port',
    '0',
    '--bulk',
    `${items}:${CHANGE_INTERVAL_MS}`,
    '--speed',
    '1',
    '--pki-dir',
    join(dir, 'sim-pki'),
  ], { cwd: repoRoot });
  await sim.waitForOutput(/running until SIGINT or SIGTERM/, START_TIMEOUT_MS);
  const endpointUrl = /^endpoint: (opc\.tcp:\/\/\S+)$/m.exec(sim.stdout)![1]!;
  const ns = /^namespace: \S+ \(ns=(\d+)\)$/m.exec(sim.stdout)![1]!;
  const nodeIds = Array.from({ length: items }, (_, i) => `ns=${ns};s=bulk/${String(i).padStart(5, '0')}`);
  return { process: sim, endpointUrl, nodeIds };
}

/** The measuring window: values, CPU and RSS of `proc` (and the simulator's CPU) over WINDOW_MS. */
async function measureWindow(proc: MeasuredProcess, sim: MeasuredProcess, values: () => Promise<number>) {
  await sleep(WARMUP_MS);
  const [t0, v0, cpu0, sim0] = [Date.now(), await values(), proc.cpuSeconds(), sim.cpuSeconds()];
  await sleep(WINDOW_MS);
  const [t1, v1, cpu1, sim1] = [Date.now(), await values(), proc.cpuSeconds(), sim.cpuSeconds()];
  return {
    values: v1 - v0,
    seconds: (t1 - t0) / 1000,
    cpuSeconds: cpu1 - cpu0,
    simulatorCpuSeconds: sim1 - sim0,
    medianRssKiB: proc.medianRss(t0, t1),
    peakRssKiB: proc.status('VmHWM') ?? NaN,
  };
}

async function rongtongCase(c: BenchCase, dir: string, sim: Awaited<ReturnType<typeof startSimulator>>): Promise<ContenderResult> {
  const { items } = c;
  let platform: BenchPlatform | undefined;
  let agent: Awaited<ReturnType<typeof startBenchAgent>> | undefined;
  try {
    platform = await startBenchPlatform(dir);
    const stateDir = join(dir, 'state');
    const enrolled = await platform.enroll(stateDir);
    // The agent config names nodes by namespace URI, as a config should.
    const nodeIds = sim.nodeIds.map((id) => id.replace(/^ns=\d+;/, `nsu=${SIMULATOR_NAMESPACE_URI};`));
    const t0 = Date.now();
    const nodeOptions = c.maxOldSpaceMiB === undefined ? undefined : `--max-old-space-size=${c.maxOldSpaceMiB}`;
    agent = await startBenchAgent(dir, stateDir, platform.address, sim.endpointUrl, nodeIds, INTERVALS, nodeOptions);
    const a = agent;
    const samples = async () => (await a.status()).sources[0]!.counters.samples ?? 0;
    await until('every item subscribed', () => (a.process.assertRunning('subscribing'), /"OPC UA signals subscribed"|cannot be subscribed/.test(a.process.stderr)), START_TIMEOUT_MS);
    const logged = a.process.stderr.split('\n').find((l) => /"OPC UA signals subscribed"|cannot be subscribed/.test(l))!;
    const line = JSON.parse(logged) as { subscribed: number; bad: number; subscriptions: number };
    if (line.subscribed !== items || line.bad !== 0) throw new Error(`the agent subscribed ${line.subscribed} of ${items} items, ${line.bad} bad`);
    // Every item reports its current value first: `items` samples mean every item reported (checked in the store below).
    await until('every item reporting', async () => (await samples()) >= items, START_TIMEOUT_MS);
    const allReportingSeconds = (Date.now() - t0) / 1000;
    const window = await measureWindow(a.process, sim.process, samples);
    // Did the uplink keep up? What waits in the outbox at the end of the window (records of ≤ 1,000 values).
    const { backlog } = (await a.status()).uplinks[0]!;
    const final = (await a.status()).sources[0]!.counters;
    const code = await a.process.stop();
    agent = undefined;
    if (code !== 0) throw new Error(`the agent exited with ${code}: ${a.process.stderr.slice(-2000)}`);
    // `run` prints the pipeline's total at its clean stop (after flushing and a brief drain).
    const produced = Number(/^stopped: (\d+) samples/m.exec(a.process.stdout)?.[1] ?? NaN);
    const stored = await platform.stored(enrolled, items);
    if (stored.signals !== items || stored.wrong > 0) throw new Error(`the platform holds right values of ${stored.signals} of ${items} signals, ${stored.wrong} wrong values`);
    const check =
      `values of ${fmt(stored.signals)} of ${fmt(items)} items in the platform, all right; ${fmt(stored.samples)} of the ${fmt(produced)} values read were committed ` +
      `(${stored.samples === produced ? 'all' : 'the rest were still in the outbox at SIGTERM'}); outbox at the end of the window: ${backlog.pendingRecords} pending record(s)` +
      `${backlog.oldestPendingAgeMs === null ? '' : `, oldest ${fmt(backlog.oldestPendingAgeMs / 1000, 1)} s`}, ${backlog.sealedUnacked} batch(es) in flight; ${line.subscriptions} subscription(s); ${final.dropped_samples ?? 0} dropped`;
    return { ...c, allReportingSeconds, ...window, lost: stored.lost, check };
  } finally {
    await agent?.process.stop();
    await platform?.close();
  }
}

async function nodeRedCase(c: BenchCase, dir: string, sim: Awaited<ReturnType<typeof startSimulator>>, install: NodeRedInstall): Promise<ContenderResult> {
  const { items } = c;
  const t0 = Date.now();
  const red = await startNodeRed(install, dir, sim.endpointUrl, sim.nodeIds, items);
  try {
    await until('every item reporting', async () => (red.process.assertRunning('subscribing'), (await red.count()).items === items), START_TIMEOUT_MS, 200);
    const allReportingSeconds = (Date.now() - t0) / 1000;
    const window = await measureWindow(red.process, sim.process, async () => (await red.count()).values);
    const final = await red.count();
    const check = `values of ${fmt(final.items)} of ${fmt(items)} items counted, ${final.wrong === 0 ? 'all right' : `${fmt(final.wrong)} wrong`}; ${fmt(final.other)} other messages`;
    if (final.wrong > 0 || final.other > 0) throw new Error(`Node-RED: ${check}`);
    return { ...c, allReportingSeconds, ...window, lost: final.lost, check };
  } finally {
    await red.process.stop();
  }
}

async function runCase(c: BenchCase, round: number, install: NodeRedInstall): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), `rongtong-bench-opcua-${c.contender}-`));
  let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
  try {
    sim = await startSimulator(c.items, dir);
    const result = c.contender === 'rongtong' ? await rongtongCase(c, dir, sim) : await nodeRedCase(c, dir, sim, install);
    const code = await sim.process.stop();
    // The simulator prints what its bulk variables published when it stops.
    const coalesced = /^bulk: \d+ changes, \d+ written, (\d+) coalesced/m.exec(sim.process.stdout)?.[1];
    if (code !== 0 || coalesced === undefined) throw new Error(`the simulator exited with ${code}: ${sim.process.stderr.slice(-2000)}`);
    return { ...result, round, simulatorCoalesced: Number(coalesced) };
  } finally {
    await sim?.process.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak RSS (KiB) of `node [args] -e <wait 300 ms>`: the floor under a process's numbers. */
async function baselineRssKiB(args: readonly string[]): Promise<number> {
  const script = "setTimeout(() => console.log(/VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]), 300)";
  const { stdout } = await exec(process.execPath, [...args, '-e', script], { cwd: repoRoot, timeout: 30_000 });
  return Number(stdout.trim());
}

export async function run(): Promise<string> {
  const install = await ensureNodeRed(NODE_RED_DIR);
  const loadBefore = loadavg();
  const results: CaseResult[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const c of CASES) {
      console.log(`  round ${round}: ${c.contender}, ${fmt(c.items)} items${c.maxOldSpaceMiB === undefined ? '' : `, old space ≤ ${c.maxOldSpaceMiB} MiB`} …`);
      results.push(await runCase(c, round, install));
    }
  }
  // Grouped by case, rounds in order.
  results.sort((a, b) => CASES.findIndex((c) => c.contender === a.contender && c.items === a.items && c.maxOldSpaceMiB === a.maxOldSpaceMiB) - CASES.findIndex((c) => c.contender === b.contender && c.items === b.items && c.maxOldSpaceMiB === b.maxOldSpaceMiB) || a.round - b.round);
  const coalesced = results.reduce((n, r) => n + r.simulatorCoalesced, 0);
  const loadAfter = loadavg();
  const [plainNode, tsxNode] = [await baselineRssKiB([]), await baselineRssKiB(TS_NODE_ARGS)];

  const name = (r: BenchCase) =>
    r.contender === 'node-red'
      ? `Node-RED ${install.nodeRed} + contrib-opcua ${install.contrib}`
      : `Rongtong agent${r.maxOldSpaceMiB === undefined ? '' : ` (old space ≤ ${r.maxOldSpaceMiB} MiB)`}`;
  const lines = [
    '| monitored items | client | round | values / s (offered) | values lost | CPU s per 10,000 values | RSS median / peak (MiB) | all items reporting after | simulator CPU (% of a core) | checked after the run |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (r) =>
        `| ${fmt(r.items)} | ${name(r)} | ${r.round} | ${fmt(r.values / r.seconds)} (${fmt((r.items * 1000) / CHANGE_INTERVAL_MS)}) | ${fmt(r.lost)} | ${fmt((r.cpuSeconds * 10_000) / r.values, 3)} | ` +
        `${mib(r.medianRssKiB)} / ${mib(r.peakRssKiB)} | ${fmt(r.allReportingSeconds, 1)} s | ${fmt((r.simulatorCpuSeconds / r.seconds) * 100)} | ${r.check} |`,
    ),
  ];
  const load = (l: number[]) => l.map((x) => fmt(x, 1)).join(' / ');
  return `${lines.join('\n')}

**What was measured.** One OPC UA simulator per item count (\`rongtong-sim opcua --bulk N:${CHANGE_INTERVAL_MS} --speed 1\`, a node-opcua 2.182 server in its own process): N Double variables \`ns=<sim>;s=bulk/00000…\`, each changing once every ${fmt(CHANGE_INTERVAL_MS)} ms, staggered evenly, so the offered rate is N values/s; every value says which variable and which change it is. Both clients subscribe all N variables with sampling interval ${INTERVALS.samplingInterval} (every change, exception-based) and publishing interval ${INTERVALS.publishingInterval} ms, security None, anonymous, on loopback. ${ROUNDS} rounds of the ${CASES.length} cases, one after the other; for each case a fresh simulator and client; once every item has reported a value, ${fmt(WARMUP_MS / 1000)} s of warm-up, then a ${fmt(WINDOW_MS / 1000)} s window: values received in the window per second, the client process's CPU (user + system, \`/proc/<pid>/stat\`) per 10,000 of those values, its RSS (VmRSS sampled every 200 ms: median over the window; VmHWM: peak since start).

- **Rongtong agent**: the real \`rongtong-agent run\` in a child process (\`node --import tsx\` on the TypeScript sources: tsx costs memory, see the floor below), one \`opcua\` source with N signals (NodeIds by namespace URI), the subscription planner's split (node-opcua's limits: 10 subscriptions per session, 1,000 items per call), queue size 10; values counted by the source (\`samples\` in \`/status\`) — and each value goes on through the pipeline into the durable SQLite outbox (durability \`full\`, batches of ≤ 1,000 samples or 1 s) and is signed and sent over plaintext gRPC to a platform in the bench process, which commits it to a file-backed SQLite store: the agent's CPU and RSS include all of that. At the end of the window the bench reads the outbox backlog (\`/status\`: whether the uplink kept up), then stops the agent (SIGTERM: sources stop, the pipeline flushes, the uplink drains briefly) and checks in the platform's store that every item's values arrived and are right.
- **Node-RED ${install.nodeRed}** with node-red-contrib-opcua ${install.contrib} (its own node-opcua ${install.nodeOpcua}), installed on demand by \`npm install --prefix .tmp/node-red-bench ${'node-red@4 node-red-contrib-opcua@0.2.354'}\`, run headless (\`node red.js\`, no editor or admin API, userDir, HOME and the contrib's PKI in a temporary folder): a generated flow where one OPC UA Client node subscribes all N items with one \`multiple\` subscribe message (one CreateMonitoredItems call; its own \`time\` 0 ms gives sampling interval 0 and the contrib's default publishing interval 100 ms; queue size 1, at most 10 notifications per Publish response, both fixed by the contrib) and a function node counts each value and checks it belongs to its item; \`GET /count\` reports the count. Node-RED only counts: it neither stores nor forwards the values.

The simulator wrote every change (${coalesced === 0 ? 'none coalesced in any case' : `${fmt(coalesced)} changes coalesced in all: counted as lost`}). The capped row runs the same agent with \`NODE_OPTIONS=--max-old-space-size=160\`: with the default heap limit (a quarter of this machine's memory) V8 grows the heap lazily, so the agent's RSS rises at 10,000 values/s until a major GC; the capped row shows the rate, CPU and RSS when memory is tight (a small gateway).

Offered: N values/s from the simulator. Values lost: over the whole run, the changes missing between two values a client delivered for the same item (each value numbers its change; for the agent counted in the platform's store, for Node-RED by its counting function) — with sampling interval 0 a missing change means the server's queue for the item overflowed before a Publish response carried it. Floors: plain Node.js ${mib(plainNode)} MiB, Node.js with the tsx loader ${mib(tsxNode)} MiB (peak RSS of an idle process). One-minute / five-minute / fifteen-minute load average before: ${load(loadBefore)}, after: ${load(loadAfter)} — the 2 cores were shared with other work (other engineers' tests and builds) during the run, and the simulator, the client and (for the agent) the platform share them too: read the numbers as indications, not as a controlled measurement.`;
}
