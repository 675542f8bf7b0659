import type { SampleValue } from '@rongtong/core';

/**
 * How a JSON value becomes a sample value:
 *
 * - `auto` — a number stays a `number` (double), a boolean a `boolean`, a string a `string`;
 * - `integer` — a 64-bit integer (`bigint`, as counters need): a JSON integer within ±2^53,
 *   or decimal integer text such as `"18446744073709551615"` (the way to send larger ones:
 *   JSON numbers beyond 2^53 have already lost digits when parsed, so they are refused);
 * - `number` — a JSON number only;
 * - `string` — text; a number or boolean is turned into its JSON text (`12` → `"12"`);
 * - `boolean` — a JSON boolean only.
 *
 * Objects, arrays, `null` and JSON numbers beyond the double range (`1e400`, which parse as
 * ±Infinity) are never values.
 */
export const MQTT_VALUE_TYPES = ['auto', 'integer', 'number', 'string', 'boolean'] as const;

/** How a JSON value becomes a sample value (see {@link MQTT_VALUE_TYPES}). */
export type MqttValueType = (typeof MQTT_VALUE_TYPES)[number];

/** Result of {@link convertPayloadValue}. */
export type PayloadValueResult = { readonly ok: true; readonly value: SampleValue } | { readonly ok: false; readonly reason: string };

const INTEGER_TEXT = /^-?\d{1,20}$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${JSON.stringify(value)}`;
  return typeof value;
}

/** Converts a parsed JSON value to a sample value of `type`, or says why it cannot. */
export function convertPayloadValue(value: unknown, type: MqttValueType): PayloadValueResult {
  const wrong = (expected: string): PayloadValueResult => ({ ok: false, reason: `expected ${expected}, got ${describe(value)}` });
  // JSON has no Infinity: a number beyond the double range (1e400) was not sent as a value.
  if (typeof value === 'number' && !Number.isFinite(value)) return { ok: false, reason: 'a JSON number beyond the range of a double (about ±1.8e308)' };
  switch (type) {
    case 'auto':
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return { ok: true, value };
      return wrong('a number, a boolean or text');
    case 'number':
      return typeof value === 'number' ? { ok: true, value } : wrong('a number');
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : wrong('a boolean');
    case 'string':
      if (typeof value === 'string') return { ok: true, value };
      if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: JSON.stringify(value) };
      return wrong('text');
    case 'integer': {
      if (typeof value === 'number') {
        if (!Number.isInteger(value)) return wrong('an integer');
        if (!Number.isSafeInteger(value)) {
          return { ok: false, reason: `integer ${value} is beyond ±2^53 and lost digits as a JSON number: send it as decimal text` };
        }
        return { ok: true, value: BigInt(value) };
      }
      if (typeof value === 'string' && INTEGER_TEXT.test(value.trim())) {
        const n = BigInt(value.trim());
        if (n < INT64_MIN || n > UINT64_MAX) return { ok: false, reason: `integer ${value.trim()} does not fit in 64 bits` };
        return { ok: true, value: n };
      }
      return wrong('an integer (a JSON integer or decimal integer text)');
    }
  }
}
