import { isRongtongError } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, parseJsonPath, tryParseJsonPath } from './json-path.js';

const doc = {
  temp: 21.5,
  counters: { good: 120, bad: 3 },
  axes: [{ load: 0.4 }, { load: 0.7 }, { load: 0.9 }],
  points: [
    { t: 1, v: 10 },
    { t: 2 },
    { t: 3, v: 30 },
  ],
  'temp-1': 'dash',
  温度: 36.6,
  'a.b': 'dotted',
  nothing: null,
  flag: false,
};

const values = (path: string, document: unknown = doc) => evaluateJsonPath(parseJsonPath(path), document);

describe('JSONPath subset', () => {
  it('selects the root, members, nested members and indexes', () => {
    expect(values('$')).toEqual([doc]);
    expect(values('$.temp')).toEqual([21.5]);
    expect(values('$.counters.good')).toEqual([120]);
    expect(values('$.axes[1].load')).toEqual([0.7]);
    expect(values('$.axes[-1].load')).toEqual([0.9]);
    expect(values('$.温度')).toEqual([36.6]);
    expect(values('$.nothing')).toEqual([null]);
    expect(values('$.flag')).toEqual([false]);
  });

  it('selects members by bracket notation with quotes and escapes', () => {
    expect(values("$['temp-1']")).toEqual(['dash']);
    expect(values('$["a.b"]')).toEqual(['dotted']);
    expect(values("$[ 'counters' ][ 'bad' ]")).toEqual([3]);
    expect(values("$['it\\'s']", { "it's": 1 })).toEqual([1]);
    expect(values('$["\\u6e29\\u5ea6"]')).toEqual([36.6]);
    expect(values("$['line\\nbreak']", { 'line\nbreak': 2 })).toEqual([2]);
  });

  it('selects every element of an array with [*] or .*, skipping elements without the rest of the path', () => {
    expect(values('$.points[*].v')).toEqual([10, 30]);
    expect(values('$.points.*.t')).toEqual([1, 2, 3]);
    expect(values('$.axes[*]')).toEqual(doc.axes);
    expect(values('$[*]', [1, 2])).toEqual([1, 2]);
  });

  it('selects nothing where the path does not exist', () => {
    expect(values('$.missing')).toEqual([]);
    expect(values('$.temp.deeper')).toEqual([]);
    expect(values('$.axes[3]')).toEqual([]);
    expect(values('$.axes[-4]')).toEqual([]);
    expect(values('$.counters[0]')).toEqual([]); // index on an object
    expect(values('$.axes.load')).toEqual([]); // name on an array
    expect(values('$.counters[*]')).toEqual([]); // wildcard on an object
    expect(values('$.nothing.x')).toEqual([]);
    expect(values('$.constructor')).toEqual([]); // own members only
    expect(values('$.length', [1, 2])).toEqual([]);
  });

  it('compiles to segments with the wildcard position', () => {
    expect(parseJsonPath('$.points[*].v')).toEqual({
      text: '$.points[*].v',
      segments: [{ kind: 'name', name: 'points' }, { kind: 'wildcard' }, { kind: 'name', name: 'v' }],
      wildcardAt: 1,
    });
    expect(parseJsonPath('$').segments).toEqual([]);
    expect(parseJsonPath('$.a[0]').wildcardAt).toBe(-1);
  });

  it.each([
    ['temp', /must start with "\$"/],
    ['$..temp', /descendants.*not supported/],
    ['$.points[?@.v > 1]', /filters.*not supported/],
    ['$.points[0:2]', /slices.*not supported/],
    ['$.points[0,1]', /unions.*not supported/],
    ["$['a','b']", /unions.*not supported/],
    ['$.temp-1', /unexpected "-"/],
    ['$.1abc', /expected a member name.*brackets/],
    ['$.', /expected a member name/],
    ['$.a[*].b[*]', /at most one wildcard/],
    ["$['open", /unterminated string/],
    ['$[01]', /invalid selector "01"/],
    ['$[-0]', /invalid selector "-0"/],
    ['$[x]', /invalid selector "x"/],
    ['$.a[0', /expected "\]"/],
    ["$['\\q']", /invalid escape/],
    ['$ .a', /unexpected " "/],
  ])('rejects %s with a reason', (path, reason) => {
    const result = tryParseJsonPath(path);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('parseJsonPath throws an INVALID_ARGUMENT RongtongError naming the path', () => {
    try {
      parseJsonPath('$..x');
      expect.unreachable();
    } catch (err) {
      expect(isRongtongError(err) && err.code).toBe('INVALID_ARGUMENT');
      expect((err as Error).message).toContain('"$..x"');
    }
  });
});
