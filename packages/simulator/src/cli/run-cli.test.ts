import { describe, expect, it } from 'vitest';
import type { CliIo } from './command.js';
import { parseDevicesArg } from './devices-arg.js';
import { parseMachinesArg } from './machines-arg.js';
import { runCli } from './run-cli.js';

function fakeIo(): CliIo & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    untilStopped: () => new Promise<string>(() => undefined),
  };
}

describe('parseMachinesArg', () => {
  it('numbers the machines of each kind', () => {
    expect(parseMachinesArg('cnc:2,packml:1,legacy')).toEqual([
      { kind: 'cnc', id: 'CNC1' },
      { kind: 'cnc', id: 'CNC2' },
      { kind: 'packml', id: 'PackML1' },
      { kind: 'legacy', id: 'Legacy1' },
    ]);
    expect(parseMachinesArg('cnc,cnc').map((m) => m.id)).toEqual(['CNC1', 'CNC2']);
  });

  it('rejects unknown kinds and bad counts', () => {
    for (const text of ['robot:1', 'cnc:0', 'cnc:x', 'cnc:1:2', '', 'cnc:101']) expect(() => parseMachinesArg(text), text).toThrow(/--machines/);
  });
});

describe('parseDevicesArg', () => {
  it('numbers the devices of each kind and gives them machines in turn', () => {
    expect(parseDevicesArg('json:2,sparkplug,json:1:legacy')).toEqual([
      { kind: 'json', id: 'DTU1', machine: 'cnc' },
      { kind: 'json', id: 'DTU2', machine: 'packml' },
      { kind: 'sparkplug', id: 'EdgeNode1', machine: 'cnc' },
      { kind: 'json', id: 'DTU3', machine: 'legacy' },
    ]);
    expect(parseDevicesArg('sparkplug:2', 'GW1')).toEqual([
      { kind: 'sparkplug', id: 'Device1', machine: 'cnc', edgeNode: 'GW1' },
      { kind: 'sparkplug', id: 'Device2', machine: 'packml', edgeNode: 'GW1' },
    ]);
  });

  it('rejects unknown kinds, machines and bad counts', () => {
    for (const text of ['modbus:1', 'json:0', 'json:x', 'json:1:robot', 'json:1:cnc:2', '', 'json:101', 'json:60,json:41']) {
      expect(() => parseDevicesArg(text), text).toThrow(/--devices/);
    }
  });
});

describe('runCli', () => {
  it.each([
    [['opcua', '--machines', 'cnc'], /--port is required/],
    [['opcua', '--port', '0'], /--machines is required/],
    [['opcua', '--port', '99999', '--machines', 'cnc'], /--port must be an integer from 0 to 65535/],
    [['opcua', '--port', '-1', '--machines', 'cnc'], /--port/],
    [['opcua', '--port', '1.5', '--machines', 'cnc'], /--port must be an integer/],
    [['opcua', '--port', '0', '--machines', 'robot'], /--machines: "robot"/],
    [['opcua', '--port', '0', '--machines', 'cnc', '--speed', 'fast'], /--speed must be a number/],
    [['opcua', '--port', '0', '--machines', 'cnc', '--start', 'yesterday'], /--start must be an ISO 8601 time/],
    [['opcua', '--port', '0', '--machines', 'cnc', '--colour', 'red'], /Unknown option '--colour'/],
    [['opcua', '--port', '0', '--machines', 'cnc', 'extra'], /Unexpected argument 'extra'|positional/],
    [['serve'], /unknown command "serve"/],
    [['mqtt', '--devices', 'json:1'], /--broker is required/],
    [['mqtt', '--broker', 'mqtt://127.0.0.1:1883'], /--devices is required/],
    [['mqtt', '--broker', 'mqtt://127.0.0.1:1883', '--devices', 'modbus'], /--devices: "modbus"/],
    [['mqtt', '--broker', 'mqtt://127.0.0.1:1883', '--devices', 'json', '--interval', '0'], /--interval must be a number/],
    [['mqtt', '--broker', 'mqtt://127.0.0.1:1883', '--devices', 'json', '--speed', '-1'], /--speed/],
    [['mqtt', '--broker', 'mqtt://127.0.0.1:1883', '--devices', 'json', '--start', 'soon'], /--start must be an ISO 8601 time/],
    [['mqtt', '--broker', 'http://127.0.0.1', '--devices', 'json'], /brokerUrl: scheme must be mqtt, mqtts, ws or wss/],
    [['mqtt', '--broker', 'mqtt://127.0.0.1:1883', '--devices', 'sparkplug', '--group', 'a/b'], /sparkplug.groupId/],
    [['mqtt', '--broker', 'mqtt://127.0.0.1:1883', '--devices', 'json', '--prefix', 'a/#'], /topicPrefix/],
    [['mqtt', '--broker', 'mqtt://127.0.0.1:1883', '--devices', 'json', '--colour', 'red'], /Unknown option '--colour'/],
  ])('exits 2 with the usage on stderr for %j', async (argv, message) => {
    const io = fakeIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(message);
    expect(io.stderr.join('\n')).toContain('usage:');
    expect(io.stdout).toEqual([]);
  });

  it('prints the usage on stderr and exits 2 without a command', async () => {
    const io = fakeIo();
    expect(await runCli([], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('rongtong-sim opcua');
  });

  it('prints help on stdout and exits 0', async () => {
    for (const argv of [['help'], ['--help'], ['help', 'opcua'], ['opcua', '--help']]) {
      const io = fakeIo();
      expect(await runCli(argv, io)).toBe(0);
      expect(io.stdout.join('\n')).toContain('rongtong-sim opcua');
    }
    for (const argv of [['help'], ['help', 'mqtt'], ['mqtt', '--help']]) {
      const io = fakeIo();
      expect(await runCli(argv, io)).toBe(0);
      expect(io.stdout.join('\n')).toContain('rongtong-sim mqtt');
    }
  });
});
