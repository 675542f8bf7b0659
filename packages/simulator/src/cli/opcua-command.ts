import { writeFileSync } from 'node:fs';
import { numberOption, parseOptions, textOption, UsageError } from './cli-args.js';
import type { Command } from './command.js';
import { parseMachinesArg } from './machines-arg.js';

/** Parses `--bulk N[:intervalMs]`; the numbers are checked by the simulator's options (INVALID_ARGUMENT). */
function parseBulkArg(text: string): { count: number; intervalMs?: number } {
  const m = /^(\d+)(?::(\d+))?$/.exec(text);
  if (m === null) throw new UsageError(`--bulk must be N[:intervalMs] (whole numbers), not "${text}"`);
  return m[2] === undefined ? { count: Number(m[1]) } : { count: Number(m[1]), intervalMs: Number(m[2]) };
}

const USAGE = `usage: rongtong-sim opcua --port P --machines cnc:2,packml:1,legacy:1 [--speed N] [--seed S]
                         [--host H] [--pki-dir DIR] [--start ISO-TIME] [--truth-out FILE]
                         [--bulk N[:intervalMs]]
Runs an OPC UA server on the standard nodesets (DI, Machinery, Machine Tools, PackML) with simulated
machines, until SIGINT or SIGTERM; then prints the ground truth (time per state, parts made, good,
scrap, per machine and UTC hour) as JSON, or writes it to --truth-out.
  --port       TCP port; 0 picks a free one (printed)
  --machines   kind[:count],… with kind cnc (Machine Tools CNC), packml (PackML packaging line),
               legacy (plain vendor variables); ids CNC1…, PackML1…, Legacy1…
  --speed      simulated seconds per real second (default 1; 60 = an hour a minute; 0 = frozen)
  --seed       seed of the simulation (default 1): same seed → same machine histories
  --host       interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --pki-dir    the server's PKI folder (default: a temporary folder, removed at exit)
  --start      simulated start time, ISO 8601 (default: now)
  --truth-out  write the ground truth JSON to this file instead of standard output
  --bulk       also N plain Double variables ns=<sim>;s=bulk/00000… under Objects/Bulk (load tests),
               each changing every intervalMs simulated ms (default 1000), staggered; N up to
               100000; --machines may then be left out
Exit code 0 after a clean stop, 1 when the server cannot start, 2 on invalid usage.`;

/** `rongtong-sim opcua`: runs the OPC UA simulator until SIGINT/SIGTERM, then reports the ground truth. */
export const opcuaCommand: Command = {
  name: 'opcua',
  summary: 'run OPC UA machines (Machine Tools CNC, PackML line, legacy) until SIGINT or SIGTERM',
  usage: USAGE,
  async run(argv, io) {
    const options = parseOptions(argv, {
      port: 'string',
      machines: 'string',
      speed: 'string',
      seed: 'string',
      host: 'string',
      'pki-dir': 'string',
      start: 'string',
      'truth-out': 'string',
      bulk: 'string',
    });
    const port = numberOption(options, 'port', 0, 65_535, true);
    if (port === undefined) throw new UsageError('--port is required');
    const bulkText = textOption(options, 'bulk');
    const bulk = bulkText === undefined ? undefined : parseBulkArg(bulkText);
    const machinesText = textOption(options, 'machines');
    if (machinesText === undefined && bulk === undefined) throw new UsageError('--machines is required (unless --bulk is given)');
    const machines = machinesText === undefined ? [] : parseMachinesArg(machinesText);
    const speed = numberOption(options, 'speed', 0, 1_000_000, false) ?? 1;
    const seedText = textOption(options, 'seed') ?? '1';
    const seed = /^\d{1,15}$/.test(seedText) ? Number(seedText) : seedText;
    const start = textOption(options, 'start');
    if (start !== undefined && !Number.isFinite(Date.parse(start))) throw new UsageError(`--start must be an ISO 8601 time, not "${start}"`);
    const host = textOption(options, 'host');
    const pkiDir = textOption(options, 'pki-dir');
    const truthOut = textOption(options, 'truth-out');

    // Loaded only now: node-opcua takes a second to load, usage errors should not wait for it.
    const { startOpcuaSimulator } = await import('../opcua/start-opcua-simulator.js');
    const stopped = io.untilStopped();
    const sim = await startOpcuaSimulator({
      machines,
      port,
      speed,
      seed,
      ...(host === undefined ? {} : { host }),
      ...(pkiDir === undefined ? {} : { pkiDir }),
      ...(start === undefined ? {} : { startTime: start }),
      ...(bulk === undefined ? {} : { bulk }),
    });
    io.out(`endpoint: ${sim.endpointUrl}`);
    io.out(`namespace: ${sim.namespaceUri} (ns=${sim.namespaceIndex})`);
    io.out(`seed ${String(seed)}, speed ${speed} simulated s per real s, simulated start ${sim.now().toISOString()}`);
    io.out('machines:');
    for (const m of sim.machines) io.out(`  ${m.id} (${m.kind}): ${m.browsePath}, ${m.typeDefinitionName}, ${m.nodeId}`);
    if (sim.bulk !== undefined) {
      const b = sim.bulk;
      io.out(`bulk: ${b.count} Double variables under ${b.browsePath} (${b.folderNodeId}), ${b.nodeIds[0]} … ${b.nodeIds.at(-1)}, each changing every ${b.intervalMs} simulated ms, staggered`);
    }
    io.out('running until SIGINT or SIGTERM');
    const signal = await stopped;
    const bulkStats = sim.bulkStats();
    if (bulkStats !== undefined) io.out(`bulk: ${bulkStats.changes} changes, ${bulkStats.written} written, ${bulkStats.coalesced} coalesced (clock jumps)`);
    io.out(`${signal}: stopping`);
    const truth = await sim.stop();
    const json = JSON.stringify(truth, null, 2);
    if (truthOut === undefined) io.out(json);
    else {
      writeFileSync(truthOut, `${json}\n`);
      io.out(`ground truth written to ${truthOut}`);
    }
    return 0;
  },
};
