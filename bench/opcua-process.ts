/**
 * A measured child process for the OPC UA benchmark: its output, CPU seconds and resident memory
 * read from /proc/<pid> (Linux), and a bounded stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One RSS reading. */
export interface RssSample {
  readonly t: number;
  readonly kib: number;
}

/** A child process whose CPU and memory are read from /proc while it runs. */
export class MeasuredProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly rss: RssSample[] = [];
  stdout = '';
  stderr = '';
  private readonly sampler: NodeJS.Timeout;

  /** Spawns `command args…`; RSS is sampled every `sampleMs`. */
  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    options: { cwd?: string; env?: NodeJS.ProcessEnv; sampleMs?: number } = {},
  ) {
    this.child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => {
      // Keep the tail only: a chatty process must not fill this one's memory.
      this.stderr = (this.stderr + d.toString()).slice(-200_000);
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.sampler = setInterval(() => {
      const kib = this.status('VmRSS');
      if (kib !== undefined) this.rss.push({ t: Date.now(), kib });
    }, options.sampleMs ?? 200);
    void this.exited.then(() => clearInterval(this.sampler));
  }

  /** User + system CPU seconds used so far (/proc/<pid>/stat fields 14 and 15, clock ticks of 1/100 s). */
  cpuSeconds(): number {
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** A field of /proc/<pid>/status in KiB (`VmRSS`, `VmHWM`); undefined once the process is gone. */
  status(field: 'VmRSS' | 'VmHWM'): number | undefined {
    try {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Throws (with the output's tail) when the process has exited. */
  assertRunning(what: string): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) while ${what}:\n${this.stdout.slice(-2000)}\n${this.stderr.slice(-2000)}`);
    }
  }

  /** Resolves with the first match of `pattern` in standard output; throws after `timeoutMs` or on exit. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.stdout);
      if (m) return m;
      this.assertRunning(`waiting for ${pattern}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${pattern} after ${timeoutMs} ms:\n${this.stdout.slice(-2000)}\n${this.stderr.slice(-2000)}`);
      await sleep(20);
    }
  }

  /** Median RSS (KiB) of the samples taken between `from` and `to` (ms since the epoch). */
  medianRss(from: number, to: number): number {
    const xs = this.rss
      .filter((s) => s.t >= from && s.t <= to)
      .map((s) => s.kib)
      .sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)] ?? NaN;
  }

  /** SIGTERM, then the exit code (SIGKILL after `graceMs`). */
  async stop(graceMs = 10_000): Promise<number | null> {
    clearInterval(this.sampler);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Polls `condition` every `everyMs` until it holds; throws naming `what` after `timeoutMs`. */
export async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
