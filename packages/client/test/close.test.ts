import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedTestServer, startFeedTestServer } from './support/feed-test-server.js';

const child = fileURLToPath(new URL('support/close-child.ts', import.meta.url));

/** Runs the child to completion; rejects if it is still running after `timeoutMs`. */
function run(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--conditions=@rongtong/source', '--import', 'tsx', child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the process did not exit within ${timeoutMs} ms after close(): ${stdout}${stderr}`));
    }, timeoutMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('close()', () => {
  let server: FeedTestServer;

  beforeAll(async () => {
    server = await startFeedTestServer({ events: 1 });
  });

  afterAll(async () => {
    await server.close();
  });

  it('leaves nothing keeping the process alive: no channel, call or retry timer', async () => {
    const { code, stdout, stderr } = await run([server.address], 20_000);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ first: 'c000001', states: ['closed', 'closed'], done: [true, true] });
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]!.cancelled).toBe(true);
  }, 30_000);
});
