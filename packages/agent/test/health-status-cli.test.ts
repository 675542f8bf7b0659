import { runTsCli, type CliResult } from '@rongtong/testkit';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentHealthServer, type AgentHealthServer } from '../src/health/health-server.js';
import { sampleSnapshot } from '../src/health/test-support/sample-snapshot.js';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

type Result = CliResult;

/** Runs the real CLI in a child process; never throws. */
const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runTsCli(main, args, { env });

describe('rongtong-agent status (child process)', () => {
  let ready: AgentHealthServer;
  let notReady: AgentHealthServer;
  let deadPort: number;
  let dir: string;
  const results: Record<string, Result> = {};

  beforeAll(async () => {
    ready = await startAgentHealthServer({ port: 0, snapshot: () => Promise.resolve(sampleSnapshot()) });
    notReady = await startAgentHealthServer({
      port: 0,
      snapshot: () => Promise.resolve({ ...sampleSnapshot(), sources: [{ id: 'plc1', kind: 'opcua', state: 'backoff', counters: {} }] }),
    });
    const dead = await startAgentHealthServer({ port: 0, snapshot: () => Promise.resolve(sampleSnapshot()) });
    deadPort = dead.port;
    await dead.close();
    dir = mkdtempSync(join(tmpdir(), 'rongtong-status-'));
    const config = join(dir, 'agent.yaml');
    writeFileSync(
      config,
      [
        'agent: { name: trial }',
        'sources: [{ id: gen, kind: generator, signals: [{ id: m1/state, pattern: { type: constant, value: Executing } }] }]',
        'signals: [{ id: m1/state, equipment: m1, source: gen, semantic: machine_state }]',
        'equipment: [{ id: m1, name: Machine 1 }]',
        `health: { listen: "127.0.0.1:${ready.port}" }`,
        '',
      ].join('\n'),
    );
    // A handful of real processes, started together.
    const cases: Record<string, string[]> = {
      ready: ['status', '--health', `127.0.0.1:${ready.port}`],
      notReady: ['status', '--health', `127.0.0.1:${notReady.port}`],
      dead: ['status', '--health', `127.0.0.1:${deadPort}`],
      config: ['status', '--config', config],
      badFlag: ['status', '--bogus'],
      badAddress: ['status', '--health', 'nonsense'],
    };
    await Promise.all(Object.entries(cases).map(async ([name, args]) => (results[name] = await cli(args))));
  }, 60_000);

  afterAll(async () => {
    await ready.close();
    await notReady.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the summary and exits 0 when the agent is ready', () => {
    const r = results.ready!;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ready\n/);
    expect(r.stdout).toContain('  plc1 (generator): connected\n');
    expect(r.stdout).toContain('  main (raw): connected, backlog 7 records / 2048 B');
    expect(r.stdout).toContain('last ack seq 42');
    expect(r.stdout).toContain('dropped: 5 samples, 1 batches, 120 B');
  });

  it('exits 1 and says what is not ready', () => {
    const r = results.notReady!;
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^not ready: source plc1: backoff\n/);
  });

  it('exits 1 with a clear message when nothing answers', () => {
    const r = results.dead!;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no agent answered at http://127.0.0.1:${deadPort}/status`);
  });

  it("reads the address from the config's health.listen", () => {
    expect(results.config!.code).toBe(0);
    expect(results.config!.stdout).toMatch(/^ready\n/);
  });

  it('exits 2 on usage errors', () => {
    expect(results.badFlag!.code).toBe(2);
    expect(results.badAddress!.code).toBe(2);
    expect(results.badAddress!.stderr).toContain('--health must be host:port');
  });
});
