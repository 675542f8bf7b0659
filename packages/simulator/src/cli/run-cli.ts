import { isRongtongError } from '@rongtong/core';
import { UsageError } from './cli-args.js';
import type { CliIo, Command } from './command.js';
import { mqttCommand } from './mqtt-command.js';
import { opcuaCommand } from './opcua-command.js';

/** The commands of `rongtong-sim`, in help order. */
export const COMMANDS: readonly Command[] = [opcuaCommand, mqttCommand];

function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'usage:',
    ...commands.map((c) => `  rongtong-sim ${c.name.padEnd(width)}  ${c.summary}`),
    `  rongtong-sim ${'help'.padEnd(width)}  this text; rongtong-sim help <command> for one command`,
    'Exit codes: 0 ok, 1 failure, 2 invalid usage.',
  ].join('\n');
}

async function dispatch(argv: readonly string[], io: CliIo, commands: readonly Command[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = commands.find((c) => c.name === topic);
    if (topic !== undefined && command === undefined) throw new UsageError(`unknown command "${topic}"\n${usage(commands)}`);
    if (name === undefined) {
      io.err(usage(commands));
      return 2;
    }
    io.out(command?.usage ?? usage(commands));
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) throw new UsageError(`unknown command "${name}"\n${usage(commands)}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${err.message}\n${command.usage}`);
    throw err;
  }
}

/**
 * Runs `rongtong-sim` with `argv` (the arguments after the program) and returns the exit code;
 * never throws. Usage errors print the usage on stderr and exit 2, other failures exit 1.
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  try {
    return await dispatch(argv, io, commands);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(err.message);
      return 2;
    }
    if (isRongtongError(err)) {
      io.err(`${err.code}: ${err.message}`);
      return err.code === 'INVALID_ARGUMENT' ? 2 : 1;
    }
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
