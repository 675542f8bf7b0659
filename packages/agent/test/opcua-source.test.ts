import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OpcuaSource, routeNodeOpcuaLogs, silentOpcuaLogger, trustCommand } from '@rongtong/opcua';
import { runTsCli } from '@rongtong/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import type { SampleValue } from '../src/sources/sample.js';
import { outboxEmpty, startTestAgent } from './support/agent-fixture.js';
import { type OpcuaTestServer, machineNode, startOpcuaTestServer } from './support/opcua-test-server.js';
import { duplicateSamples, samplesBySignal, samplesOf, storedBatches } from './support/stored-batches.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

// node-opcua prints its warnings on the console; what matters here is what the agent reports.
routeNodeOpcuaLogs(silentOpcuaLogger);

const dir = mkdtempSync(join(tmpdir(), 'rongtong-agent-opcua-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The signals of the test machine, read from source `plc`. */
const machineSignals = [
  { id: 'm1/state', equipment: 'm1', source: 'plc', semantic: 'machine_state' as const, address: { kind: 'opcua' as const, nodeId: machineNode('State') } },
  {
    id: 'm1/parts',
    equipment: 'm1',
    source: 'plc',
    semantic: 'produced_count' as const,
    counter: { monotonic: true as const },
    address: { kind: 'opcua' as const, nodeId: machineNode('Parts') },
  },
  { id: 'm1/temp', equipment: 'm1', source: 'plc', semantic: 'measurement' as const, unit: 'Cel', address: { kind: 'opcua' as const, nodeId: machineNode('Temperature') } },
];
const VARIABLE_OF: Record<string, string> = { 'm1/state': 'State', 'm1/parts': 'Parts', 'm1/temp': 'Temperature' };

describe('agent with an opcua source (node-opcua server, security None, test platform)', () => {
  const fixture = useTestPlatform();
  let server: OpcuaTestServer;
  beforeAll(async () => {
    server = await startOpcuaTestServer({ pkiDir: join(dir, 'server-none') });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('stores the values the server set, with their source timestamps, every change of the counter once', async () => {
    const platform = fixture.p;
    const enrolled = await platform.enroll('opcua-agent');
    const run = await startTestAgent(
      {
        agent: { name: 'opcua-agent' },
        sources: [
          {
            id: 'plc',
            kind: 'opcua',
            endpointUrl: server.endpointUrl,
            securityMode: 'None',
            samplingInterval: 0,
            publishingInterval: 100,
            backoff: { initialMs: 100, maxMs: 500 },
          },
        ],
        signals: machineSignals,
        equipment: [{ id: 'm1', name: '1号加工中心' }],
        batching: { maxSamples: 1000, maxDelayMs: 50 },
        outbox: { durability: 'normal' },
        uplinks: [{ name: 'raw', platform: platform.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: 500 } }],
      },
      { raw: enrolled },
      { drainMs: 1000 },
    );
    fixture.cleanups.push(run.close);
    const { agent } = run;
    const source = agent.sources[0] as OpcuaSource;
    expect(source.kind).toBe('opcua');
    await eventually('the opcua source connected', () => source.state === 'connected', 15_000);
    expect(source.nodeStatus().map((s) => s.state)).toEqual(['subscribed', 'subscribed', 'subscribed']);
    // The default PKI folder is in the state directory.
    expect(existsSync(join(run.dir, 'pki', 'opcua'))).toBe(true);

    // 3 initial values, then per tick Parts, Temperature and (2 ticks in 3) State: at least 20 ticks.
    await eventually('20 counter changes read', () => (source.counters?.().notifications ?? 0) >= 3 + 20 * 3, 15_000);
    await source.stop();
    const counters = source.counters!();
    await agent.pipeline.flush();
    await eventually('the platform acknowledged everything', async () => outboxEmpty(await run.backlog('raw')));
    await agent.stop();

    expect(counters).toMatchObject({
      samples: counters.notifications,
      gap_samples: 0,
      dropped_samples: 0,
      connections: 1,
      reconnects: 0,
      connection_losses: 0,
      failed_attempts: 0,
      items_bad: 0,
      skipped_values_array: 0,
      skipped_values_unsupported_type: 0,
      part_failures_missing_field: 0,
    });
    expect(agent.pipeline.stats()).toMatchObject({ samples: counters.samples, unknownSamples: 0 });

    const batches = await storedBatches(platform.store, enrolled.tenantId, enrolled.id);
    expect(batches.flatMap((b) => b.payload.samples).every((s) => s.quality === 'QUALITY_GOOD')).toBe(true);
    const stored = samplesOf(batches);
    expect(stored).toHaveLength(counters.samples!);
    expect(duplicateSamples(stored)).toEqual([]);
    // Every stored sample is a value the server set, at the time it set it.
    const setAt = new Map(server.history.map((h) => [`${h.variable}@${h.time}`, h.value]));
    for (const s of stored) expect([s.signalId, s.sourceTime, s.value]).toEqual([s.signalId, s.sourceTime, setAt.get(`${VARIABLE_OF[s.signalId]}@${s.sourceTime}`)]);
    // The counter changed on every tick: each change arrived, in order, none skipped.
    const parts = samplesBySignal(stored).get('m1/parts')!.map((s) => s.value as bigint);
    expect(parts.length).toBeGreaterThanOrEqual(21);
    expect(parts).toEqual(parts.map((_, i) => parts[0]! + BigInt(i)));
    const temps = samplesBySignal(stored).get('m1/temp')!.map((s) => s.value as SampleValue);
    expect(temps.slice(0, parts.length - 1)).toEqual(parts.slice(0, -1).map((p) => 20 + Number(p - 1000n) / 8));
    expect(samplesBySignal(stored).get('m1/state')!.every((s) => s.value === 'Executing' || s.value === 'Stopped')).toBe(true);
  }, 30_000);
});

describe('rongtong-agent trust with an opcua source (SignAndEncrypt, unknown server certificate)', () => {
  let server: OpcuaTestServer;
  beforeAll(async () => {
    server = await startOpcuaTestServer({ pkiDir: join(dir, 'server-secure'), secure: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the source waits in backoff naming the command; trust list shows the certificate rejected; trust accept lets the running agent connect', async () => {
    const input = {
      agent: { name: 'opcua-trust' },
      sources: [{ id: 'plc', kind: 'opcua', endpointUrl: server.endpointUrl, publishingInterval: 100, backoff: { initialMs: 200, maxMs: 500 } }],
      signals: machineSignals,
      equipment: [{ id: 'm1', name: '1号加工中心' }],
    };
    const run = await startTestAgent(input, {});
    const source = run.agent.sources[0] as OpcuaSource;
    try {
      // The same config as a file, with the agent's state directory: what an operator points the CLI at.
      const config = join(run.dir, 'agent.yaml');
      writeFileSync(config, JSON.stringify({ ...input, stateDir: run.dir }));

      await eventually('the server certificate refused', () => source.state === 'backoff' && source.error?.code === 'FAILED_PRECONDITION', 15_000);
      expect(source.error?.message).toContain(`thumbprint ${server.thumbprint}`);
      // The agent's PKI folder is not the trust command's default: the command names it.
      expect(source.error?.message).toContain(`"${trustCommand(server.thumbprint, join(run.dir, 'pki', 'opcua'))}"`);
      expect(trustCommand(server.thumbprint, join(run.dir, 'pki', 'opcua'))).toBe(`rongtong-agent trust accept ${server.thumbprint} --pki-dir ${join(run.dir, 'pki', 'opcua')}`);
      expect(trustCommand(server.thumbprint)).toBe(`rongtong-agent trust accept ${server.thumbprint}`);
      const attempts = source.counters!().failed_attempts!;
      await eventually('a retry, still refused', () => source.counters!().failed_attempts! > attempts && source.state === 'backoff', 5_000);

      const listed = await runTsCli(main, ['trust', 'list', '--config', config]);
      expect(listed.stderr).toBe('');
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(`PKI folder ${join(run.dir, 'pki', 'opcua')} (source plc):`);
      expect(listed.stdout).toMatch(new RegExp(`^  ${server.thumbprint}  rejected  .*CN=.*  valid \\d{4}-\\d\\d-\\d\\dT.*Z to \\d{4}-.*Z$`, 'm'));
      expect(listed.stdout).toContain(`rongtong-agent trust accept <thumbprint> --config ${config}`);

      const accepted = await runTsCli(main, ['trust', 'accept', server.thumbprint.toUpperCase().replace(/(..)(?!$)/g, '$1:'), '--config', config]);
      expect(accepted.stderr).toBe('');
      expect(accepted.code).toBe(0);
      expect(accepted.stdout).toContain(`${server.thumbprint} (`);
      expect(accepted.stdout).toContain('trusted: the source connects on its next attempt');

      await eventually('the running source connected on its next attempt', () => source.state === 'connected', 10_000);
      expect(source.error).toBeUndefined();
      await eventually('values read', () => (source.counters?.().samples ?? 0) >= 3);

      // The rest in-process (same commands, no second node-opcua start-up): status now, and the exit codes.
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), env: {} };
      expect(await runCli(['trust', 'list', '--config', config, '--source', 'plc', '--json'], io)).toBe(0);
      const json = JSON.parse(out.join('\n')) as { pkiDir: string; sources: string[]; certificates: { thumbprint: string; status: string }[] }[];
      expect(json).toEqual([
        expect.objectContaining({ pkiDir: join(run.dir, 'pki', 'opcua'), sources: ['plc'], certificates: [expect.objectContaining({ thumbprint: server.thumbprint, status: 'trusted' })] }),
      ]);
      expect(await runCli(['trust', 'accept', 'ab'.repeat(20), '--config', config], io)).toBe(1);
      expect(err.at(-1)).toMatch(/^NOT_FOUND: no server certificate with thumbprint abab/);
      expect(await runCli(['trust', 'accept', 'not-a-thumbprint', '--config', config], io)).toBe(2);
      expect(await runCli(['trust', 'list', '--config', config, '--source', 'nope'], io)).toBe(2);
      expect(err.at(-1)).toContain('(opcua sources: plc)');
      expect(await runCli(['trust', 'accept', '--config', config], io)).toBe(2);
      expect(await runCli(['trust', 'forget', server.thumbprint], io)).toBe(2);
    } finally {
      await run.close();
    }
  }, 30_000);
});
