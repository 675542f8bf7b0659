import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationGroundTruth } from '../src/index.js';
import { connectTestClient } from './support/opcua-test-client.js';
import { runSimCli, spawnSimCli } from './support/sim-cli.js';

const sum = (values: Readonly<Record<string, number>>): number => Object.values(values).reduce((a, b) => a + b, 0);

describe('rongtong-sim opcua', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rongtong-sim-cli-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the endpoint and machines, serves them, and prints the ground truth JSON on SIGTERM (exit 0)', async () => {
    const pkiDir = join(dir, 'pki');
    const cli = spawnSimCli(['opcua', '--port', '0', '--machines', 'cnc:1,packml:1,legacy:1', '--speed', '600', '--seed', '3', '--start', '2030-01-01T00:00:00Z', '--pki-dir', pkiDir]);
    try {
      await cli.waitFor(/running until SIGINT or SIGTERM/);
      const endpoint = /^endpoint: (opc\.tcp:\/\/127\.0\.0\.1:\d+)$/m.exec(cli.stdout())?.[1];
      expect(endpoint, cli.stdout()).toBeDefined();
      expect(cli.stdout()).toMatch(/CNC1 \(cnc\): Objects\/Machines\/CNC1, MachineToolType/);
      expect(cli.stdout()).toMatch(/PackML1 \(packml\): Objects\/PackMLObjects\/PackML1, PackMLBaseObjectType/);
      expect(cli.stdout()).toMatch(/Legacy1 \(legacy\): Objects\/Legacy1, FolderType/);
      expect(existsSync(join(pkiDir, 'server', 'own', 'certs', 'certificate.pem'))).toBe(true);
      const client = await connectTestClient(endpoint!);
      try {
        const ns = /^namespace: urn:rongtong:simulator \(ns=(\d+)\)$/m.exec(cli.stdout())?.[1];
        const status = await client.read(`ns=${ns};s=Legacy1.Status`);
        expect(status.statusCode.isGood()).toBe(true);
        expect(status.sourceTimestamp!.getUTCFullYear()).toBe(2030);
      } finally {
        await client.close();
      }
    } finally {
      expect(await cli.stop('SIGTERM')).toBe(0);
    }
    const out = cli.stdout();
    const json = out.slice(out.indexOf('SIGTERM: stopping') + 'SIGTERM: stopping'.length);
    const truth = JSON.parse(json) as SimulationGroundTruth;
    expect(truth.seed).toBe(3);
    expect(truth.startTime).toBe('2030-01-01T00:00:00.000Z');
    expect(truth.machines.map((m) => m.id)).toEqual(['CNC1', 'PackML1', 'Legacy1']);
    for (const m of truth.machines) {
      expect(m.elapsedMs).toBeGreaterThan(0);
      expect(sum(m.totals.stateMs)).toBe(m.elapsedMs);
      expect(m.totals.good + m.totals.scrap).toBe(m.totals.produced);
    }
    expect(existsSync(pkiDir)).toBe(true); // a given PKI folder is kept
  });

  it('writes the ground truth to --truth-out and stops on SIGINT', async () => {
    const truthFile = join(dir, 'truth.json');
    const cli = spawnSimCli(['opcua', '--port', '0', '--machines', 'legacy', '--speed', '60', '--truth-out', truthFile]);
    try {
      await cli.waitFor(/running until SIGINT or SIGTERM/);
    } finally {
      expect(await cli.stop('SIGINT')).toBe(0);
    }
    expect(cli.stdout()).toContain(`ground truth written to ${truthFile}`);
    const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as SimulationGroundTruth;
    expect(truth.machines.map((m) => m.id)).toEqual(['Legacy1']);
  });

  it('prints the usage on stderr and exits 2 on bad arguments', async () => {
    // The full list of usage errors is tested in process (src/cli/run-cli.test.ts).
    const cases = [
      ['opcua', '--port', '70000', '--machines', 'cnc:1'],
      ['opcua', '--port', '0', '--machines', 'robot:2'],
    ];
    const results = await Promise.all(cases.map((args) => runSimCli(args)));
    results.forEach((result, i) => {
      expect(result.code, cases[i]!.join(' ')).toBe(2);
      expect(result.stderr).toContain('usage: rongtong-sim opcua');
      expect(result.stdout).toBe('');
    });
  });
});
