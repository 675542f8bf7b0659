import { runTsCli, tsCliNodeArgs } from '@rongtong/testkit';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentConfigInput } from '../../src/config/agent-config-schema.js';
import type { AgentSnapshot } from '../../src/health/agent-snapshot.js';
import { eventually, type TestPlatform } from './uplink-platform.js';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** What `rongtong-agent enroll` stored for one uplink (the parts a test reads). */
export interface ProcessEnrollment {
  readonly agentId: string;
  readonly tenantId: string;
}

/** A `rongtong-agent run` child process. */
export interface AgentProcess {
  /** What it printed so far. */
  stdout(): string;
  stderr(): string;
  /** `/status` of its health server. */
  status(): Promise<AgentSnapshot>;
  /** SIGTERM, then its exit code (SIGKILL after `graceMs`, then null). Idempotent. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Writes `config` (with `stateDir` and a health server on a free loopback port) to
 * `<dir>/agent.yaml` and enrols each uplink with `rongtong-agent enroll --config` and a
 * one-time token of `platform`. Returns the config path and the enrolments by uplink name.
 */
export async function writeEnrolledConfig(
  dir: string,
  config: Omit<AgentConfigInput, 'stateDir' | 'health'>,
  platform: TestPlatform,
): Promise<{ path: string; enrolled: Record<string, ProcessEnrollment> }> {
  const path = join(dir, 'agent.yaml');
  const stateDir = join(dir, 'state');
  writeFileSync(path, JSON.stringify({ ...config, stateDir, health: { listen: '127.0.0.1:0' } }, null, 2));
  const enrolled: Record<string, ProcessEnrollment> = {};
  for (const uplink of config.uplinks ?? []) {
    const token = await platform.issueEnrollmentToken(`${config.agent?.name ?? 'agent'}-${uplink.name}`);
    const result = await runTsCli(main, ['enroll', '--config', path, '--uplink', uplink.name, '--token', token]);
    if (result.code !== 0) throw new Error(`rongtong-agent enroll failed (${result.code}): ${result.stderr}`);
    const credentials = JSON.parse(readFileSync(join(stateDir, 'uplinks', uplink.name, 'credentials.json'), 'utf8')) as ProcessEnrollment;
    enrolled[uplink.name] = { agentId: credentials.agentId, tenantId: credentials.tenantId };
  }
  return { path, enrolled };
}

/** Starts `rongtong-agent run --config <path>` and waits until its health server answers. */
export async function startAgentProcess(path: string, startMs = 30_000): Promise<AgentProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...tsCliNodeArgs(main), 'run', '--config', path], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stopping: Promise<number | null> | undefined;
  const stop = (graceMs = 15_000): Promise<number | null> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    })();
    return stopping;
  };
  let base: string | undefined;
  try {
    await eventually(
      'the agent printed its health address',
      () => {
        if (child.exitCode !== null) throw new Error(`rongtong-agent run exited with ${child.exitCode}: ${stderr}`);
        base = /health: (http:\/\/127\.0\.0\.1:\d+)\/status/.exec(stdout)?.[1];
        return base !== undefined;
      },
      startMs,
    );
  } catch (err) {
    await stop(2000);
    throw err;
  }
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    async status() {
      const res = await fetch(`${base!}/status`);
      return (await res.json()) as AgentSnapshot;
    },
    stop,
  };
}

/** Resolves once the agent's first source is connected and has read at least `samples` samples (e.g. every signal's initial value). */
export async function sourceReadAll(agent: AgentProcess, samples: number, timeoutMs = 30_000): Promise<void> {
  await eventually(
    'the source connected and read every signal',
    async () => {
      const source = (await agent.status()).sources[0];
      return source?.state === 'connected' && (source.counters.samples ?? 0) >= samples;
    },
    timeoutMs,
  );
}
