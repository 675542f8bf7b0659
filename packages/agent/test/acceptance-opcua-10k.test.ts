import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { routeNodeOpcuaLogs, silentOpcuaLogger } from '@rongtong/opcua';
import { createBulkSchedule, SIMULATOR_NAMESPACE_URI, startOpcuaSimulator, type BulkSchedule, type OpcuaSimulator } from '@rongtong/simulator';
import { runTsCli, tsCliNodeArgs } from '@rongtong/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplesOf, storedBatches, type StoredSample } from './support/stored-batches.js';
import { eventually, startTestPlatform, type TestPlatform } from './support/uplink-platform.js';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const ITEMS = 10_000;
/** Each bulk variable changes every 2 simulated (= real) seconds: 5,000 changes/s in all. */
const INTERVAL_MS = 2000;

// node-opcua prints its warnings on the console; what matters here is what the agent reports.
routeNodeOpcuaLogs(silentOpcuaLogger);

const signalId = (i: number): string => `bulk/${String(i).padStart(5, '0')}`;

/** The agent's `/status`, the parts read here. */
interface AgentStatus {
  sources: { id: string; kind: string; state: string; counters: Record<string, number> }[];
}

/** What the platform stored per signal, checked against the simulator's schedule as it arrives. */
class StoredBySignal {
  /** Per variable index: samples stored, and the latest change number seen (⌊value / count⌋). */
  readonly count = new Uint32Array(ITEMS);
  readonly latestChange = new Int32Array(ITEMS).fill(-1);
  /** Samples whose value or time is not what the simulator set (first few, as text). */
  readonly wrong: string[] = [];
  readonly seen = new Set<string>();
  duplicates = 0;
  /** Changes missing between two stored values of a variable (each value numbers its change). */
  gaps = 0;
  unknown = 0;
  total = 0;
  private nextSeq = 1n;

  constructor(private readonly schedule: BulkSchedule) {}

  /** Reads the batches committed since the last call. */
  async poll(platform: TestPlatform, tenantId: string, agentId: string): Promise<void> {
    const batches = await storedBatches(platform.store, tenantId, agentId, this.nextSeq);
    for (const s of samplesOf(batches)) this.add(s);
    if (batches.length > 0) this.nextSeq = batches.at(-1)!.seq + 1n;
  }

  private add(s: StoredSample): void {
    this.total += 1;
    const m = /^bulk\/(\d{5})$/.exec(s.signalId);
    const index = m ? Number(m[1]) : NaN;
    if (!(index >= 0 && index < ITEMS)) {
      this.unknown += 1;
      return;
    }
    const key = `${s.signalId}@${s.sourceTime}`;
    if (this.seen.has(key)) this.duplicates += 1;
    this.seen.add(key);
    const expected = this.schedule.valueAt(index, s.sourceTime);
    if (s.value !== expected.value || s.sourceTime !== expected.time) {
      if (this.wrong.length < 10) this.wrong.push(`${s.signalId} ${String(s.value)} @ ${new Date(s.sourceTime).toISOString()}, expected ${expected.value} @ ${new Date(expected.time).toISOString()}`);
      return;
    }
    this.count[index]! += 1;
    const change = Math.floor(expected.value / ITEMS);
    const latest = this.latestChange[index]!;
    if (latest >= 0 && change > latest + 1) this.gaps += change - latest - 1;
    this.latestChange[index] = Math.max(latest, change);
  }

  /** Indexes with no correct sample, or whose latest change is below `change`. */
  missing(change = 0): number[] {
    const out: number[] = [];
    for (let i = 0; i < ITEMS; i += 1) if (this.latestChange[i]! < change) out.push(i);
    return out;
  }
}

describe(`acceptance: one agent subscribes ${ITEMS.toLocaleString('en-US')} monitored items on one simulator`, () => {
  let dir: string;
  let sim: OpcuaSimulator;
  let platform: TestPlatform;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rongtong-opcua-10k-'));
    [sim, platform] = await Promise.all([
      startOpcuaSimulator({ machines: [], bulk: { count: ITEMS, intervalMs: INTERVAL_MS }, pkiDir: join(dir, 'sim-pki') }),
      startTestPlatform(),
    ]);
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sim?.stop();
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('subscribes every item (none bad) and stores the values the simulator set for every one of them, none silently missing', async () => {
    const bulk = sim.bulk!;
    expect(bulk.nodeIds).toHaveLength(ITEMS);
    const stateDir = join(dir, 'state');
    const token = await platform.issueEnrollmentToken('opcua-10k');
    const enrolled = await runTsCli(main, ['enroll', '--platform', platform.address, '--token', token, '--insecure', '--uplink', 'raw', '--state-dir', stateDir]);
    expect(enrolled.stderr).toBe('');
    const { agentId, tenantId } = JSON.parse(readFileSync(join(stateDir, 'uplinks', 'raw', 'credentials.json'), 'utf8')) as { agentId: string; tenantId: string };

    // The NodeIds the simulator lists, in the namespace-URI form an agent config should use.
    const nodeIds = bulk.nodeIds.map((id) => id.replace(/^ns=\d+;/, `nsu=${SIMULATOR_NAMESPACE_URI};`));
    const config = {
      stateDir,
      agent: { name: 'opcua-10k' },
      sources: [
        {
          id: 'sim',
          kind: 'opcua',
          endpointUrl: sim.endpointUrl,
          securityMode: 'None',
          samplingInterval: 0,
          publishingInterval: 500,
          pkiDir: join(dir, 'agent-pki'),
        },
      ],
      signals: nodeIds.map((nodeId, i) => ({ id: signalId(i), equipment: 'bulk', source: 'sim', semantic: 'measurement', address: { kind: 'opcua', nodeId } })),
      equipment: [{ id: 'bulk', name: 'Bulk variables' }],
      batching: { maxSamples: 1000, maxDelayMs: 200 },
      outbox: { durability: 'normal' },
      uplinks: [{ name: 'raw', platform: platform.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: '500ms' } }],
      health: { listen: '127.0.0.1:0' },
      log: { level: 'info' },
    };
    const configFile = join(dir, 'agent.json');
    writeFileSync(configFile, JSON.stringify(config));

    const agent = spawn(process.execPath, [...tsCliNodeArgs(main), 'run', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = agent;
    let stdout = '';
    let stderr = '';
    agent.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    agent.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => agent.on('exit', (code) => resolve(code)));
    const output = (): string => `${stdout}\n${stderr.slice(-4000)}`;
    const running = (): boolean => {
      if (agent.exitCode !== null) throw new Error(`the agent exited with ${agent.exitCode}:\n${output()}`);
      return true;
    };
    await eventually('the agent started', () => running() && stdout.includes('health: http'), 30_000);
    expect(stdout).toContain(`1 source(s): sim (opcua); ${ITEMS} signal(s)`);
    const base = /health: (http:\/\/127\.0\.0\.1:\d+)\/status/.exec(stdout)![1]!;
    const status = async (): Promise<AgentStatus> => (await (await fetch(`${base}/status`)).json()) as AgentStatus;

    // Subscribed: the source's own log line counts every item, and none is bad.
    await eventually('the source logged its subscriptions', () => running() && (stderr.includes('"OPC UA signals subscribed"') || stderr.includes('cannot be subscribed')), 30_000);
    const logged = stderr
      .split('\n')
      .filter((l) => l.includes('OPC UA signals subscribed') || l.includes('cannot be subscribed'))
      .map((l) => JSON.parse(l) as { signals: number; subscribed: number; bad: number; subscriptions: number; itemsPerCall: number });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ signals: ITEMS, subscribed: ITEMS, bad: 0 });
    const source = (await status()).sources[0]!;
    expect(source).toMatchObject({ id: 'sim', kind: 'opcua', state: 'connected' });
    expect(source.counters).toMatchObject({ items_bad: 0, connections: 1 });

    // Reporting: every signal's initial value, then a change of every variable, stored by the platform.
    const stored = new StoredBySignal(createBulkSchedule({ count: bulk.count, intervalMs: bulk.intervalMs, startTime: bulk.startTime }));
    const poll = async (): Promise<boolean> => running() && (await stored.poll(platform, tenantId, agentId), true);
    await eventually('a stored sample of every signal', async () => (await poll()) && stored.missing(0).length === 0, 30_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${stored.missing(0).length} signals have none, e.g. ${stored.missing(0).slice(0, 5).map(signalId).join(', ')}`);
    });
    // A change still ahead for every variable (its `due`-th, at start + due × interval + offset): each one reports it.
    const due = Math.floor((sim.now().getTime() - bulk.startTime) / bulk.intervalMs) + 1;
    await eventually(`change ${due} of every variable stored`, async () => (await poll()) && stored.missing(due).length === 0, 30_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${stored.missing(due).length} signals lack it, e.g. ${stored.missing(due).slice(0, 5).map(signalId).join(', ')}`);
    });

    const counters = (await status()).sources[0]!.counters;
    agent.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stored.wrong).toEqual([]);
    expect(stored.unknown).toBe(0);
    expect(stored.duplicates).toBe(0);
    // Sampling interval 0: every change after a variable's first stored value is stored too.
    expect(stored.gaps).toBe(0);
    expect(counters).toMatchObject({ items_bad: 0, dropped_samples: 0, gap_samples: 0, connections: 1, connection_losses: 0 });
    console.log(
      `${ITEMS} items subscribed in ${logged[0]!.subscriptions} subscription(s), ${logged[0]!.itemsPerCall} items per call; ` +
        `${stored.total} samples stored, every signal at change ≥ ${due}; simulator: ${JSON.stringify(sim.bulkStats())}`,
    );
  }, 150_000);
});
