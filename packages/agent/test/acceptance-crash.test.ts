import { runTsCli, tsCliNodeArgs } from '@rongtong/testkit';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratorSourceConfigInput } from '../src/sources/generator/generator-config.js';
import { expectGenerator, type GeneratedSample } from './support/generator-expectations.js';
import { duplicateSamples, samplesOf, storedBatches, type StoredSample } from './support/stored-batches.js';
import { startTestPlatform, storedSampleCount, type TestPlatform } from './support/uplink-platform.js';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const SIGNALS = 10;
const RATE = 300;
const TOTAL = 200_000;
const KILLS = 10;
/** Most restarts tried to land KILLS kills while data is still undelivered (a slow, loaded machine needs more). */
const MAX_CYCLES = 20;

/** Ten signals of every value type the generator makes, 300 samples/s each: ≈ 67 s of data. */
function generator(startTime: number): GeneratorSourceConfigInput {
  const patterns: GeneratorSourceConfigInput['signals'][number]['pattern'][] = [
    { type: 'counter', ratePerSecond: 3 },
    { type: 'sine', amplitude: 30, offset: 50, period: '7s' },
    { type: 'random-walk', start: 100, step: 0.5, min: 0, max: 200 },
    { type: 'state-cycle', states: [{ state: 'Executing', durationMs: 4000 }, { state: 'Idle', durationMs: 1000 }] },
    { type: 'constant', value: 42, integer: true },
  ];
  return {
    id: 'gen',
    kind: 'generator',
    clock: 'real',
    startTime,
    rate: RATE,
    count: TOTAL,
    seed: 7,
    signals: Array.from({ length: SIGNALS }, (_, i) => ({ id: `m${i}/s`, pattern: patterns[i % patterns.length]! })),
  };
}

function agentConfig(stateDir: string, address: string, source: GeneratorSourceConfigInput) {
  return {
    stateDir,
    agent: { name: 'crash-test' },
    sources: [source],
    signals: Array.from({ length: SIGNALS }, (_, i) => ({ id: `m${i}/s`, equipment: `m${i}`, source: 'gen', semantic: 'measurement' })),
    equipment: Array.from({ length: SIGNALS }, (_, i) => ({ id: `m${i}`, name: `Machine ${i}` })),
    batching: { maxSamples: 1000, maxDelayMs: 200 },
    uplinks: [{ name: 'main', platform: address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: '500ms' } }],
    health: { listen: '127.0.0.1:0' },
  };
}

/** A stable text of a value for the checksum: the type and the value. */
function valueText(value: unknown): string {
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
  return `${typeof value}:${String(value)}`;
}

/** SHA-256 over `signal|time|value` lines in signal, then source-time order. */
function checksum(samples: readonly (GeneratedSample | StoredSample)[]): string {
  const lines = samples.map((s) => `${s.signalId}|${s.sourceTime}|${valueText(s.value)}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Signals whose samples, in seq and payload order, are not strictly increasing in source time. */
function outOfOrder(samples: readonly StoredSample[]): string[] {
  const last = new Map<string, number>();
  const bad = new Set<string>();
  for (const s of samples) {
    if (s.sourceTime <= (last.get(s.signalId) ?? -Infinity)) bad.add(s.signalId);
    last.set(s.signalId, s.sourceTime);
  }
  return [...bad];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('acceptance: the agent survives SIGKILL at random moments', () => {
  let platform: TestPlatform;
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform();
    dir = mkdtempSync(join(tmpdir(), 'rongtong-crash-'));
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `rongtong-agent run`; resolves once it printed its start-up summary. */
  async function startAgent(config: string): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string }> {
    const child = spawn(process.execPath, [...tsCliNodeArgs(main), 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('health: http')) {
      if (child.exitCode !== null) throw new Error(`the agent exited with ${child.exitCode} at start:\n${stdout}\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`the agent did not start:\n${stdout}\n${stderr}`);
      await sleep(20);
    }
    return { child, exited, output: () => `${stdout}\n${stderr}` };
  }

  it(`delivers ${TOTAL} samples exactly once and in per-signal order across ${KILLS} SIGKILLs while data flows`, async () => {
    const stateDir = join(dir, 'state');
    const token = await platform.issueEnrollmentToken('crash');
    const enrolled = await runTsCli(main, ['enroll', '--platform', platform.address, '--token', token, '--insecure', '--uplink', 'main', '--state-dir', stateDir]);
    expect(enrolled.stderr).toBe('');
    const credentials = JSON.parse(readFileSync(join(stateDir, 'uplinks', 'main', 'credentials.json'), 'utf8')) as { agentId: string; tenantId: string };
    // The data starts when the first agent is up and lasts ≈ 67 s of real time; restarts catch up.
    const source = generator(Date.now() + 2000);
    const config = join(dir, 'agent.json');
    writeFileSync(config, JSON.stringify(agentConfig(stateDir, platform.address, source), null, 2));

    // Kill at random moments until KILLS of them hit an agent with data still undelivered.
    let kills = 0;
    for (let cycle = 0; cycle < MAX_CYCLES && kills < KILLS; cycle++) {
      const agent = await startAgent(config);
      await sleep(100 + Math.random() * 1000);
      agent.child.kill('SIGKILL');
      await agent.exited;
      if ((await storedSampleCount(platform.store, credentials.tenantId, credentials.agentId)) < TOTAL) kills += 1;
    }
    expect(kills).toBe(KILLS);

    const last = await startAgent(config);
    // The last samples are due when the data ends; then the backlog has a minute to drain.
    const dataEnd = (source.startTime as number) + ((TOTAL / SIGNALS) * 1000) / RATE;
    const deadline = Math.max(Date.now(), dataEnd) + 60_000;
    for (;;) {
      const stored = await storedSampleCount(platform.store, credentials.tenantId, credentials.agentId);
      if (stored >= TOTAL) break;
      if (Date.now() > deadline) throw new Error(`only ${stored} of ${TOTAL} samples arrived:\n${last.output()}`);
      await sleep(500);
    }
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    const batches = await storedBatches(platform.store, credentials.tenantId, credentials.agentId);
    const samples = samplesOf(batches);
    expect(duplicateSamples(samples)).toEqual([]);
    expect(samples).toHaveLength(TOTAL);
    const expected = expectGenerator(source);
    const perSignal = TOTAL / SIGNALS;
    const wanted = expected.signalIds.flatMap((id) => expected.samplesOf(id, perSignal));
    expect(checksum(samples)).toBe(checksum(wanted));
    // Per-signal order: live batches in seq order, and the backlog sent after restarts
    // (flagged historical, oldest first), each carry every signal in source-time order.
    expect(outOfOrder(samples.filter((s) => !s.historical))).toEqual([]);
    expect(outOfOrder(samples.filter((s) => s.historical))).toEqual([]);
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => BigInt(i + 1)));
  }, 240_000);
});
