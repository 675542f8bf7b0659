import { readFileSync } from 'node:fs';
import { RongtongError, type FieldViolation } from '@rongtong/core';
import { SecretRef } from './secret-ref.js';

/** Options of {@link resolveSecret} and {@link checkSecrets}. */
export interface ResolveSecretOptions {
  /** Environment to read `{ env }` secrets from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads a `{ file }` secret. Default `readFileSync(path, 'utf8')`. */
  readonly readFile?: (path: string) => string;
}

/** Why a secret cannot be read (never containing the secret), or the secret. */
function read(ref: SecretRef, options: ResolveSecretOptions): { value: string } | { problem: string } {
  switch (ref.origin) {
    case 'env': {
      const value = (options.env ?? process.env)[ref.name];
      return value ? { value } : { problem: `environment variable ${ref.name} is not set${value === '' ? ' (it is empty)' : ''}` };
    }
    case 'file': {
      let text: string;
      try {
        text = (options.readFile ?? ((p) => readFileSync(p, 'utf8')))(ref.name);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        return { problem: `cannot read secret file ${ref.name}${typeof code === 'string' ? ` (${code})` : ''}` };
      }
      const value = text.replace(/[\r\n]+$/, '');
      return value ? { value } : { problem: `secret file ${ref.name} is empty` };
    }
    case 'value':
      return { value: ref.inlineValue() ?? '' };
  }
}

/**
 * Reads one secret of the config — the only place the agent does. `fieldPath` is the
 * dotted path of the field (`uplinks.0.token`). Throws INVALID_CONFIG naming the field and
 * the variable or file when it cannot be read; the secret itself is never in a message.
 */
export function resolveSecret(ref: SecretRef, fieldPath: string, options: ResolveSecretOptions = {}): string {
  const result = read(ref, options);
  if ('value' in result) return result.value;
  throw new RongtongError('INVALID_CONFIG', `${fieldPath}: ${result.problem}`, { fieldViolations: [{ path: fieldPath, reason: result.problem }] });
}

/** Every `SecretRef` in a parsed config, with its dotted path, in document order. */
export function findSecrets(value: unknown, path = ''): { path: string; ref: SecretRef }[] {
  if (value instanceof SecretRef) return [{ path, ref: value }];
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([key, v]) => findSecrets(v, path ? `${path}.${key}` : key));
}

/** Tries every secret of a parsed config (as the agent would at start) and lists those that cannot be read. */
export function checkSecrets(config: unknown, options: ResolveSecretOptions = {}): FieldViolation[] {
  return findSecrets(config).flatMap(({ path, ref }) => {
    const result = read(ref, options);
    return 'problem' in result ? [{ path, reason: result.problem }] : [];
  });
}
