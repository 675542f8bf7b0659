import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The CLI entry, run from source through tsx (no build needed). */
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const NODE_ARGS = ['--conditions=@rongtong/source', '--import', 'tsx', MAIN];

/** What a CLI run printed and how it exited. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `rongtong-sim args…` to completion; never throws for a non-zero exit. */
export async function runSimCli(args: readonly string[], timeoutMs = 30_000): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [...NODE_ARGS, ...args], { timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A `rongtong-sim` process running in the background. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when standard output matches `pattern` (rejects after `timeoutMs` or on exit). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `rongtong-sim args…` in the background. */
export function spawnSimCli(args: readonly string[]): RunningCli {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const match = pattern.exec(out);
          if (match === null) return false;
          cleanup();
          resolve(match);
          return true;
        };
        const onExit = (code: number | null): void => {
          cleanup();
          reject(new Error(`rongtong-sim exited with ${code}:\n${out}\n${err}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`rongtong-sim did not print ${pattern}:\n${out}\n${err}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          child.stdout.off('data', check);
          child.off('exit', onExit);
        };
        if (!check()) {
          child.stdout.on('data', check);
          child.once('exit', onExit);
        }
      }),
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
