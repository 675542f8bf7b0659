import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** What a CLI run printed and how it exited. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of `runTsCli`. */
export interface RunTsCliOptions {
  /** Extra environment variables (added to the test's own). */
  readonly env?: Record<string, string>;
  /** Kill the child after this long (default 30 s). */
  readonly timeoutMs?: number;
}

/** Node arguments that run a TypeScript CLI entry from a checkout: workspace sources through tsx. */
export function tsCliNodeArgs(entry: string): string[] {
  return ['--conditions=@rongtong/source', '--import', 'tsx', entry];
}

/**
 * Runs a CLI entry file (`…/src/cli/main.ts`) to completion in a child process, the way a
 * user runs the command, and returns its exit code and output. Never throws for a non-zero exit.
 */
export async function runTsCli(entry: string, args: readonly string[], options: RunTsCliOptions = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [...tsCliNodeArgs(entry), ...args], {
      env: { ...process.env, ...options.env },
      timeout: options.timeoutMs ?? 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
