/**
 * JSON text for records kept in JSON columns, with the two value types plain JSON cannot
 * hold: a bigint is written `{"$rongtong":"bigint","value":"<decimal>"}` and a Uint8Array
 * `{"$rongtong":"bytes","value":"<base64>"}`. So that no data can look like such a tag, a
 * key of the record that starts with `$…rongtong` gets one more `$` on the way in and
 * loses it on the way out: every JSON-able record (with bigints and byte arrays) comes
 * back equal.
 */
const TAG = '$rongtong';
const ESCAPED = /^\$+rongtong/;
const UNESCAPE = /^\$\$+rongtong/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** JSON text of `record` (see the module comment for bigint and Uint8Array). */
export function stringifyRecord(record: unknown): string {
  return JSON.stringify(record, (_key, value: unknown) => {
    if (typeof value === 'bigint') return { [TAG]: 'bigint', value: value.toString() };
    if (value instanceof Uint8Array) {
      return { [TAG]: 'bytes', value: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
    }
    if (isPlainObject(value) && Object.keys(value).some((k) => ESCAPED.test(k))) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [ESCAPED.test(k) ? `$${k}` : k, v]));
    }
    return value;
  });
}

/** The record `stringifyRecord` wrote. */
export function parseRecord<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (!isPlainObject(value)) return value;
    if (Object.hasOwn(value, TAG)) {
      const encoded = value.value;
      if (typeof encoded === 'string' && value[TAG] === 'bigint') return BigInt(encoded);
      if (typeof encoded === 'string' && value[TAG] === 'bytes') return new Uint8Array(Buffer.from(encoded, 'base64'));
      throw new SyntaxError(`unknown tagged JSON value ${JSON.stringify(value[TAG])}`);
    }
    if (!Object.keys(value).some((k) => UNESCAPE.test(k))) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [UNESCAPE.test(k) ? k.slice(1) : k, v]));
  }) as T;
}
