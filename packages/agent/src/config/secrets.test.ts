import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkSecrets, findSecrets, resolveSecret } from './resolve-secret.js';
import { SecretRef, SecretRefSchema } from './secret-ref.js';

const SECRET = 'rtg_s3cr3t-value';

describe('secret fields', () => {
  it('accept { env }, { file } and { value }', () => {
    expect(SecretRefSchema.parse({ env: 'RONGTONG_TOKEN' })).toMatchObject({ origin: 'env', name: 'RONGTONG_TOKEN' });
    expect(SecretRefSchema.parse({ file: '/etc/t' })).toMatchObject({ origin: 'file', name: '/etc/t' });
    expect(SecretRefSchema.parse({ value: SECRET }).inlineValue()).toBe(SECRET);
  });

  it('refuse a bare string, two forms at once, unknown keys and bad variable names, with a reason', () => {
    const reason = (input: unknown) => SecretRefSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(reason(SECRET)?.[0]).toMatch(/^: .*a bare string is not accepted/);
    expect(reason({ env: 'A', file: 'b' })).toEqual([': give exactly one of env, file or value, not env and file']);
    expect(reason({ password: 'x' })?.[0]).toMatch(/must be \{ env: VARIABLE \}, \{ file: path \} or \{ value: text \}/);
    expect(reason({ env: 'my token' })).toEqual(['env: must be an environment variable name such as RONGTONG_TOKEN']);
    expect(reason({ value: '' })).toEqual(['value: must not be empty']);
  });

  it('never show an inline value: JSON, text and inspect are redacted', () => {
    const ref = SecretRef.inline(SECRET);
    const shown = [JSON.stringify({ token: ref }), String(ref), inspect(ref), inspect({ deep: { ref } }), `${ref.describe()}`];
    for (const s of shown) expect(s).not.toContain(SECRET);
    expect(JSON.stringify({ token: ref })).toBe('{"token":{"value":"[redacted]"}}');
    expect(JSON.stringify(SecretRef.env('X'))).toBe('{"env":"X"}');
  });
});

describe('resolveSecret', () => {
  it('reads variables and files (trailing line breaks dropped)', () => {
    expect(resolveSecret(SecretRef.env('T'), 'uplinks.0.token', { env: { T: SECRET } })).toBe(SECRET);
    expect(resolveSecret(SecretRef.file('/t'), 'uplinks.0.token', { readFile: () => `${SECRET}\r\n` })).toBe(SECRET);
    expect(resolveSecret(SecretRef.inline(SECRET), 'uplinks.0.token')).toBe(SECRET);
  });

  it('fails with INVALID_CONFIG naming the field and the variable or file, never the secret', () => {
    const attempt = (ref: SecretRef, options: Parameters<typeof resolveSecret>[2]) => {
      try {
        resolveSecret(ref, 'uplinks.1.token', options);
        return undefined;
      } catch (err) {
        return err as { code: string; message: string; fieldViolations: { path: string; reason: string }[] };
      }
    };
    const unset = attempt(SecretRef.env('RONGTONG_TOKEN'), { env: {} });
    expect(unset).toMatchObject({ code: 'INVALID_CONFIG', message: 'uplinks.1.token: environment variable RONGTONG_TOKEN is not set' });
    expect(unset?.fieldViolations).toEqual([{ path: 'uplinks.1.token', reason: 'environment variable RONGTONG_TOKEN is not set' }]);
    expect(attempt(SecretRef.env('T'), { env: { T: '' } })?.message).toBe('uplinks.1.token: environment variable T is not set (it is empty)');
    const missing = attempt(SecretRef.file('/etc/rongtong/none'), {
      readFile: () => {
        throw Object.assign(new Error(`ENOENT ${SECRET}`), { code: 'ENOENT' });
      },
    });
    expect(missing?.message).toBe('uplinks.1.token: cannot read secret file /etc/rongtong/none (ENOENT)');
    expect(attempt(SecretRef.file('/t'), { readFile: () => '\n' })?.message).toBe('uplinks.1.token: secret file /t is empty');
  });

  it('finds every secret of a config with its path, and checks them all', () => {
    const config = { uplinks: [{ token: SecretRef.env('A') }, { token: SecretRef.file('/b') }, {}], other: { nested: [SecretRef.inline('x')] } };
    expect(findSecrets(config).map((s) => s.path)).toEqual(['uplinks.0.token', 'uplinks.1.token', 'other.nested.0']);
    expect(checkSecrets(config, { env: { A: 'a' }, readFile: () => '' })).toEqual([{ path: 'uplinks.1.token', reason: 'secret file /b is empty' }]);
  });
});
