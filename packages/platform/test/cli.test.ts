import { runTsCli, tsCliNodeArgs, type CliResult } from '@rongtong/testkit';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const NODE_ARGS = tsCliNodeArgs(main);

/** Runs the real CLI in a child process; never throws. */
const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runTsCli(main, args, { env });

describe('rongtong-platform serve + admin', () => {
  let dir: string;
  let server: ChildProcess;
  let address: string;
  let operatorToken: string;
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rongtong-cli-'));
    server = spawn(process.execPath, [...NODE_ARGS, 'serve', '--listen', '127.0.0.1:0', '--data-dir', dir], {
      env: { ...process.env, RONGTONG_ADMIN_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 30_000);
      server.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const listening = /listening on (127\.0\.0\.1:\d+)/.exec(output);
        const token = /operator token[^:]*: (rta_\S+)/.exec(output);
        if (listening && token) {
          clearTimeout(timer);
          address = listening[1]!;
          operatorToken = token[1]!;
          resolve();
        }
      });
      server.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = (...args: string[]) => cli(['admin', ...args, '--platform', address, '--insecure'], { RONGTONG_ADMIN_TOKEN: operatorToken });

  it('prints the operator token once, and administers the platform through it', async () => {
    expect(output.match(/operator token/g)).toHaveLength(1);
    const tenant = await admin('create-tenant', '--name', '重庆汽摩产业链');
    expect(tenant.code, tenant.stderr).toBe(0);
    const tenantId = (JSON.parse(tenant.stdout) as { tenant: { id: string } }).tenant.id;
    expect(tenantId).not.toBe('');

    const enterprise = await admin('create-enterprise', '--tenant', tenantId, '--credit-code', '91350100M000100Y43', '--name', '重庆某精密机械有限公司', '--size', 'small');
    expect(enterprise.code, enterprise.stderr).toBe(0);
    const enterpriseId = (JSON.parse(enterprise.stdout) as { enterprise: { id: string; sizeClass: string } }).enterprise.id;

    const enrollment = await admin('issue-enrollment-token', '--enterprise', enterpriseId, '--ttl', '1h');
    expect(enrollment.code, enrollment.stderr).toBe(0);
    expect((JSON.parse(enrollment.stdout) as { secret: string }).secret).toMatch(/^rte_/);

    const api = await admin('issue-api-token', '--tenant', tenantId, '--scopes', 'feed:read,capacity:read');
    expect(api.code, api.stderr).toBe(0);
    const apiToken = JSON.parse(api.stdout) as { secret: string; token: { id: string } };

    const tokens = await admin('list', 'tokens', '--tenant', tenantId);
    expect(tokens.code, tokens.stderr).toBe(0);
    expect(tokens.stdout).toContain(apiToken.token.id);
    expect(tokens.stdout).not.toContain(apiToken.secret);

    const revoked = await admin('revoke', '--token-id', apiToken.token.id, '--reason', 'test');
    expect(revoked.code, revoked.stderr).toBe(0);
    const withRevoked = await cli(['admin', 'list', 'tenants', '--platform', address, '--insecure', '--token', apiToken.secret]);
    expect(withRevoked.code).toBe(1);
    expect(withRevoked.stderr).toContain('TOKEN_REVOKED');
  }, 60_000);

  it('exits 2 with the field named for a bad request', async () => {
    const tenant = await admin('create-tenant', '--name', 'validation');
    const tenantId = (JSON.parse(tenant.stdout) as { tenant: { id: string } }).tenant.id;
    const bad = await admin('create-enterprise', '--tenant', tenantId, '--credit-code', '91350100M000100Y40', '--name', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('INVALID_ARGUMENT');
    expect(bad.stderr).toContain('enterprise.unified_social_credit_code: ');
    const missing = await admin('create-enterprise', '--tenant', 'tnt_unknown', '--credit-code', '91350100M000100Y43', '--name', 'x');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^(NOT_FOUND|PERMISSION_DENIED): /);
  }, 30_000);

  it('exits 2 on usage errors and unknown scopes', async () => {
    expect((await admin('issue-api-token', '--tenant', 't', '--scopes', 'everything')).code).toBe(2);
    expect((await admin('frobnicate')).code).toBe(2);
    expect((await cli(['serve', '--no-such-flag'])).code).toBe(2);
  }, 30_000);
});

describe('rongtong-platform serve config', () => {
  it('names every bad field and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rongtong-cfg-'));
    try {
      const file = join(dir, 'platform.yaml');
      writeFileSync(file, 'listen: nowhere\nstore: mysql\nlimits:\n  maxInFlight: 0\nbogus: 1\n');
      const result = await cli(['serve', '--config', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('INVALID_CONFIG');
      for (const field of ['listen', 'store', 'limits.maxInFlight', '(root)']) expect(result.stderr).toContain(`  ${field}: `);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
