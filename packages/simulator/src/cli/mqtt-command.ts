import { writeFileSync } from 'node:fs';
import { isRongtongError } from '@rongtong/core';
import type { MqttDeviceInfo } from '../mqtt/mqtt-device-info.js';
import { numberOption, parseOptions, textOption, UsageError } from './cli-args.js';
import type { Command } from './command.js';
import { parseDevicesArg } from './devices-arg.js';

const USAGE = `usage: rongtong-sim mqtt --broker mqtt://127.0.0.1:1883 --devices json:2,sparkplug:1 [--speed N] [--seed S]
                        [--group G] [--edge-node NAME] [--prefix P] [--interval SECONDS] [--start ISO-TIME]
                        [--truth-out FILE] [--agent-config-out FILE]
Runs simulated MQTT devices against a broker until SIGINT or SIGTERM: JSON devices (4G DTUs) publishing
telemetry on <prefix>/line1/<id>/telemetry and Sparkplug B edge nodes; then prints the ground truth (time
per state, parts made, good, scrap, per device and UTC hour) as JSON, or writes it to --truth-out.
  --broker            broker URL: mqtt://, mqtts://, ws:// or wss://
  --devices           kind[:count[:machine]],… with kind json (DTU1…) or sparkplug (EdgeNode1…) and
                      machine cnc, packml or legacy (default: in turn cnc, packml, legacy)
  --speed             simulated seconds per real second (default 1; 60 = an hour a minute; 0 = frozen)
  --seed              seed of the simulation (default 1): same seed → same device histories
  --group             Sparkplug group id (default Plant1)
  --edge-node         put every Sparkplug machine under this one edge node, as devices Device1…
  --prefix            first topic level(s) of the JSON topics (default factory)
  --interval          simulated seconds between periodic reports (default 60); state changes go at once
  --start             simulated start time, ISO 8601 (default: now)
  --truth-out         write the ground truth JSON to this file instead of standard output
  --agent-config-out  write the agent config (sources, equipment, signals) reading the devices, JSON
Exit code 0 after a clean stop, 1 when the broker cannot be reached, 2 on invalid usage.`;

function deviceLine(d: MqttDeviceInfo): string {
  if (d.kind === 'json') return `  ${d.id} (json, ${d.machine}): ${d.topic}, ts ${d.timestampFormat}, client ${d.clientId}`;
  const where = d.deviceId === undefined ? `edge node ${d.groupId}/${d.edgeNodeId}` : `device ${d.deviceId} of edge node ${d.groupId}/${d.edgeNodeId}`;
  const metrics = d.metrics.map((m) => `${m.name}=${m.alias}`).join(', ');
  return `  ${d.id} (sparkplug, ${d.machine}): ${where}, ${d.topics.birth}, aliases ${metrics}`;
}

/** `rongtong-sim mqtt`: runs the MQTT devices until SIGINT/SIGTERM, then reports the ground truth. */
export const mqttCommand: Command = {
  name: 'mqtt',
  summary: 'run MQTT JSON devices (4G DTUs) and Sparkplug B edge nodes against a broker until SIGINT or SIGTERM',
  usage: USAGE,
  async run(argv, io) {
    const options = parseOptions(argv, {
      broker: 'string',
      devices: 'string',
      speed: 'string',
      seed: 'string',
      group: 'string',
      'edge-node': 'string',
      prefix: 'string',
      interval: 'string',
      start: 'string',
      'truth-out': 'string',
      'agent-config-out': 'string',
    });
    const brokerUrl = textOption(options, 'broker');
    if (brokerUrl === undefined) throw new UsageError('--broker is required');
    const devicesText = textOption(options, 'devices');
    if (devicesText === undefined) throw new UsageError('--devices is required');
    const edgeNode = textOption(options, 'edge-node');
    const devices = parseDevicesArg(devicesText, edgeNode);
    const speed = numberOption(options, 'speed', 0, 1_000_000, false) ?? 1;
    const seedText = textOption(options, 'seed') ?? '1';
    const seed = /^\d{1,15}$/.test(seedText) ? Number(seedText) : seedText;
    const groupId = textOption(options, 'group');
    const topicPrefix = textOption(options, 'prefix');
    const interval = numberOption(options, 'interval', 0.001, 86_400, false);
    const start = textOption(options, 'start');
    if (start !== undefined && !Number.isFinite(Date.parse(start))) throw new UsageError(`--start must be an ISO 8601 time, not "${start}"`);
    const truthOut = textOption(options, 'truth-out');
    const agentConfigOut = textOption(options, 'agent-config-out');

    const { startMqttSimulator } = await import('../mqtt/start-mqtt-simulator.js');
    const stopped = io.untilStopped();
    const sim = await startMqttSimulator({
      brokerUrl,
      devices,
      speed,
      seed,
      ...(groupId === undefined ? {} : { sparkplug: { groupId } }),
      ...(topicPrefix === undefined ? {} : { topicPrefix }),
      ...(interval === undefined ? {} : { reportIntervalMs: Math.round(interval * 1000) }),
      ...(start === undefined ? {} : { startTime: start }),
    }).catch((err: unknown) => {
      // A bad broker URL, group, edge node or prefix: a usage error, printed with the usage.
      if (isRongtongError(err) && err.code === 'INVALID_ARGUMENT') throw new UsageError(err.message);
      throw err;
    });
    io.out(`broker: ${sim.brokerUrl}`);
    io.out(`seed ${String(seed)}, speed ${speed} simulated s per real s, simulated start ${sim.now().toISOString()}`);
    io.out('devices:');
    for (const d of sim.devices) io.out(deviceLine(d));
    if (agentConfigOut !== undefined) {
      writeFileSync(agentConfigOut, `${JSON.stringify(sim.agentConfig, null, 2)}\n`);
      io.out(`agent config written to ${agentConfigOut}`);
    }
    io.out('running until SIGINT or SIGTERM');
    const signal = await stopped;
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
