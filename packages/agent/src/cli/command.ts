/** Where a command writes and what it reads from its process; tests pass their own. */
export interface CliIo {
  /** Writes one line to standard output. */
  out(line: string): void;
  /** Writes one line to standard error. */
  err(line: string): void;
  /** The environment (secrets are read from it). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * One `rongtong-agent` command. `main.ts` lists them; a new command (`enroll`, `run`,
 * `status`, `discover`, `trust`) is one more file exporting a `Command`, added to the list.
 */
export interface Command {
  /** The word after `rongtong-agent`. */
  readonly name: string;
  /** One line for `rongtong-agent help`. */
  readonly summary: string;
  /** Full usage, printed by `rongtong-agent help <name>` and with usage errors. */
  readonly usage: string;
  /** Runs the command with the arguments after its name; resolves to the exit code (0 ok, 1 failure, 2 invalid usage or config). */
  run(argv: string[], io: CliIo): Promise<number>;
}
