import { isRongtongError } from '@rongtong/core';
import { UsageError } from '@rongtong/runtime';
import type { CliIo, Command } from './command.js';
import { discoverCommand } from './discover-command.js';
import { enrollCommand } from './enroll-command.js';
import { runCommand } from './run-command.js';
import { schemaCommand } from './schema-command.js';
import { statusCommand } from './status-command.js';
import { trustCommand } from './trust-command.js';
import { validateCommand } from './validate-command.js';

/** The commands of `rongtong-agent`, in help order; each a `Command` in its own file. */
export const COMMANDS: readonly Command[] = [validateCommand, schemaCommand, enrollCommand, runCommand, statusCommand, trustCommand, discoverCommand];

function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  rongtong-agent ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage:',
    ...lines,
    `  rongtong-agent ${'help'.padEnd(width)}  this text; rongtong-agent help <command> for one command`,
    'Exit codes: 0 ok, 1 failure, 2 invalid usage or configuration.',
  ].join('\n');
}

async function dispatch(argv: string[], io: CliIo, commands: readonly Command[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = commands.find((c) => c.name === topic);
    if (topic !== undefined && command === undefined) throw new UsageError(`unknown command "${topic}"\n${usage(commands)}`);
    io.out(command?.usage ?? usage(commands));
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) throw new UsageError(`unknown command "${name}"\n${usage(commands)}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  return command.run(rest, io);
}

/**
 * Runs `rongtong-agent` with `argv` (the arguments after the program) and returns the exit
 * code; never throws. Usage and config errors exit 2, other failures 1, each printed on
 * stderr (a RongtongError with its field violations, one `path: reason` per line).
 */
export async function runCli(argv: string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  try {
    return await dispatch(argv, io, commands);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(err.message);
      return 2;
    }
    if (isRongtongError(err)) {
      io.err(`${err.code}: ${err.message}`);
      for (const v of err.fieldViolations) io.err(`  ${v.path || '(root)'}: ${v.reason}`);
      return err.code === 'INVALID_CONFIG' || err.code === 'INVALID_ARGUMENT' ? 2 : 1;
    }
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
