/** Where a command writes and how it waits for the end of a run; tests pass their own. */
export interface CliIo {
  /** Writes one line (or several, joined by newlines) to standard output. */
  out(text: string): void;
  /** Writes one line to standard error. */
  err(text: string): void;
  /** Resolves with the signal name when the process is asked to stop (SIGINT or SIGTERM). */
  untilStopped(): Promise<string>;
}

/**
 * One `rongtong-sim` command (`opcua-command.ts`, `mqtt-command.ts`). `run-cli.ts` lists them.
 */
export interface Command {
  /** The word after `rongtong-sim`. */
  readonly name: string;
  /** One line for `rongtong-sim help`. */
  readonly summary: string;
  /** Full usage, printed by `rongtong-sim help <name>` and with usage errors. */
  readonly usage: string;
  /** Runs the command with the arguments after its name; resolves to the exit code (0 ok, 1 failure, 2 invalid usage). */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
