import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecord, stringifyRecord } from './json-codec.js';

describe('JSON column codec', () => {
  it('round-trips bigints beyond 2^53 and byte arrays exactly', () => {
    const record = { seq: 2n ** 64n - 1n, small: -5n, digest: new Uint8Array([0, 1, 254, 255]), nested: [{ b: new Uint8Array(0) }] };
    const back = parseRecord<typeof record>(stringifyRecord(record));
    expect(back.seq).toBe(18446744073709551615n);
    expect(back.small).toBe(-5n);
    expect(Array.from(back.digest)).toEqual([0, 1, 254, 255]);
    expect(back.nested[0]?.b).toBeInstanceOf(Uint8Array);
    expect(back.nested[0]?.b.byteLength).toBe(0);
  });

  it('keeps data that looks like a tag as data', () => {
    const record = { attributes: { $rongtong: 'bigint', value: '5', $$rongtong: 'x', '$rongtong.bytes': 'AAA=' } };
    expect(parseRecord(stringifyRecord(record))).toStrictEqual(record);
    expect(stringifyRecord(record)).not.toContain('"$rongtong":"bigint"');
  });

  it('writes a byte view, not its whole buffer', () => {
    const view = new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 3);
    expect(Array.from(parseRecord<Uint8Array>(stringifyRecord(view)))).toEqual([8, 7]);
  });

  it('gives back what it was given, for any JSON value with bigints and byte arrays', () => {
    const leaf = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)), fc.boolean(), fc.constant(null), fc.bigInt(), fc.uint8Array());
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$rongtong', '$$rongtong', '$rongtongX', 'value', '__proto__')), tie('node'), { noNullPrototype: true })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(parseRecord(stringifyRecord(v))).toStrictEqual(v);
      }),
    );
  });
});
