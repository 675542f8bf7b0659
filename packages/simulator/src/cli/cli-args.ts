import { parseArgs } from 'node:util';

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Kinds of the options of a command. */
export type OptionKinds = Readonly<Record<string, 'string' | 'boolean'>>;

/** Parsed options: the value of each given option (strings and booleans), nothing else. */
export type ParsedOptions = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Parses `--name value` / `--flag` options strictly (node:util `parseArgs`): unknown options,
 * missing values and positional arguments are usage errors.
 */
export function parseOptions(argv: readonly string[], kinds: OptionKinds): ParsedOptions {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(kinds).map(([name, type]) => [name, { type }])),
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** The text value of option `name`, undefined when absent; empty text is a usage error. */
export function textOption(options: ParsedOptions, name: string): string | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} needs a value`);
  return value;
}

/** A number option within [min, max]; `integer` requires a whole number. */
export function numberOption(options: ParsedOptions, name: string, min: number, max: number, integer: boolean): number | undefined {
  const text = textOption(options, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not "${text}"`);
  }
  return value;
}
