import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { agentConfigJsonSchema } from '../src/config/agent-json-schema.js';

type Schema = Record<string, unknown>;

/**
 * The subset of JSON Schema 2020-12 the generated schema uses (no $ref: every schema is
 * inlined), enough to check documents against it without a validator dependency. Returns
 * the instance paths that fail. `format` is an annotation here, as by default in 2020-12.
 */
function check(schema: Schema, value: unknown, path = ''): string[] {
  const fail = [path || '(root)'];
  const type = schema.type as string | string[] | undefined;
  const typeOk: Record<string, (v: unknown) => boolean> = {
    object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number',
    integer: (v) => Number.isInteger(v),
    boolean: (v) => typeof v === 'boolean',
  };
  if (type !== undefined && ![type].flat().some((t) => typeOk[t]!(value))) return fail;
  if ('const' in schema && schema.const !== value) return fail;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return fail;
  const some = (list: unknown) => (list as Schema[]).filter((s) => check(s, value, path).length === 0).length;
  if (schema.anyOf && some(schema.anyOf) === 0) return fail;
  if (schema.oneOf && some(schema.oneOf) !== 1) return fail;
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return fail;
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) return fail;
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) return fail;
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) return fail;
    if (typeof schema.maximum === 'number' && value > schema.maximum) return fail;
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) return fail;
  }
  const errors: string[] = [];
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return fail;
    if (schema.items) value.forEach((v, i) => errors.push(...check(schema.items as Schema, v, `${path}/${i}`)));
  } else if (typeof value === 'object' && value !== null) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in value)) errors.push(`${path}/${key}`);
    for (const [key, v] of Object.entries(value)) {
      if (properties[key]) errors.push(...check(properties[key], v, `${path}/${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}/${key}`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...check(schema.additionalProperties as Schema, v, `${path}/${key}`));
      if (schema.propertyNames) errors.push(...check(schema.propertyNames as Schema, key, `${path}/${key}`));
    }
  }
  return errors;
}

const fixtures = fileURLToPath(new URL('./config-fixtures/', import.meta.url));
const load = (file: string): unknown => parse(readFileSync(`${fixtures}${file}`, 'utf8'));
const schema = agentConfigJsonSchema();

describe('agent config JSON Schema', () => {
  it('is draft 2020-12, generated from the zod schema, with descriptions for editors', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['agent', 'sources']);
    expect(schema.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    expect(text).toContain('"const":"generator"');
    expect(text).toContain('"const":"mqtt"');
    expect(text).toContain('"const":"opcua"');
    expect(text).toContain('"description":"samples per second per signal (default 1)"');
    expect(text).not.toContain('$ref');
  });

  it.each(readdirSync(`${fixtures}valid`))('accepts the valid fixture %s', (file) => {
    expect(check(schema, load(`valid/${file}`))).toEqual([]);
  });

  it.each([
    ['unknown-top-level-field.yaml', '/uplink'],
    ['bad-semantic.yaml', '/signals/0/semantic'],
    ['uplink-token-bare-string.yaml', '/uplinks/0/token'],
    ['generator-bad-pattern-type.yaml', '/sources/0'],
    ['mqtt-password-bare-string.yaml', '/sources/0'],
    ['opcua-password-bare-string.yaml', '/sources/0'],
    ['counter-behaviour-typo.yaml', '/signals/0/counter'],
    ['quota-bad-size.yaml', '/outbox/quota/maxBytes'],
    ['missing-agent-name.yaml', '/agent/name'],
  ])('rejects the structural mistake of %s at %s', (file, path) => {
    expect(check(schema, load(`invalid/${file}`))).toEqual([path]);
  });

  it('leaves the cross-field rules to validate (what JSON Schema cannot say)', () => {
    for (const file of [
      'duplicate-source-id.yaml',
      'signal-unknown-equipment.yaml',
      'counter-without-behaviour.yaml',
      'uplink-plaintext-without-insecure.yaml',
      'mqtt-tls-without-mqtts.yaml',
      'mqtt-signal-matches-no-template.yaml',
      'opcua-deprecated-policy.yaml',
      'opcua-bad-endpoint-scheme.yaml',
      'opcua-none-mode-with-policy.yaml',
      'opcua-username-without-password.yaml',
      'opcua-address-wrong-kind.yaml',
    ]) {
      expect(check(schema, load(`invalid/${file}`)), file).toEqual([]);
    }
  });
});
