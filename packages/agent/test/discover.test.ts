import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MACHINERY_STATE_MAPPING, PACKML_STATE_MAPPING, mapStateToBucket, type SignalStateMapping, type TimeBucket } from '@rongtong/core';
import { routeNodeOpcuaLogs, silentOpcuaLogger } from '@rongtong/opcua';
import { LEGACY_STATE_MAPPING, LEGACY_STATUS_CODES, startOpcuaSimulator, type MachineGroundTruth, type OpcuaSimulator } from '@rongtong/simulator';
import { runTsCli } from '@rongtong/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../src/cli/run-cli.js';
import type { AgentConfigInput } from '../src/config/agent-config-schema.js';
import { sourceReadAll, startAgentProcess, writeEnrolledConfig, type AgentProcess } from './support/agent-process.js';
import { samplesBySignal, samplesOf, storedBatches, type StoredSample } from './support/stored-batches.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

// node-opcua (the simulator's server, the in-process discover) prints its warnings on the console.
routeNodeOpcuaLogs(silentOpcuaLogger);

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const START = Date.parse('2030-03-01T06:00:00Z');
const MINUTE = 60_000;
/** Simulated run after the agent is connected: two hours in one-minute steps, checkpoints every ten. */
const STEPS = 120;
const CHECKPOINT_EVERY = 10;

/** A signal id's counter in the simulator's ground truth (`counters`), by machine kind and role. */
const TRUTH_COUNTER: Readonly<Record<string, string>> = {
  'cnc/produced': 'partsProducedInLifetime',
  'cnc/good': 'jobPartsGood',
  'packml/produced': 'prodProcessedAccCount',
  'packml/bad': 'prodDefectiveAccCount',
  'legacy/JobPartsCounter': 'jobPartsCounter',
  'legacy/JobGoodPartsCounter': 'jobGoodPartsCounter',
  'legacy/JobBadPartsCounter': 'jobBadPartsCounter',
};
const COUNTER_SEMANTICS = new Set(['produced_count', 'good_count', 'bad_count']);

/** A `signals[]` entry of the discovered config (the parts the test reads). */
interface SignalEntry {
  id: string;
  equipment: string;
  source: string;
  semantic: string;
  counter?: object;
  stateMappings?: SignalStateMapping[];
  address: { kind: 'opcua'; nodeId: string; indexRange?: string; field?: string; samplingInterval?: number; publishingInterval?: number };
}

/** What the simulator says at a checkpoint: each machine's state and counters. */
interface Checkpoint {
  time: number;
  machines: Map<string, Pick<MachineGroundTruth, 'state' | 'counters'>>;
}

/** The last stored sample at or before `time` (samples sorted by source time). */
const lastAt = (samples: readonly StoredSample[] | undefined, time: number): StoredSample | undefined => samples?.filter((s) => s.sourceTime <= time).at(-1);

describe('acceptance: rongtong-agent discover against the OPC UA simulator, and an agent run with what it printed', () => {
  const fixture = useTestPlatform();
  let sim: OpcuaSimulator;
  let dir: string;
  let agent: AgentProcess | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rongtong-discover-'));
    sim = await startOpcuaSimulator({
      machines: [
        { kind: 'cnc', id: 'CNC1' },
        { kind: 'packml', id: 'Line1' },
        { kind: 'legacy', id: 'Press1' },
      ],
      port: 0,
      speed: 0,
      seed: 5,
      startTime: START,
      pkiDir: join(dir, 'sim-pki'),
    });
  });
  afterAll(async () => {
    await agent?.stop(2000);
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an untrusted server certificate is refused naming the trust command and folder; accepted, discover prints the config on stdout', async () => {
    const pkiDir = join(dir, 'secure pki');
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), env: {} };
    expect(await runCli(['discover'], io)).toBe(2);
    expect(err.join('\n')).toContain("discover needs the server's endpoint");
    err.length = 0;
    // A password comes from the environment or a file, never the command line.
    expect(await runCli(['discover', sim.endpointUrl, '--username', 'op', '--password-env', 'RONGTONG_TEST_UNSET_PW'], io)).toBe(2);
    expect(err.join('\n')).toContain('--password-env: environment variable RONGTONG_TEST_UNSET_PW is not set');
    err.length = 0;

    // --config: the PKI folder of its opcua sources; two folders need --source to choose.
    const twoFolders = join(dir, 'two-folders.yaml');
    const plc = { kind: 'opcua', endpointUrl: sim.endpointUrl, securityMode: 'None' };
    writeFileSync(twoFolders, JSON.stringify({ agent: { name: 'x' }, sources: [{ ...plc, id: 'a', pkiDir: join(dir, 'a') }, { ...plc, id: 'b', pkiDir: join(dir, 'b') }] }));
    expect(await runCli(['discover', sim.endpointUrl, '--config', twoFolders], io)).toBe(2);
    expect(err.join('\n')).toContain('use 2 PKI folders');
    expect(err.join('\n')).toContain('choose one with --source ID');
    err.length = 0;

    const secure = ['discover', sim.endpointUrl, '--security-mode', 'SignAndEncrypt', '--pki-dir', pkiDir, '--timeout', '60'];
    expect(await runCli(secure, io)).toBe(1);
    const refused = err.join('\n');
    const print = /rongtong-agent trust accept ([0-9a-f]{40})/.exec(refused)?.[1];
    expect(refused).toMatch(/^FAILED_PRECONDITION: the server certificate of opc\.tcp:\/\/.* is not trusted/);
    // The folder is not the trust command's default: the suggested command names it (quoted: it has a space).
    expect(refused).toContain(` --pki-dir ${JSON.stringify(pkiDir)}"`);
    expect(refused).toContain('then run rongtong-agent discover again');
    expect(print).toBeDefined();
    err.length = 0;
    expect(await runCli(['trust', 'accept', print!, '--pki-dir', pkiDir], io)).toBe(0);

    out.length = 0;
    expect(await runCli(secure, io)).toBe(0);
    const printed = parseYaml(out.join('\n')) as { sources: { securityMode: string; securityPolicy: string }[]; equipment: { id: string }[] };
    expect(printed.sources[0]).toMatchObject({ securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' });
    expect(printed.equipment.map((e) => e.id)).toEqual(['CNC1', 'Line1']);
    // The summary goes to stderr when the config goes to stdout.
    expect(err.join('\n')).toMatch(/^discovered 2 machines at /);
  }, 60_000);

  it('finds every machine, prints a config that validates, and an agent running it stores the states and counters of the ground truth', async () => {
    // 1. rongtong-agent discover, the way a user runs it.
    const file = join(dir, 'discovered.yaml');
    const discovered = await runTsCli(
      main,
      ['discover', sim.endpointUrl, '--security-mode', 'None', '--pki-dir', join(dir, 'discover-pki'), '--source-id', 'sim', '--agent-name', 'discovered', '--out', file],
      { timeoutMs: 60_000 },
    );
    expect(discovered.stderr).toBe('');
    expect(discovered.code).toBe(0);
    expect(discovered.stdout).toContain(`config written to ${file}`);
    expect(discovered.stdout).toMatch(/^ {2}CNC1: MachineToolType \(machine-tool\), \d+ signals: state machine_state, mode operation_mode, produced produced_count, good good_count/m);
    expect(discovered.stdout).toMatch(/^ {2}Line1: PackMLBaseObjectType \(packml\), \d+ signals: .*produced produced_count, bad bad_count/m);
    expect(discovered.stdout).toContain('not recognised (plain variables, commented out in the config): Press1');

    // 2. The file validates as it is.
    const validated = await runTsCli(main, ['validate', '--config', file]);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain('discovered.yaml: valid — 1 source (opcua)');
    // Its one warning: nothing to send to until uplinks are added.
    expect(validated.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^warning: uplinks: no uplinks/)]);

    const yaml = readFileSync(file, 'utf8');
    const config = parseYaml(yaml) as { agent: { name: string }; sources: Record<string, unknown>[]; equipment: { id: string; name: string }[]; signals: SignalEntry[] };
    expect(config.equipment.map((e) => e.id)).toEqual(['CNC1', 'Line1']);
    const byId = new Map(config.signals.map((s) => [s.id, s]));
    // State by name with the standard mappings; counters with their semantics; PackML counters as element 0, field AccCount.
    expect(byId.get('CNC1/state')).toMatchObject({ semantic: 'machine_state' });
    expect(byId.get('CNC1/produced')).toMatchObject({ semantic: 'produced_count', counter: { monotonic: true } });
    expect(byId.get('CNC1/good')).toMatchObject({ semantic: 'good_count', counter: { monotonic: true, resetsOnJob: true } });
    for (const [id, semantic] of [['Line1/produced', 'produced_count'], ['Line1/bad', 'bad_count']] as const) {
      expect(byId.get(id)).toMatchObject({ semantic, counter: { monotonic: true }, address: { indexRange: '0', field: 'AccCount' } });
    }
    for (const role of ['execute', 'machine', 'base']) {
      const s = byId.get(`Line1/state/${role}`)!;
      expect(s.semantic).toBe('machine_state');
      for (const [state, bucket] of Object.entries(PACKML_STATE_MAPPING.states)) expect(s.stateMappings?.find((m) => m.rawState === state)?.bucket, state).toBe(bucket);
    }
    // The legacy machine has plain vendor variables: not mapped on a guess, but listed commented out,
    // its Euromap 77-style job counters guessed by name with the right semantics.
    expect([...byId.keys()].some((id) => id.startsWith('Press1/'))).toBe(false);
    const guesses = [...yaml.matchAll(/^\s*# - (\{ id: Press1\/.*\})$/gm)].map((m) => parseYaml(m[1]!) as SignalEntry);
    const guess = (name: string) => guesses.find((g) => g.id === `Press1/${name}`);
    expect(guess('JobPartsCounter')).toMatchObject({ semantic: 'produced_count', counter: { monotonic: true, resetsOnJob: true } });
    expect(guess('JobGoodPartsCounter')).toMatchObject({ semantic: 'good_count', counter: { monotonic: true, resetsOnJob: true } });
    expect(guess('JobBadPartsCounter')).toMatchObject({ semantic: 'bad_count', counter: { monotonic: true, resetsOnJob: true } });
    expect(guess('Status')).toMatchObject({ semantic: 'machine_state' });

    // 3. The integrator's part: uncomment the legacy guesses (state with the vendor's codes mapped),
    // and read every signal on each change (a signal's own sampling and publishing intervals).
    const legacy: SignalEntry[] = ['Status', 'JobPartsCounter', 'JobGoodPartsCounter', 'JobBadPartsCounter'].map((name) => ({
      ...guess(name)!,
      ...(name === 'Status' ? { stateMappings: Object.entries(LEGACY_STATUS_CODES).map(([state, code]) => ({ rawState: String(code), bucket: LEGACY_STATE_MAPPING.states[state]! })) } : {}),
    }));
    const signals = [...config.signals, ...legacy].map((s) => ({ ...s, address: { ...s.address, samplingInterval: 0, publishingInterval: 50 } }));
    const platform = fixture.p;
    const { path, enrolled } = await writeEnrolledConfig(
      dir,
      {
        ...config,
        sources: [{ ...config.sources[0]!, queueSize: 10_000, backoff: { initialMs: 100, maxMs: 500 } }],
        equipment: [...config.equipment, { id: 'Press1', name: 'Press 1' }],
        signals,
        batching: { maxSamples: 1000, maxDelayMs: 50 },
        outbox: { durability: 'normal' },
        uplinks: [{ name: 'raw', platform: platform.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: 500 } }],
      } as Omit<AgentConfigInput, 'stateDir' | 'health'>,
      platform,
    );
    agent = await startAgentProcess(path);
    const running = agent;
    await sourceReadAll(running, signals.length);

    // 4. The simulation runs; at checkpoints, what the simulator says each machine is and has counted.
    const checkpoints: Checkpoint[] = [];
    const checkpoint = () => {
      const truth = sim.groundTruth();
      checkpoints.push({ time: Date.parse(truth.simulatedTime), machines: new Map(truth.machines.map((m) => [m.id, { state: m.state, counters: m.counters }])) });
    };
    checkpoint();
    for (let step = 1; step <= STEPS; step++) {
      sim.advance(MINUTE);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (step % CHECKPOINT_EVERY === 0) checkpoint();
    }
    const truth = sim.groundTruth();
    const end = checkpoints.at(-1)!;
    const { agentId, tenantId } = enrolled.raw!;
    const stored = async () => samplesBySignal(samplesOf(await storedBatches(platform.store, tenantId, agentId)));
    const counters = signals.filter((s) => COUNTER_SEMANTICS.has(s.semantic));
    const kindOf = (equipment: string) => truth.machines.find((m) => m.id === equipment)!.kind;
    const truthKey = (s: SignalEntry) => {
      const key = TRUTH_COUNTER[`${kindOf(s.equipment)}/${s.id.slice(s.equipment.length + 1)}`];
      if (key === undefined) throw new Error(`no ground-truth counter for ${s.id}`);
      return key;
    };
    await eventually(
      'every counter stored up to its value at the end',
      async () => {
        const by = await stored();
        return counters.every((s) => lastAt(by.get(s.id), end.time)?.value === BigInt(end.machines.get(s.equipment)!.counters[truthKey(s)]!));
      },
      30_000,
    );
    const source = (await running.status()).sources[0]!;
    expect(await running.stop()).toBe(0);
    expect(source.counters).toMatchObject({ connection_losses: 0, items_bad: 0, dropped_samples: 0, part_failures_missing_field: 0, part_failures_not_a_structure: 0 });
    const by = await stored();

    // 5. Counters: at every checkpoint, the last stored value is the simulator's counter then.
    const compared: string[] = [];
    for (const s of counters) {
      const key = truthKey(s);
      for (const c of checkpoints) {
        expect(lastAt(by.get(s.id), c.time)?.value, `${s.id} at ${new Date(c.time).toISOString()}`).toBe(BigInt(c.machines.get(s.equipment)!.counters[key]!));
      }
      compared.push(s.id);
    }
    // Lifetime counters from the start of the run to its end: the parts the simulator made and scrapped.
    const m = (id: string) => truth.machines.find((x) => x.id === id)!;
    const delta = (id: string, key: string) => Number(lastAt(by.get(id), end.time)!.value) - m(id.split('/')[0]!).countersAtStart[key]!;
    expect(delta('CNC1/produced', 'partsProducedInLifetime')).toBe(m('CNC1').totals.produced);
    expect(delta('Line1/produced', 'prodProcessedAccCount')).toBe(m('Line1').totals.produced);
    expect(delta('Line1/bad', 'prodDefectiveAccCount')).toBe(m('Line1').totals.scrap);
    expect(m('CNC1').totals.produced).toBeGreaterThan(0);
    expect(m('Line1').totals.produced).toBeGreaterThan(0);

    // 6. States: at every checkpoint, the stored state is the simulator's, and maps to its bucket.
    const bucketsSeen = new Set<string>();
    for (const c of checkpoints) {
      const at = new Date(c.time).toISOString();
      const cnc = lastAt(by.get('CNC1/state'), c.time)?.value;
      expect(cnc, `CNC1 state at ${at}`).toBe(c.machines.get('CNC1')!.state);
      // PackML: the innermost of the three nested state machines that has a value (the others read Bad_StateNotActive).
      const line = ['execute', 'machine', 'base'].map((r) => lastAt(by.get(`Line1/state/${r}`), c.time)?.value).find((v) => v !== undefined);
      const lineTruth = c.machines.get('Line1')!.state;
      expect(line, `Line1 state at ${at}`).toBe(lineTruth);
      const lineBucket = byId.get('Line1/state/execute')!.stateMappings!.find((x) => x.rawState === line)?.bucket;
      expect(lineBucket).toBe(PACKML_STATE_MAPPING.states[lineTruth]);
      const press = lastAt(by.get('Press1/Status'), c.time)?.value;
      const pressTruth = c.machines.get('Press1')!.state;
      expect(press, `Press1 status at ${at}`).toBe(BigInt(LEGACY_STATUS_CODES[pressTruth as keyof typeof LEGACY_STATUS_CODES]));
      const cncBucket: TimeBucket | undefined = mapStateToBucket(String(cnc), undefined, MACHINERY_STATE_MAPPING);
      bucketsSeen.add(`CNC1:${cncBucket}`).add(`Line1:${lineBucket}`).add(`Press1:${LEGACY_STATE_MAPPING.states[pressTruth]}`);
    }
    // The run was long enough to show more than one state per machine.
    for (const id of ['CNC1', 'Line1', 'Press1']) expect(new Set(checkpoints.map((c) => c.machines.get(id)!.state)).size, id).toBeGreaterThan(1);
    expect(compared).toHaveLength(7);
    console.info(`discover acceptance: ${checkpoints.length} checkpoints, counters ${compared.join(', ')}; buckets ${[...bucketsSeen].sort().join(', ')}`);
  }, 150_000);
});
