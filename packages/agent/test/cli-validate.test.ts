import { runTsCli, type CliResult } from '@rongtong/testkit';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const fixture = (path: string) => fileURLToPath(new URL(`./config-fixtures/${path}`, import.meta.url));

type Result = CliResult;

/** Runs the real CLI in a child process; never throws. */
const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runTsCli(main, args, { env });

/** Runs the CLI in this process, capturing its output. */
async function inProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (l) => (stdout += `${l}\n`), err: (l) => (stderr += `${l}\n`), env });
  return { code, stdout, stderr };
}

describe('rongtong-agent (child process)', () => {
  // A handful of real processes, started together: the CLI contract (exit codes, streams).
  const results: Record<string, Result> = {};
  beforeAll(async () => {
    const cases: Record<string, [string[], Record<string, string>?]> = {
      several: [['validate', '--config', fixture('invalid/several-errors.yaml')]],
      valid: [['validate', '--config', fixture('valid/minimal.yaml')]],
      resolve: [['validate', '--config', fixture('valid/full.yaml'), '--resolve'], { RONGTONG_CHAIN_LEADER_TOKEN: '' }],
      schema: [['schema']],
      bare: [[]],
    };
    const entries = await Promise.all(Object.entries(cases).map(async ([name, [args, env]]) => [name, await cli(args, env)] as const));
    Object.assign(results, Object.fromEntries(entries));
  }, 60_000);

  it('validate: exits 2 and prints every error as "path: reason", in file order', () => {
    const r = results.several!;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'agent.name: must not be blank (line 3)',
      'sources.0.rate: must be positive (samples per second) (line 8)',
      'signals.0.equipment: no equipment[] entry has id "m2" (line 13)',
      'uplinks.0.sharing: Invalid option: expected one of "raw"|"kpi"|"capacity" (line 19)',
      'uplinks.0.tls: tls: false sends the token and data in plaintext: set insecure: true to allow it (loopback tests only) (line 20)',
      'several-errors.yaml: 5 errors',
    ]);
  });

  it('validate: exits 0 with a one-line summary when valid, warnings on stderr', () => {
    expect(results.valid!.code).toBe(0);
    expect(results.valid!.stdout).toBe('minimal.yaml: valid — 1 source (generator), 1 signal, 1 equipment, 0 uplinks; 1 warning\n');
    expect(results.valid!.stderr).toBe('warning: uplinks: no uplinks: the agent reads its sources but sends nothing (line 2)\n');
  });

  it('validate --resolve: names the unset variable and the unreadable files', () => {
    const r = results.resolve!;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('uplinks.0.token: environment variable RONGTONG_CHAIN_LEADER_TOKEN is not set (it is empty)');
    expect(r.stderr).toContain('uplinks.0.tls.ca: cannot read /etc/rongtong/platform-ca.pem (ENOENT)');
    expect(r.stderr).toContain('uplinks.1.token: cannot read secret file /etc/rongtong/bank.token (ENOENT)');
  });

  it('schema: prints the JSON Schema', () => {
    expect(results.schema!.code).toBe(0);
    const schema = JSON.parse(results.schema!.stdout) as { $schema: string; properties: Record<string, unknown> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual(['stateDir', 'agent', 'sources', 'signals', 'equipment', 'batching', 'outbox', 'uplinks', 'broker', 'health', 'log']);
  });

  it('no command: usage on stdout, exit 2', () => {
    expect(results.bare!.code).toBe(2);
    expect(results.bare!.stdout).toMatch(/^usage:\n {2}rongtong-agent validate/);
  });
});

describe('rongtong-agent (in process)', () => {
  it('help lists the commands; help <command> and --help show its usage', async () => {
    expect((await inProcess(['help'])).stdout).toMatch(/rongtong-agent schema +print the JSON Schema/);
    const help = await inProcess(['help', 'validate']);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: rongtong-agent validate --config/) as string });
    expect((await inProcess(['validate', '--help'])).stdout).toBe(help.stdout);
  });

  it('usage mistakes exit 2 with a reason', async () => {
    expect(await inProcess(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^unknown command "frobnicate"/) as string });
    expect(await inProcess(['validate'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--config is required/) as string });
    expect(await inProcess(['validate', '--config', 'a.yaml', '--strict'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--strict/) as string });
    expect(await inProcess(['schema', 'extra'])).toMatchObject({ code: 2 });
    expect(await inProcess(['help', 'nope'])).toMatchObject({ code: 2 });
  });

  it('validate: YAML syntax errors exit 2 with their line', async () => {
    const r = await inProcess(['validate', '--config', fixture('invalid/yaml-syntax-error.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\(root\): YAML syntax: .* \(line 4\)$/m);
  });

  it('validate: a token pasted as a bare string is refused and not echoed', async () => {
    const r = await inProcess(['validate', '--config', fixture('invalid/uplink-token-bare-string.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^uplinks\.0\.token: .*a bare string is not accepted/m);
    expect(r.stderr).not.toContain('rtg_abcdef0123456789');
  });

  it('validate: a missing file is an error at the root, exit 2', async () => {
    const r = await inProcess(['validate', '--config', '/nonexistent/agent.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('(root): cannot read /nonexistent/agent.yaml (ENOENT)\nagent.yaml: 1 error\n');
  });

  it('validate --json: errors and warnings as data', async () => {
    const bad = await inProcess(['validate', '--config', fixture('invalid/duplicate-uplink-name.yaml'), '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toEqual({
      valid: false,
      errors: [{ path: 'uplinks.1.name', reason: 'duplicate uplink name "p" (also uplinks.0)', line: 19, column: 7 }],
      warnings: [],
    });
    const good = await inProcess(['validate', '--config', fixture('valid/full.yaml'), '--json']);
    expect(JSON.parse(good.stdout)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it('validate --resolve: passes when every secret and file is there', async () => {
    const r = await inProcess(['validate', '--config', fixture('valid/json-form.json'), '--resolve'], {});
    expect(r).toMatchObject({ code: 0, stdout: 'json-form.json: valid — 1 source (generator), 1 signal, 1 equipment, 1 uplink (raw)\n' });
  });
});
