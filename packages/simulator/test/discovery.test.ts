import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MACHINERY_STATE_MAPPING, PACKML_STATE_MAPPING, isRongtongError, mapStateToBucket, type Sample, type SignalStateMapping } from '@rongtong/core';
import {
  type DiscoveredMachine,
  type DiscoveredSignal,
  type DiscoveryResult,
  createOpcuaSource,
  discoverOpcuaMachines,
  discoveryToAgentConfig,
  trustServerCertificate,
} from '@rongtong/opcua';
import { type DataValue, type LocalizedText, coerceNodeId, makeBrowsePath } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATOR_NAMESPACE_URI, startOpcuaSimulator, type MachineGroundTruth, type OpcuaSimulator } from '../src/index.js';
import { connectTestClient, uint64, type TestClient } from './support/opcua-test-client.js';

const START = Date.parse('2030-01-01T00:00:00.000Z');
const HOUR = 3_600_000;

/** Which simulator variable (`SimulatedMachineInfo.variables` key) each discovered signal role must be. */
const CNC_SIGNALS: Readonly<Record<string, readonly [string, string]>> = {
  state: ['machine_state', 'machineryItemState'],
  mode: ['operation_mode', 'machineryOperationMode'],
  produced: ['produced_count', 'partsProducedInLifetime'],
  good: ['good_count', 'jobPartsGood'],
  job: ['job', 'activeProgramJobIdentifier'],
  product: ['product', 'activeProgramName'],
};
const PACKML_SIGNALS: Readonly<Record<string, readonly [string, string]>> = {
  'state/execute': ['machine_state', 'executeState'],
  'state/machine': ['machine_state', 'machineState'],
  'state/base': ['machine_state', 'baseState'],
  produced: ['produced_count', 'prodProcessedCount'],
  bad: ['bad_count', 'prodDefectiveCount'],
  mode: ['operation_mode', 'unitModeCurrent'],
  speed: ['speed', 'curMachSpeed'],
};

const text = (dv: DataValue): string | null => (dv.value.value as LocalizedText | null)?.text ?? null;

/** Polls `condition` every 20 ms; fails after 10 s. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The raw state the agent keeps for equipment with several machine_state signals whose last
 * values are given in signal order (inner state machine first) and arrived at the same instant:
 * a bad value opens an unknown interval (raw ""), a value mapped to no bucket is ignored, any
 * other value is the state.
 */
function agentRawState(values: readonly { good: boolean; text: string | null }[], mappings: readonly SignalStateMapping[]): string {
  const ignored = new Set(mappings.filter((m) => m.bucket === undefined).map((m) => m.rawState));
  let state = '';
  for (const v of values) {
    if (!v.good || v.text === null) state = '';
    else if (!ignored.has(v.text)) state = v.text;
  }
  return state;
}

describe('OPC UA discovery against the simulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-discovery-test-'));
  let sim: OpcuaSimulator;
  let client: TestClient;
  let result: DiscoveryResult;

  const truthOf = (id: string): MachineGroundTruth => {
    const truth = sim.groundTruth().machines.find((m) => m.id === id);
    if (truth === undefined) throw new Error(`no machine ${id}`);
    return truth;
  };
  const simVariable = (id: string, key: string): string => {
    const nodeId = sim.machines.find((m) => m.id === id)?.variables[key];
    if (nodeId === undefined) throw new Error(`no variable ${key} on ${id}`);
    return nodeId;
  };
  const machine = (id: string): DiscoveredMachine => {
    const m = result.machines.find((x) => x.id === id);
    if (m === undefined) throw new Error(`${id} not discovered`);
    return m;
  };
  const signal = (id: string): DiscoveredSignal => {
    const s = result.machines.flatMap((m) => m.signals).find((x) => x.id === id);
    if (s === undefined) throw new Error(`no discovered signal ${id}`);
    return s;
  };
  /** A discovered `nsu=` NodeId in the session's `ns=` form. */
  const local = (nodeId: string): string => {
    const uri = /^nsu=([^;]+);(.*)$/.exec(nodeId);
    if (!uri) return coerceNodeId(nodeId).toString();
    return coerceNodeId(`ns=${client.ns(uri[1]!)};${uri[2]!}`).toString();
  };
  const read = (s: DiscoveredSignal): Promise<DataValue> => client.read(local(s.address.nodeId));

  beforeAll(async () => {
    sim = await startOpcuaSimulator({
      machines: [
        { kind: 'cnc', id: 'CNC1' },
        { kind: 'cnc', id: 'CNC2' },
        { kind: 'packml', id: 'PackML1' },
        { kind: 'legacy', id: 'Legacy1' },
      ],
      port: 0,
      speed: 0,
      seed: 7,
      startTime: START,
      pkiDir: join(dir, 'server'),
    });
    sim.advance(3 * HOUR);
    client = await connectTestClient(sim.endpointUrl);
    result = await discoverOpcuaMachines({ endpointUrl: sim.endpointUrl, securityMode: 'None', pkiDir: join(dir, 'client') });
  });

  afterAll(async () => {
    await client?.close();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds every CNC and the PackML line by type definition, with their identification', () => {
    expect(result.machines.map((m) => [m.id, m.kind, m.typeDefinitionName])).toEqual([
      ['CNC1', 'machine-tool', 'MachineToolType'],
      ['CNC2', 'machine-tool', 'MachineToolType'],
      ['PackML1', 'packml', 'PackMLBaseObjectType'],
    ]);
    for (const m of result.machines) {
      const info = sim.machines.find((x) => x.id === m.id)!;
      expect(m.nodeId).toBe(`nsu=${SIMULATOR_NAMESPACE_URI};s=${m.id}`);
      expect(local(m.nodeId)).toBe(info.nodeId);
      expect(local(m.typeDefinitionId)).toBe(info.typeDefinition);
      expect(m.name).toBe(m.id);
    }
    for (const id of ['CNC1', 'CNC2']) {
      expect(machine(id)).toMatchObject({ manufacturer: 'Rongtong Simulator', model: 'Simulated 5-axis machining centre', serialNumber: id });
      expect(machine(id).browsePath).toMatch(new RegExp(`^/\\d+:Machines/\\d+:${id}$`));
      expect(machine(id).idealUnitTimeMs).toBeUndefined();
    }
    // 60 000 ms / MachDesignSpeed 150 packs per minute.
    expect(machine('PackML1').idealUnitTimeMs).toBe(400);
    expect(result.warnings).toEqual([]);
    expect(result.stats.truncated).toBe(false);
  });

  it('lists the legacy machine as unrecognised, with its variables and guesses from their names', () => {
    expect(result.unrecognised.map((u) => [u.id, u.typeDefinitionName])).toEqual([['Legacy1', 'FolderType']]);
    const legacy = result.unrecognised[0]!;
    const info = sim.machines.find((m) => m.id === 'Legacy1')!;
    expect(local(legacy.nodeId)).toBe(info.nodeId);
    expect(legacy.variables.map((v) => local(v.nodeId)).sort()).toEqual(Object.values(info.variables).sort());
    const guess = Object.fromEntries(legacy.variables.map((v) => [v.name, v.suggestion?.semantic]));
    expect(guess).toEqual({
      Status: 'machine_state',
      MachineMode: 'operation_mode',
      JobName: 'job',
      MouldId: 'product',
      JobCycleCounter: 'cycle_count',
      JobPartsCounter: 'produced_count',
      JobGoodPartsCounter: 'good_count',
      JobBadPartsCounter: 'bad_count',
      MachineCycleCounter: 'cycle_count',
      LastCycleTime: undefined,
    });
    expect(legacy.hint).toMatch(/no type of Machinery, Machine Tools or PackML/);
  });

  it('gives each signal its semantic and the NodeId of the simulator variable, by namespace URI, with a browse path that resolves to it', async () => {
    const expectations: [string, Readonly<Record<string, readonly [string, string]>>][] = [
      ['CNC1', CNC_SIGNALS],
      ['CNC2', CNC_SIGNALS],
      ['PackML1', PACKML_SIGNALS],
    ];
    for (const [id, table] of expectations) {
      expect(machine(id).signals.map((s) => s.id)).toEqual(Object.keys(table).map((role) => `${id}/${role}`));
      for (const [role, [semantic, variable]] of Object.entries(table)) {
        const s = signal(`${id}/${role}`);
        expect(s.semantic, s.id).toBe(semantic);
        expect(s.address.nodeId, s.id).toMatch(/^nsu=urn:rongtong:simulator;s=/);
        expect(local(s.address.nodeId), s.id).toBe(simVariable(id, variable));
        const target = await client.session.translateBrowsePath(makeBrowsePath('i=85', s.address.browsePath));
        expect(target.targets?.[0]?.targetId.toString(), `${s.id} ${s.address.browsePath}`).toBe(simVariable(id, variable));
      }
    }
    expect(signal('CNC1/state').address.typeDefinitionId).toBe('nsu=http://opcfoundation.org/UA/Machinery/;i=1002');
    expect(signal('PackML1/state/execute').address.typeDefinitionId).toBe('nsu=http://opcfoundation.org/UA/PackML/;i=1');
  });

  it('chooses counters and their behaviour so PQ, GQ and SQ come out right', () => {
    expect(signal('CNC1/produced')).toMatchObject({ counter: { monotonic: true }, dataType: 'UInt64', ready: true });
    expect(signal('CNC1/produced').counter).not.toHaveProperty('resetsOnJob');
    expect(signal('CNC1/good')).toMatchObject({ counter: { monotonic: true, resetsOnJob: true, wrapsAt: 2 ** 32 }, dataType: 'UInt32', ready: true });
    // PackML counters: AccCount of the first PackMLCountDataType element, addressed by indexRange and field.
    for (const id of ['PackML1/produced', 'PackML1/bad']) {
      expect(signal(id)).toMatchObject({ counter: { monotonic: true }, element: { indexRange: '0', field: 'AccCount' }, dataType: 'PackMLCountDataType[]', ready: true });
      expect(signal(id).address).toMatchObject({ indexRange: '0', field: 'AccCount' });
    }
    expect(signal('PackML1/mode').stateMappings).toEqual([{ rawState: '2', bucket: 'pdot' }]);
  });

  it('reads back, at every discovered NodeId, the state, mode and counters of the ground truth as the simulation runs', async () => {
    let inactiveSeen = 0;
    for (let step = 0; step < 16; step++) {
      sim.advance(HOUR / 4);
      for (const id of ['CNC1', 'CNC2']) {
        const truth = truthOf(id);
        const state = text(await read(signal(`${id}/state`)));
        const mode = text(await read(signal(`${id}/mode`)));
        expect([state, mode], `${id} step ${step}`).toEqual([truth.state, truth.mode]);
        expect(mapStateToBucket(state, mode, MACHINERY_STATE_MAPPING)).toBe(mapStateToBucket(truth.state, truth.mode, MACHINERY_STATE_MAPPING));
        expect(uint64((await read(signal(`${id}/produced`))).value.value)).toBe(truth.counters.partsProducedInLifetime);
        expect((await read(signal(`${id}/good`))).value.value).toBe(truth.counters.jobPartsGood);
        expect((await read(signal(`${id}/job`))).value.value).toBe(truth.jobs.at(-1)!.id);
        expect((await read(signal(`${id}/product`))).value.value).toBe(truth.jobs.at(-1)!.product);
      }
      const line = truthOf('PackML1');
      const states = [];
      for (const s of machine('PackML1').signals.filter((x) => x.semantic === 'machine_state')) {
        const dv = await read(s);
        states.push({ good: dv.statusCode.isGood(), text: text(dv) });
      }
      inactiveSeen += states.filter((s) => !s.good).length > 0 ? 1 : 0;
      const mappings = signal('PackML1/state/execute').stateMappings!;
      const raw = agentRawState(states, mappings);
      expect(raw, `PackML1 step ${step}: ${JSON.stringify(states)}`).toBe(line.state);
      const bucket = mappings.find((m) => m.rawState === raw)?.bucket;
      expect(bucket).toBe(PACKML_STATE_MAPPING.states[line.state]);
      const element = async (s: DiscoveredSignal): Promise<number> => {
        const counts = (await read(s)).value.value as Record<string, number>[];
        const field = s.element!.field;
        return counts[Number(s.element!.indexRange)]![field.charAt(0).toLowerCase() + field.slice(1)]!;
      };
      expect(await element(signal('PackML1/produced'))).toBe(line.counters.prodProcessedAccCount);
      expect(await element(signal('PackML1/bad'))).toBe(line.counters.prodDefectiveAccCount);
      expect((await read(signal('PackML1/mode'))).value.value).toBe(1);
    }
    // The fold was exercised with an inactive (Bad_StateNotActive) sub-state machine.
    expect(inactiveSeen).toBeGreaterThan(0);
  });

  it('reads every signal through the opcua source as the agent would, the PackML counters as element fields; a missing part is a bad sample', async () => {
    const samples = new Map<string, Sample[]>();
    const discovered = result.machines.flatMap((m) => m.signals);
    const processed = signal('PackML1/produced').address.nodeId;
    // Parts the values do not have: a field the structure lacks, a field of a plain counter, a range of several elements.
    const wrong = [
      { id: 'wrong/field', nodeId: processed, indexRange: '0', field: 'NoSuchCount' },
      { id: 'wrong/scalar', nodeId: signal('CNC1/produced').address.nodeId, field: 'AccCount' },
      { id: 'wrong/array', nodeId: processed, field: 'AccCount' },
    ];
    const all = [...discovered.map((s) => ({ id: s.id, ...s.address })), ...wrong];
    const source = createOpcuaSource({
      config: { id: 'sim', endpointUrl: sim.endpointUrl, securityMode: 'None', pkiDir: join(dir, 'source'), samplingInterval: 0, publishingInterval: 50 },
      signals: all.map(({ id, nodeId, indexRange, field }) => ({ id, nodeId, indexRange, field })),
      sink: {
        write(batch) {
          for (const s of batch) samples.set(s.signalId, [...(samples.get(s.signalId) ?? []), s]);
        },
      },
    });
    try {
      await source.start();
      await waitFor(() => all.every((s) => samples.has(s.id)), 'a sample of every signal');
      expect(source.nodeStatus().filter((n) => n.state !== 'subscribed')).toEqual([]);
      const last = (id: string): Sample => samples.get(id)!.at(-1)!;
      const cnc = truthOf('CNC1');
      expect(last('CNC1/state').value).toBe(cnc.state);
      expect(last('CNC1/mode').value).toBe(cnc.mode);
      expect(last('CNC1/produced').value).toBe(BigInt(cnc.counters.partsProducedInLifetime!));
      expect(last('CNC1/good').value).toBe(BigInt(cnc.counters.jobPartsGood!));
      expect(last('PackML1/mode').value).toBe(1n);
      expect(typeof last('PackML1/speed').value).toBe('number');
      // The PackML counters: AccCount of element 0 of the PackMLCountDataType arrays, as integers.
      const line = truthOf('PackML1');
      expect(last('PackML1/produced')).toMatchObject({ quality: 'good', value: BigInt(line.counters.prodProcessedAccCount!) });
      expect(last('PackML1/bad')).toMatchObject({ quality: 'good', value: BigInt(line.counters.prodDefectiveAccCount!) });
      // A value without the part: a bad sample with BadTypeMismatch, counted by reason; the source goes on.
      for (const w of wrong) expect(last(w.id), w.id).toMatchObject({ quality: 'bad', value: undefined, sourceStatus: 0x8074_0000 });
      expect(source.stats().partFailures).toMatchObject({ missing_field: 1, not_a_structure: 2 });
      expect(source.stats().skippedValues.array).toBe(0);
      expect(source.state).toBe('connected');
    } finally {
      await source.stop();
    }
  });

  it('generates the agent config of what it found: one source, the three machines, their ready signals', () => {
    const { config, yaml } = discoveryToAgentConfig(result, { sourceId: 'sim-opcua' });
    expect(config.sources).toEqual([{ id: 'sim-opcua', kind: 'opcua', endpointUrl: sim.endpointUrl, securityMode: 'None', securityPolicy: 'None' }]);
    expect(config.equipment.map((e) => [e.id, e.class])).toEqual([
      ['CNC1', 'MachineToolType'],
      ['CNC2', 'MachineToolType'],
      ['PackML1', 'PackMLBaseObjectType'],
    ]);
    const ready = result.machines.flatMap((m) => m.signals.filter((s) => s.ready).map((s) => s.id));
    expect(config.signals.map((s) => s.id)).toEqual(ready);
    for (const s of config.signals) {
      expect(s.address.nodeId).toBe(signal(s.id).address.nodeId);
      expect(yaml).toContain(`nodeId: "${s.address.nodeId}"`);
    }
    expect(config.signals.find((s) => s.id === 'PackML1/state/machine')!.stateMappings).toEqual(signal('PackML1/state/execute').stateMappings);
    // The YAML: PackML mapping once with aliases; counters as element fields; the legacy machine commented out.
    // (No YAML parser is a dependency of the simulator, and it may not import the agent's
    // validator: the structure is checked on the object form; the YAML text's own tests are
    // in @rongtong/opcua.)
    expect(yaml.match(/stateMappings: \*packml-states/g)).toHaveLength(2);
    expect(yaml).toMatch(/- id: PackML1\/produced\n/);
    expect(yaml).toContain('      indexRange: "0"\n      field: AccCount\n');
    expect(yaml).not.toMatch(/# - \{ id: PackML1\//);
    expect(yaml).toMatch(/# - \{ id: Legacy1\/JobGoodPartsCounter, equipment: Legacy1, source: sim-opcua, semantic: good_count/);
  });

  it('connects with the connector’s security and trust: an unknown server certificate is refused, then used once trusted', async () => {
    const pkiDir = join(dir, 'secure');
    const secure = { endpointUrl: sim.endpointUrl, securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', pkiDir } as const;
    const refused = await discoverOpcuaMachines(secure).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isRongtongError(refused) && refused.code).toBe('FAILED_PRECONDITION');
    const thumbprint = /rongtong-agent trust accept ([0-9a-f]{40})/.exec(String((refused as Error).message))?.[1];
    expect(thumbprint).toBeDefined();
    await trustServerCertificate(pkiDir, thumbprint!);
    const trusted = await discoverOpcuaMachines(secure);
    expect(trusted.connection).toMatchObject({ securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', user: { kind: 'anonymous' } });
    expect(trusted.machines.map((m) => m.id)).toEqual(['CNC1', 'CNC2', 'PackML1']);
  });

  it('gets the same result in many small requests (continuation points), and stops at maxNodes with a warning', async () => {
    const small = await discoverOpcuaMachines({
      endpointUrl: sim.endpointUrl,
      securityMode: 'None',
      pkiDir: join(dir, 'client'),
      maxReferencesPerNode: 2,
      maxNodesPerBrowse: 3,
      maxNodesPerRead: 2,
    });
    expect(small.stats).toMatchObject({ maxNodesPerBrowse: 3, maxNodesPerRead: 2, nodes: result.stats.nodes });
    expect(small.stats.browseRequests).toBeGreaterThan(result.stats.browseRequests * 3);
    const ids = (r: DiscoveryResult) => r.machines.map((m) => [m.id, m.signals.map((s) => [s.id, s.address.nodeId])]);
    expect(ids(small)).toEqual(ids(result));
    expect(small.unrecognised.map((u) => u.id)).toEqual(['Legacy1']);

    const cut = await discoverOpcuaMachines({ endpointUrl: sim.endpointUrl, securityMode: 'None', pkiDir: join(dir, 'client'), maxNodes: 20 });
    expect(cut.stats).toMatchObject({ truncated: true, nodes: 20 });
    expect(cut.warnings.join('\n')).toMatch(/maxNodes \(20 nodes\)/);
  });
});
