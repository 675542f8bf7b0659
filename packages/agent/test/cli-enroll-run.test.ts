import { runTsCli, tsCliNodeArgs, type CliResult } from '@rongtong/testkit';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteOutbox } from '../src/outbox/sqlite-outbox.js';
import { validateAgentConfigText } from '../src/config/config-file.js';
import { runAgent } from '../src/run/run-agent.js';
import { eventually, startTestPlatform, storedSampleCount, useTestPlatform, type TestPlatform } from './support/uplink-platform.js';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const NODE_ARGS = tsCliNodeArgs(main);
const SAMPLES = 2000;


/** Runs the real CLI in a child process; never throws. */
const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runTsCli(main, args, { env });

/** An agent.yaml: a simulated generator limited to SAMPLES samples, and uplinks named `uplinks`. */
function agentYaml(stateDir: string, address: string, uplinks: readonly string[]): string {
  return `stateDir: ${JSON.stringify(stateDir)}
agent: { name: cli-test }
sources:
  - id: gen
    kind: generator
    clock: simulated
    startTime: 1735689600000
    rate: 100
    count: ${SAMPLES}
    signals:
      - { id: m1/good, pattern: { type: counter, ratePerSecond: 5 } }
      - { id: m1/temp, pattern: { type: sine, amplitude: 30, offset: 50, period: 60s } }
signals:
  - { id: m1/good, equipment: m1, source: gen, semantic: good_count, counter: { monotonic: true } }
  - { id: m1/temp, equipment: m1, source: gen, semantic: measurement }
equipment:
  - { id: m1, name: Packer }
batching: { maxSamples: 500, maxDelayMs: 100 }
outbox: { durability: normal }
uplinks:
${uplinks.map((u) => `  - { name: ${u}, platform: "${address}", sharing: raw, tls: false, insecure: true, backoff: { initial: 50, max: 1s } }`).join('\n')}
health: { listen: 127.0.0.1:0 }
`;
}

describe('rongtong-agent enroll and run against a real platform', () => {
  let platform: TestPlatform;
  let dir: string;
  let stateDir: string;

  beforeAll(async () => {
    platform = await startTestPlatform();
    dir = mkdtempSync(join(tmpdir(), 'rongtong-cli-run-'));
    stateDir = join(dir, 'state');
  });
  afterAll(async () => {
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('enroll stores key and credentials with mode 0600, prints the agent id only, and refuses to overwrite', async () => {
    const token = await platform.issueEnrollmentToken('cli-enroll');
    const args = ['enroll', '--platform', platform.address, '--token', token, '--insecure', '--uplink', 'local', '--state-dir', stateDir];
    const result = await cli(args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const uplinkDir = join(stateDir, 'uplinks', 'local');
    const credentials = JSON.parse(readFileSync(join(uplinkDir, 'credentials.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(credentials).sort()).toEqual(['agentId', 'enterpriseId', 'tenantId', 'token', 'tokenId']);
    expect(result.stdout).toContain(credentials.agentId);
    expect(result.stdout).not.toContain(credentials.token);
    expect(result.stdout).not.toContain(token);
    expect(result.stdout).not.toContain('PRIVATE KEY');
    expect(readFileSync(join(uplinkDir, 'key.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(statSync(join(uplinkDir, 'key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(uplinkDir, 'credentials.json')).mode & 0o777).toBe(0o600);

    const again = await cli(args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
    expect(JSON.parse(readFileSync(join(uplinkDir, 'credentials.json'), 'utf8'))).toEqual(credentials);
  }, 30_000);

  it('run names the uplink and the enroll command when an uplink is not enrolled', async () => {
    const config = join(dir, 'missing.yaml');
    writeFileSync(config, agentYaml(stateDir, platform.address, ['local', 'other']));
    const result = await cli(['run', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('uplink "other" is not enrolled');
    expect(result.stderr).toContain('rongtong-agent enroll');
  }, 30_000);

  it('enroll --config takes the platform and plaintext setting of the uplink from the config', async () => {
    const token = await platform.issueEnrollmentToken('cli-enroll-config');
    const result = await cli(['enroll', '--config', join(dir, 'missing.yaml'), '--uplink', 'other', '--token', token]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(statSync(join(stateDir, 'uplinks', 'other', 'credentials.json')).mode & 0o777).toBe(0o600);
  }, 30_000);

  it('run delivers every sample, and SIGTERM stops it with exit 0 and an empty outbox', async () => {
    const config = join(dir, 'agent.yaml');
    writeFileSync(config, agentYaml(stateDir, platform.address, ['local']));
    const credentials = JSON.parse(readFileSync(join(stateDir, 'uplinks', 'local', 'credentials.json'), 'utf8')) as Record<string, string>;
    const child = spawn(process.execPath, [...NODE_ARGS, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await eventually('all samples stored', async () => (await storedSampleCount(platform.store, credentials.tenantId!, credentials.agentId!)) >= SAMPLES, 20_000);
      expect(await storedSampleCount(platform.store, credentials.tenantId!, credentials.agentId!)).toBe(SAMPLES);
      await eventually('summary printed', () => stdout.includes('uplink local'), 5000);
      expect(stdout).toContain('1 source(s): gen (generator); 2 signal(s)');
      expect(stdout).toContain('(raw)');
      // The health server runs on the port the config left to the system (127.0.0.1:0).
      await eventually('health address printed', () => /health: http:\/\/127\.0\.0\.1:\d+\/status/.test(stdout), 5000);
      const base = /health: (http:\/\/127\.0\.0\.1:\d+)\/status/.exec(stdout)![1]!;
      const status = (await (await fetch(`${base}/status`)).json()) as { uplinks: { name: string; state: string }[] };
      expect(status.uplinks.map((u) => u.name)).toEqual(['local']);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('rongtong_agent_uplink_backlog_records{uplink="local"} 0');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(stderr).not.toContain(credentials.token!);
    expect(stdout).toContain(`stopped: ${SAMPLES} samples`);
    const key = readFileSync(join(stateDir, 'uplinks', 'local', 'key.pem'), 'utf8');
    const outbox = createSqliteOutbox({
      path: join(stateDir, 'uplinks', 'local', 'outbox.db'),
      agentId: credentials.agentId!,
      privateKeyPem: key,
      sharingLevel: 'SHARING_LEVEL_RAW',
      quota: { maxBytes: 1_000_000, maxAgeMs: 86_400_000 },
    });
    try {
      const stats = await outbox.stats();
      expect(stats.pendingRecords).toBe(0);
      expect(stats.sealedBatches).toBe(0);
    } finally {
      await outbox.close();
    }
  }, 30_000);
});

describe('runAgent: a fatal uplink stops alone', () => {
  const fixture = useTestPlatform();

  it('logs the fatal uplink, stops it, and the other uplink delivers everything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rongtong-run-fatal-'));
    fixture.cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const good = await fixture.p.enroll('fatal-good');
    const revoked = await fixture.p.enroll('fatal-revoked');
    await fixture.p.revoke(revoked.tokenId);
    const { config } = validateAgentConfigText(agentYaml(dir, fixture.p.address, ['good', 'revoked']));
    if (config === undefined) throw new Error('test config is invalid');
    const enrollment = (a: typeof good, name: string) => ({ agentId: a.id, token: a.token, privateKeyPem: a.privateKeyPem, outboxPath: join(dir, `${name}.db`) });
    const fatals: string[] = [];
    const agent = await runAgent({
      config,
      enrollments: new Map([
        ['good', enrollment(good, 'good')],
        ['revoked', enrollment(revoked, 'revoked')],
      ]),
      agentVersion: '0.1.0',
      drainMs: 500,
      onUplinkFatal: (name, code) => fatals.push(`${name}:${code}`),
    });
    try {
      await eventually('fatal', () => fatals.length > 0, 10_000);
      expect(fatals).toEqual(['revoked:ERROR_CODE_TOKEN_REVOKED']);
      await eventually('good uplink delivered', async () => (await storedSampleCount(fixture.p.store, good.tenantId, good.id)) >= SAMPLES, 15_000);
      expect(await storedSampleCount(fixture.p.store, good.tenantId, good.id)).toBe(SAMPLES);
      await eventually('revoked uplink closed', () => agent.uplinks.get('revoked')!.uplink.state === 'closed', 5000);
      expect(agent.uplinks.get('good')!.uplink.state).toBe('connected');
    } finally {
      await agent.stop();
    }
    expect(agent.uplinks.get('good')!.uplink.state).toBe('closed');
  }, 30_000);
});
