import { parseArgs } from 'node:util';

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Option kinds of `parseCliArgs`. */
export type OptionKinds = Record<string, 'string' | 'boolean'>;

/** Parses `--name value` / `--flag` options strictly; unknown options and stray positionals are usage errors. */
export function parseCliArgs(argv: string[], kinds: OptionKinds, positionals = 0): Record<string, string | boolean | undefined> & { _: string[] } {
  try {
    const { values, positionals: rest } = parseArgs({
      args: argv,
      options: Object.fromEntries(Object.entries(kinds).map(([name, type]) => [name, { type }])),
      strict: true,
      allowPositionals: positionals > 0,
    });
    if (rest.length > positionals) throw new UsageError(`unexpected argument "${rest[positionals]}"`);
    return Object.assign({}, values as Record<string, string | boolean | undefined>, { _: [...rest] });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
