import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttributeIds,
  BrowseDirection,
  ClientMonitoredItem,
  ClientSubscription,
  DataType,
  NodeClass,
  TimestampsToReturn,
  makeNodeId,
  type DataValue,
  type LocalizedText,
  type ReferenceDescription,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LEGACY_STATUS_CODES,
  NAMESPACE_URIS,
  SIMULATOR_NAMESPACE_URI,
  createMachineModel,
  packmlStatePath,
  startOpcuaSimulator,
  type MachineGroundTruth,
  type OpcuaSimulator,
} from '../src/index.js';
import { connectTestClient, uint64, type TestClient } from './support/opcua-test-client.js';

const START = Date.parse('2030-01-01T00:00:00.000Z');
const HOUR = 3_600_000;

interface PackmlCount {
  readonly ID: number;
  readonly name: string;
  readonly count: number;
  readonly accCount: number;
}

/** Polls `condition` every 20 ms; fails after 10 s. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const text = (dv: DataValue): string | null => (dv.value.value as LocalizedText | null)?.text ?? null;
const countOf = (dv: DataValue): PackmlCount => (dv.value.value as PackmlCount[])[0] as PackmlCount;

describe('startOpcuaSimulator', () => {
  let pkiDir: string;
  let sim: OpcuaSimulator;
  let client: TestClient;

  const truthOf = (id: string): MachineGroundTruth => {
    const truth = sim.groundTruth().machines.find((m) => m.id === id);
    if (truth === undefined) throw new Error(`no machine ${id}`);
    return truth;
  };
  const variable = (id: string, key: string): string => {
    const nodeId = sim.machines.find((m) => m.id === id)?.variables[key];
    if (nodeId === undefined) throw new Error(`no variable ${key} on ${id}`);
    return nodeId;
  };
  const browse = async (nodeId: string): Promise<ReferenceDescription[]> => {
    const result = await client.session.browse({
      nodeId,
      browseDirection: BrowseDirection.Forward,
      referenceTypeId: 'HierarchicalReferences',
      includeSubtypes: true,
      nodeClassMask: 0,
      resultMask: 63,
    });
    return result.references ?? [];
  };

  beforeAll(async () => {
    pkiDir = mkdtempSync(join(tmpdir(), 'rongtong-sim-test-pki-'));
    sim = await startOpcuaSimulator({
      machines: [
        { kind: 'cnc', id: 'CNC1' },
        { kind: 'cnc', id: 'CNC2' },
        { kind: 'packml', id: 'PackML1' },
        { kind: 'legacy', id: 'Legacy1' },
      ],
      port: 0,
      speed: 0,
      seed: 42,
      startTime: START,
      pkiDir,
    });
    client = await connectTestClient(sim.endpointUrl);
  });

  afterAll(async () => {
    await client?.close();
    await sim?.stop();
    rmSync(pkiDir, { recursive: true, force: true });
  });

  it('listens on the port it reports, with its PKI in the given folder', () => {
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.endpointUrl).toBe(`opc.tcp://127.0.0.1:${sim.port}`);
    expect(existsSync(join(pkiDir, 'server', 'own', 'certs', 'certificate.pem'))).toBe(true);
    expect(client.ns(SIMULATOR_NAMESPACE_URI)).toBe(sim.namespaceIndex);
  });

  it('lets a client find each machine by its type definition', async () => {
    const machinery = client.ns(NAMESPACE_URIS.machinery);
    const machineTool = client.ns(NAMESPACE_URIS.machineTool);
    const packml = client.ns(NAMESPACE_URIS.packML);

    const machines = await client.resolve('i=85', `${machinery}:Machines`);
    const cncs = (await browse(machines.toString())).filter((r) => r.typeDefinition.toString() === makeNodeId(13, machineTool).toString());
    expect(cncs.map((r) => r.browseName.name).sort()).toEqual(['CNC1', 'CNC2']);

    const packmlObjects = await client.resolve('i=85', `${packml}:PackMLObjects`);
    const lines = (await browse(packmlObjects.toString())).filter((r) => r.typeDefinition.toString() === makeNodeId(6, packml).toString());
    expect(lines.map((r) => r.browseName.name)).toEqual(['PackML1']);

    const objects = await browse('i=85');
    const legacy = objects.find((r) => r.browseName.name === 'Legacy1');
    expect(legacy?.typeDefinition.toString()).toBe('ns=0;i=61');
    const legacyVariables = await browse(legacy!.nodeId.toString());
    expect(legacyVariables.filter((r) => (r.nodeClass as number) === (NodeClass.Variable as number)).map((r) => r.browseName.name)).toEqual(
      expect.arrayContaining(['Status', 'JobName', 'JobCycleCounter', 'JobPartsCounter', 'JobGoodPartsCounter', 'JobBadPartsCounter', 'MachineCycleCounter']),
    );
  });

  it('serves the model state by name under the standard browse paths', async () => {
    sim.advance(2 * HOUR);
    const machinery = client.ns(NAMESPACE_URIS.machinery);
    const mt = client.ns(NAMESPACE_URIS.machineTool);
    const packml = client.ns(NAMESPACE_URIS.packML);
    const own = sim.namespaceIndex;

    for (const id of ['CNC1', 'CNC2']) {
      const truth = truthOf(id);
      const monitoring = `${own}:${id}/${mt}:Monitoring/${mt}:MachineTool`;
      const state = await client.resolve('i=85', `${machinery}:Machines/${monitoring}/${machinery}:MachineryItemState/0:CurrentState`);
      const mode = await client.resolve('i=85', `${machinery}:Machines/${monitoring}/${machinery}:MachineryOperationMode/0:CurrentState`);
      expect(text(await client.read(state))).toBe(truth.state);
      expect(text(await client.read(mode))).toBe(truth.mode);
      expect(state.toString()).toBe(variable(id, 'machineryItemState'));
    }

    const line = truthOf('PackML1');
    const path = packmlStatePath(line.state);
    const base = `${packml}:PackMLObjects/${own}:PackML1/${packml}:BaseStateMachine`;
    expect(text(await client.read(await client.resolve('i=85', `${base}/0:CurrentState`)))).toBe(path.base);
    const machineState = await client.read(await client.resolve('i=85', `${base}/${packml}:MachineState/0:CurrentState`));
    expect(text(machineState)).toBe(path.machine);
    const executeState = await client.read(await client.resolve('i=85', `${base}/${packml}:MachineState/${packml}:ExecuteState/0:CurrentState`));
    expect(text(executeState)).toBe(path.execute);
    expect(executeState.statusCode.isGood()).toBe(path.execute !== null);

    const legacy = truthOf('Legacy1');
    const status = await client.read(`ns=${own};s=Legacy1.Status`);
    expect(status.value.dataType).toBe(DataType.Int32);
    expect(status.value.value).toBe(LEGACY_STATUS_CODES[legacy.state as keyof typeof LEGACY_STATUS_CODES]);
  });

  it('notifies state changes and counter increases with source timestamps in simulated time', async () => {
    const subscription = ClientSubscription.create(client.session, {
      requestedPublishingInterval: 50,
      requestedLifetimeCount: 1000,
      requestedMaxKeepAliveCount: 20,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
    });
    const seen = new Map<string, DataValue[]>();
    const watch = (key: string, nodeId: string): void => {
      const item = ClientMonitoredItem.create(
        subscription,
        { nodeId, attributeId: AttributeIds.Value },
        { samplingInterval: 0, queueSize: 10_000, discardOldest: false },
        TimestampsToReturn.Both,
      );
      seen.set(key, []);
      item.on('changed', (dv: DataValue) => seen.get(key)!.push(dv));
    };
    watch('cncState', variable('CNC1', 'machineryItemState'));
    watch('cncLifetime', variable('CNC1', 'partsProducedInLifetime'));
    watch('cncJob', variable('CNC1', 'jobPartsCompleted'));
    watch('lineExecute', variable('PackML1', 'executeState'));
    watch('lineProcessed', variable('PackML1', 'prodProcessedCount'));
    watch('legacyStatus', variable('Legacy1', 'status'));
    watch('legacyShots', variable('Legacy1', 'machineCycleCounter'));
    await waitFor(() => [...seen.values()].every((values) => values.length > 0), 'initial values');
    const from = sim.now().getTime();
    for (let i = 0; i < 12; i++) {
      sim.advance(HOUR / 2);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const to = sim.now().getTime();
    // Every state change of the machine arrives, with the simulated time it happened: compare
    // with a twin model of the same seed.
    const twin = createMachineModel({ kind: 'cnc', id: 'CNC1', seed: 42, startTime: START });
    twin.advanceTo(from);
    const expected: { state: string; at: string }[] = [];
    let last = twin.snapshot().state;
    twin.advanceTo(to, (s) => {
      if (s.state !== last) expected.push({ state: s.state, at: new Date(s.at).toISOString() });
      last = s.state;
    });
    await waitFor(() => seen.get('cncState')!.length > expected.length, 'every CNC state change');
    const lifetimeNow = truthOf('CNC1').counters.partsProducedInLifetime;
    await waitFor(() => uint64(seen.get('cncLifetime')!.at(-1)!.value.value) === lifetimeNow, 'the last lifetime count');
    await subscription.terminate();

    for (const [key, values] of seen) {
      expect(values.length, key).toBeGreaterThan(2);
      let previous = 0;
      for (const dv of values.slice(1)) {
        const t = dv.sourceTimestamp!.getTime();
        expect(t, key).toBeGreaterThanOrEqual(previous);
        expect(t, key).toBeGreaterThan(from);
        expect(t, key).toBeLessThanOrEqual(to);
        previous = t;
      }
    }
    const states = seen.get('cncState')!.slice(1).map((dv) => ({ state: text(dv), at: dv.sourceTimestamp!.toISOString() }));
    expect(expected.length).toBeGreaterThan(2);
    expect(states).toEqual(expected);
    expect(states.at(-1)?.state).toBe(truthOf('CNC1').state);
    const lifetime = seen.get('cncLifetime')!.map((dv) => uint64(dv.value.value));
    expect(lifetime).toEqual([...lifetime].sort((a, b) => a - b));
    expect(lifetime.at(-1)).toBe(truthOf('CNC1').counters.partsProducedInLifetime);
    const processed = seen.get('lineProcessed')!.map((dv) => countOf(dv).accCount);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(seen.get('legacyStatus')!.at(-1)!.value.value).toBe(LEGACY_STATUS_CODES[truthOf('Legacy1').state as keyof typeof LEGACY_STATUS_CODES]);
  });

  it('serves counters equal to the ground truth after a run', async () => {
    sim.advance(30 * HOUR);
    const own = sim.namespaceIndex;
    for (const id of ['CNC1', 'CNC2']) {
      const truth = truthOf(id);
      const lifetime = uint64((await client.read(variable(id, 'partsProducedInLifetime'))).value.value);
      expect(lifetime).toBe(truth.counters.partsProducedInLifetime);
      expect(lifetime - truth.countersAtStart.partsProducedInLifetime!).toBe(truth.totals.produced);
      expect((await client.read(variable(id, 'statisticsPartsProducedInLifetime'))).value.value).toBe(lifetime);
      const current = truth.jobs.at(-1)!;
      expect((await client.read(variable(id, 'jobIdentifier'))).value.value).toBe(current.id);
      expect((await client.read(variable(id, 'jobPartsCompleted'))).value.value).toBe(current.produced);
      expect((await client.read(variable(id, 'jobPartsGood'))).value.value).toBe(current.good);
      expect(truth.jobs.length).toBeGreaterThan(1);
    }

    const line = truthOf('PackML1');
    const processed = countOf(await client.read(variable('PackML1', 'prodProcessedCount')));
    const defective = countOf(await client.read(variable('PackML1', 'prodDefectiveCount')));
    expect(processed.accCount - line.countersAtStart.prodProcessedAccCount!).toBe(line.totals.produced);
    expect(defective.accCount - line.countersAtStart.prodDefectiveAccCount!).toBe(line.totals.scrap);
    expect(processed.count).toBe(line.jobs.at(-1)!.produced);
    expect(defective.count).toBe(line.jobs.at(-1)!.scrap);

    const legacy = truthOf('Legacy1');
    const read = async (name: string) => uint64((await client.read(`ns=${own};s=Legacy1.${name}`)).value.value);
    expect((await read('MachineCycleCounter')) - legacy.countersAtStart.machineCycleCounter!).toBe(legacy.totals.cycles);
    const job = legacy.jobs.at(-1)!;
    expect(await read('JobCycleCounter')).toBe(job.cycles);
    expect(await read('JobPartsCounter')).toBe(job.produced);
    expect(await read('JobGoodPartsCounter')).toBe(job.good);
    expect(await read('JobBadPartsCounter')).toBe(job.scrap);
    expect((await client.read(`ns=${own};s=Legacy1.JobName`)).value.value).toBe(job.id);
  });
});

describe('startOpcuaSimulator clock', () => {
  it('runs the simulated clock at the given speed and stops cleanly', async () => {
    const sim = await startOpcuaSimulator({ machines: [{ kind: 'packml', id: 'Line1' }], speed: 3600, tickMs: 20, startTime: START });
    const realStart = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const truth = sim.groundTruth();
    const real = Date.now() - realStart;
    const simulated = Date.parse(truth.simulatedTime) - START;
    expect(simulated).toBeGreaterThanOrEqual(0.8 * 3600 * 1000);
    expect(simulated).toBeLessThanOrEqual(3600 * (real + 500));
    expect(truth.machines[0]!.totals.produced).toBeGreaterThan(0);
    sim.pause();
    const paused = sim.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.now().getTime()).toBe(paused);
    const final = await sim.stop();
    expect(final.machines[0]!.elapsedMs).toBe(paused - START);
    expect(await sim.stop()).toBe(final);
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const sim = await startOpcuaSimulator({ machines: [{ kind: 'legacy', id: 'L1' }], speed: 0, startTime: START, signal: controller.signal });
    controller.abort();
    const truth = await sim.stop();
    expect(truth.machines[0]!.id).toBe('L1');
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(sim.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });

  it('rejects invalid options, naming the fields', async () => {
    await expect(startOpcuaSimulator({ machines: [{ kind: 'cnc', id: '1bad' }, { kind: 'robot' as 'cnc', id: 'R1' }], speed: -1 })).rejects.toThrow(
      /machines\.0\.id.*machines\.1\.kind.*speed/,
    );
  });
});
