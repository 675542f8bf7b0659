import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPCUACertificateManager, OPCUAServer } from 'node-opcua';
import { createSimulationClock, type SimulationClock } from '../clock/simulation-clock.js';
import type { MachineKind } from '../model/machine-kind.js';
import { createSimulation, type SimulationGroundTruth } from '../model/simulation.js';
import { addBulkVariables, type BulkStats, type SimulatedBulkInfo } from './bulk-variables-node.js';
import { addCncMachine } from './cnc-machine-node.js';
import { addLegacyMachine } from './legacy-machine-node.js';
import type { MachineNode, MachineNodeContext, SimulatedMachineInfo } from './machine-node.js';
import { SIMULATOR_NAMESPACE_URI, simulatorNodesets } from './nodesets.js';
import { resolveSimulatorOptions, type OpcuaSimulatorOptions } from './opcua-simulator-options.js';
import { addPackmlMachine } from './packml-machine-node.js';
import { ValueWriter } from './value-writer.js';

/** A running OPC UA simulator. */
export interface OpcuaSimulator {
  /** `opc.tcp://host:port` to connect to. */
  readonly endpointUrl: string;
  /** The port listened on (the one picked when `port` was 0). */
  readonly port: number;
  /** URI and index of the simulator's namespace (machine instances, legacy variables). */
  readonly namespaceUri: string;
  readonly namespaceIndex: number;
  /** Every machine: where it is and the NodeIds of its key variables. */
  readonly machines: readonly SimulatedMachineInfo[];
  /** The bulk variables (option `bulk`), undefined without. */
  readonly bulk: SimulatedBulkInfo | undefined;
  /** What the bulk variables published up to now (the clock is brought up to date first). */
  bulkStats(): BulkStats | undefined;
  /** The simulated time now. */
  now(): Date;
  /** The ground truth up to now (the clock is brought up to date and published first). */
  groundTruth(): SimulationGroundTruth;
  /** Moves the simulated clock forward by `ms` at once (whatever the speed), publishing every change. */
  advance(ms: number): void;
  /** Stops the simulated clock (the server keeps serving); `advance` still works. */
  pause(): void;
  /** Restarts the clock after `pause()` (not when `speed` is 0). */
  resume(): void;
  /** Stops the clock and the server, removes a temporary PKI folder; resolves to the final ground truth. */
  stop(): Promise<SimulationGroundTruth>;
}

const BUILDERS: Readonly<Record<MachineKind, (ctx: MachineNodeContext, id: string) => MachineNode>> = {
  cnc: addCncMachine,
  packml: addPackmlMachine,
  legacy: addLegacyMachine,
};

function endpointHostname(host: string): string | undefined {
  return host === '0.0.0.0' || host === '::' ? undefined : host;
}

/**
 * Starts an OPC UA server on the standard nodesets shipped with node-opcua (DI, IA, Machinery,
 * ISA-95 Job Control, Machinery Jobs, Machine Tools, PackML) with the given machines, each
 * driven by a seeded model on a simulated clock running `speed` times real time. Values carry
 * the simulated time of the change as source timestamp. With `bulk`, also that many plain
 * Double variables under `Objects/Bulk` changing at a fixed rate (see `BulkSchedule`).
 */
export async function startOpcuaSimulator(options: OpcuaSimulatorOptions): Promise<OpcuaSimulator> {
  const o = resolveSimulatorOptions(options);
  options.signal?.throwIfAborted();
  const ownPki = o.pkiDir === undefined;
  const pkiDir = o.pkiDir ?? mkdtempSync(join(tmpdir(), 'rongtong-sim-pki-'));
  const removePki = (): void => {
    if (ownPki) rmSync(pkiDir, { recursive: true, force: true });
  };
  const certificateManager = (name: string): OPCUACertificateManager =>
    new OPCUACertificateManager({ name, rootFolder: join(pkiDir, name), automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true });

  const hostname = endpointHostname(o.host);
  const server = new OPCUAServer({
    port: o.port,
    host: o.host,
    ...(hostname === undefined ? {} : { hostname }),
    nodesets: simulatorNodesets(),
    serverCertificateManager: certificateManager('server'),
    userCertificateManager: certificateManager('user'),
    // Every value change reaches a subscriber asking for sampling interval 0: a speeded-up
    // machine changes state faster than real machines are sampled.
    serverCapabilities: { minSupportedSampleRate: 0 },
    serverInfo: { applicationName: { text: 'Rongtong OPC UA simulator', locale: 'en' }, productUri: 'urn:rongtong:simulator' },
    buildInfo: { productName: 'Rongtong OPC UA simulator', productUri: 'urn:rongtong:simulator', manufacturerName: 'Rongtong' },
    isAuditing: false,
  });

  let stopped: Promise<SimulationGroundTruth> | undefined;
  let clock: SimulationClock | undefined;
  try {
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('the OPC UA server has no address space');
    const namespace = addressSpace.registerNamespace(SIMULATOR_NAMESPACE_URI);
    const ctx: MachineNodeContext = {
      addressSpace,
      namespace,
      nsIndex: (uri) => {
        const index = addressSpace.getNamespaceIndex(uri);
        if (index < 0) throw new Error(`namespace ${uri} is not loaded`);
        return index;
      },
    };
    const simulation = createSimulation({ machines: o.machines, seed: o.seed, startTime: o.startTime });
    const nodes = new Map(o.machines.map((m) => [m.id, BUILDERS[m.kind](ctx, m.id)]));
    const writer = new ValueWriter();
    for (const model of simulation.models) nodes.get(model.id)?.publish(model.snapshot(), writer);
    writer.flush();
    const bulk = o.bulk === undefined ? undefined : addBulkVariables(ctx, o.bulk, o.startTime);

    await server.start();
    const port = server.endpoints[0]?.port ?? o.port;

    const publishTo = (t: number): void => {
      if (t > simulation.now) {
        simulation.advanceTo(t, (model, snapshot) => nodes.get(model.id)?.publish(snapshot, writer));
        writer.flush();
      }
      bulk?.publishTo(t);
    };
    // The simulated clock: real time × speed, plus what `advance` added.
    const simClock = createSimulationClock({ startTime: o.startTime, speed: o.speed, tickMs: o.tickMs, onTime: publishTo });
    clock = simClock;

    const stop = (): Promise<SimulationGroundTruth> => {
      stopped ??= (async () => {
        simClock.stop();
        const truth = simulation.groundTruth();
        try {
          await server.shutdown(0);
        } finally {
          removePki();
        }
        return truth;
      })();
      return stopped;
    };
    options.signal?.addEventListener('abort', () => void stop(), { once: true });

    return {
      endpointUrl: server.getEndpointUrl(),
      port,
      namespaceUri: SIMULATOR_NAMESPACE_URI,
      namespaceIndex: namespace.index,
      machines: o.machines.map((m) => (nodes.get(m.id) as MachineNode).info),
      bulk: bulk?.info,
      bulkStats: () => {
        simClock.tick();
        return bulk?.stats();
      },
      now: () => new Date(simulation.now),
      groundTruth: () => {
        simClock.tick();
        return simulation.groundTruth();
      },
      advance: (ms) => simClock.advance(ms),
      pause: () => simClock.pause(),
      resume: () => simClock.resume(),
      stop,
    };
  } catch (err) {
    clock?.cancel();
    await server.shutdown(0).catch(() => undefined);
    removePki();
    throw err;
  }
}
