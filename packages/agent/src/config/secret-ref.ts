import { z } from 'zod';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Where a secret comes from: an environment variable, a file, or (discouraged) the config itself. */
export type SecretOrigin = 'env' | 'file' | 'value';

/**
 * A reference to a secret (a token, a password) in the parsed config: `{ env: NAME }`,
 * `{ file: path }` or `{ value: text }`. It never shows an inline value: `toJSON`, `toString`
 * and `util.inspect` print `[redacted]`, so a logged or printed config leaks nothing.
 * Read the secret with `resolveSecret`, the one place that does.
 */
export class SecretRef {
  /** Where the secret comes from. */
  readonly origin: SecretOrigin;
  /** The variable name (`env`) or file path (`file`); empty for an inline value. */
  readonly name: string;
  readonly #value: string | undefined;

  private constructor(origin: SecretOrigin, name: string, value?: string) {
    this.origin = origin;
    this.name = name;
    this.#value = value;
  }

  /** A secret read from the environment variable `name`. */
  static env(name: string): SecretRef {
    return new SecretRef('env', name);
  }

  /** A secret read from the file at `path` (trailing line breaks dropped). */
  static file(path: string): SecretRef {
    return new SecretRef('file', path);
  }

  /** A secret written in the config itself (`validate` warns about it). */
  static inline(value: string): SecretRef {
    return new SecretRef('value', '', value);
  }

  /** The inline value; undefined for `env` and `file` secrets. Only `resolveSecret` should need it. */
  inlineValue(): string | undefined {
    return this.#value;
  }

  /** What the reference names, for messages: `environment variable X`, `file /p`, `an inline value`. Never the secret. */
  describe(): string {
    if (this.origin === 'env') return `environment variable ${this.name}`;
    if (this.origin === 'file') return `file ${this.name}`;
    return 'an inline value';
  }

  /** The config form, with an inline value redacted. */
  toJSON(): { env: string } | { file: string } | { value: string } {
    if (this.origin === 'env') return { env: this.name };
    if (this.origin === 'file') return { file: this.name };
    return { value: '[redacted]' };
  }

  /** `[secret from environment variable X]`. */
  toString(): string {
    return `[secret from ${this.describe()}]`;
  }

  /** What printing it (`util.inspect`) shows. */
  [INSPECT](): string {
    return this.toString();
  }
}

const SHAPES = 'a secret must be { env: VARIABLE }, { file: path } or { value: text } (prefer env or file; inline values are discouraged)';

/**
 * A secret field of the config: exactly one of `{ env: NAME }` (environment variable),
 * `{ file: path }` (file contents, trailing line breaks dropped) or `{ value: text }`
 * (inline, allowed but `validate` warns). A bare string is refused so that a token is never
 * pasted into a config by accident. Parses to a {@link SecretRef}.
 */
export const SecretRefSchema = z
  .union(
    [
      z
        .object({ env: z.string().regex(ENV_NAME, { error: 'must be an environment variable name such as RONGTONG_TOKEN' }).describe('name of the environment variable that holds the secret') })
        .strict(),
      z.object({ file: z.string().min(1, { error: 'must be a file path' }).describe('path of a file whose contents are the secret') }).strict(),
      z.object({ value: z.string().min(1, { error: 'must not be empty' }).describe('the secret itself (discouraged: validate warns)') }).strict(),
    ],
    {
      error: (issue) => {
        const input = issue.input;
        if (typeof input === 'string') return `${SHAPES}; a bare string is not accepted — move it to an environment variable or a file`;
        if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
          const keys = Object.keys(input);
          const known = keys.filter((k) => k === 'env' || k === 'file' || k === 'value');
          if (known.length > 1) return `give exactly one of env, file or value, not ${known.join(' and ')}`;
          const env = (input as { env?: unknown }).env;
          if (known.length === 1 && known[0] === 'env' && (typeof env !== 'string' || !ENV_NAME.test(env))) {
            return 'env must be an environment variable name such as RONGTONG_TOKEN';
          }
          if (known.length === 1 && keys.length === 1) return `${known[0]} must be a non-empty string`;
        }
        return SHAPES;
      },
    },
  )
  .transform((v) => ('env' in v ? SecretRef.env(v.env) : 'file' in v ? SecretRef.file(v.file) : SecretRef.inline(v.value)))
  .describe('secret: { env: VARIABLE }, { file: path } or { value: text }');
