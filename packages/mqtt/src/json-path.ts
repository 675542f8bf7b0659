import { RongtongError } from '@rongtong/core';

/**
 * One step of a {@link JsonPath}: an object member by name, an array element by index
 * (negative counts from the end), or every element of an array.
 */
export type JsonPathSegment =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

/**
 * A compiled JSONPath of the subset of RFC 9535 this package evaluates (see {@link parseJsonPath}).
 * `wildcardAt` is the index in `segments` of the one `[*]` / `.*`, or −1 when there is none
 * (then the path selects at most one value).
 */
export interface JsonPath {
  /** The path as written, e.g. `$.points[*].v`. */
  readonly text: string;
  /** The steps after `$`. */
  readonly segments: readonly JsonPathSegment[];
  /** Index of the wildcard segment in `segments`, or −1. */
  readonly wildcardAt: number;
}

/** Result of {@link tryParseJsonPath}. */
export type JsonPathParseResult = { readonly ok: true; readonly path: JsonPath } | { readonly ok: false; readonly reason: string };

const SUBSET = 'supported: $, .name, [\'name\'], [index], [*] or .* (once)';
const NAME_FIRST = /[A-Za-z_\u0080-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_\u0080-\uFFFF]/;
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '/': '/', '\\': '\\', "'": "'", '"': '"' };

/**
 * Parses a JSONPath of the subset this package evaluates, a strict subset of RFC 9535:
 *
 * - `$` — the whole document;
 * - `.name` — an object member; a name starts with a letter, `_` or a non-ASCII character and
 *   goes on with those or digits (as RFC 9535's member-name shorthand; `$.温度` is fine);
 * - `['name']` or `["name"]` — any member name, with JSON-style escapes (`$['temp-1']`);
 * - `[n]` — an array element; negative `n` counts from the end (`[-1]` is the last);
 * - `[*]` or `.*` — every element of an array, at most once per path (arrays of points).
 *
 * Not supported: descendants (`..`), filters (`[?…]`), slices (`[1:3]`), unions (`[0,1]`).
 * Spaces are allowed inside brackets only.
 */
export function tryParseJsonPath(text: string): JsonPathParseResult {
  const fail = (reason: string): JsonPathParseResult => ({ ok: false, reason });
  if (!text.startsWith('$')) return fail('must start with "$", e.g. "$.temperature"');
  const segments: JsonPathSegment[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      if (text[i + 1] === '.') return fail(`".." (descendants) at position ${i} is not supported (${SUBSET})`);
      if (text[i + 1] === '*') {
        segments.push({ kind: 'wildcard' });
        i += 2;
        continue;
      }
      let j = i + 1;
      if (j >= text.length || !NAME_FIRST.test(text[j]!)) {
        return fail(`expected a member name after "." at position ${i}: names with other characters need brackets, e.g. $['temp-1'] (${SUBSET})`);
      }
      while (j < text.length && NAME_CHAR.test(text[j]!)) j += 1;
      segments.push({ kind: 'name', name: text.slice(i + 1, j) });
      i = j;
    } else if (c === '[') {
      let j = i + 1;
      while (text[j] === ' ') j += 1;
      const q = text[j];
      let segment: JsonPathSegment;
      if (q === "'" || q === '"') {
        let name = '';
        j += 1;
        for (;;) {
          if (j >= text.length) return fail(`unterminated string starting at position ${i + 1}`);
          const ch = text[j]!;
          if (ch === q) break;
          if (ch === '\\') {
            const e = text[j + 1] ?? '';
            if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(j + 2, j + 6))) {
              name += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
              j += 6;
              continue;
            }
            const decoded = ESCAPES[e];
            if (decoded === undefined) return fail(`invalid escape "\\${e}" at position ${j}`);
            name += decoded;
            j += 2;
            continue;
          }
          name += ch;
          j += 1;
        }
        j += 1;
        segment = { kind: 'name', name };
      } else {
        const start = j;
        while (j < text.length && text[j] !== ']' && text[j] !== ' ') j += 1;
        const selector = text.slice(start, j);
        if (selector === '*') segment = { kind: 'wildcard' };
        else if (INTEGER.test(selector) && selector !== '-0') {
          const index = Number(selector);
          if (!Number.isSafeInteger(index)) return fail(`index ${selector} at position ${start} is out of range`);
          segment = { kind: 'index', index };
        } else if (selector.startsWith('?')) return fail(`filters ("[?…]") at position ${start} are not supported (${SUBSET})`);
        else if (selector.includes(':')) return fail(`slices ("[a:b]") at position ${start} are not supported (${SUBSET})`);
        else if (selector.includes(',')) return fail(`unions ("[a,b]") at position ${start} are not supported (${SUBSET})`);
        else return fail(`invalid selector "${selector}" at position ${start} (${SUBSET})`);
      }
      while (text[j] === ' ') j += 1;
      if (text[j] === ',') return fail(`unions ("[a,b]") at position ${j} are not supported (${SUBSET})`);
      if (text[j] !== ']') return fail(`expected "]" at position ${j}`);
      segments.push(segment);
      i = j + 1;
    } else {
      return fail(`unexpected "${c}" at position ${i}: each step is .name, ['name'], [index] or [*]`);
    }
  }
  const wildcards = segments.flatMap((s, k) => (s.kind === 'wildcard' ? [k] : []));
  if (wildcards.length > 1) return fail('at most one wildcard ([*] or .*) per path');
  return { ok: true, path: { text, segments, wildcardAt: wildcards[0] ?? -1 } };
}

/**
 * Parses a JSONPath of the supported subset (see {@link tryParseJsonPath}); throws an
 * `INVALID_ARGUMENT` RongtongError that says what is wrong and where.
 *
 * @example
 * ```ts
 * const path = parseJsonPath('$.points[*].v');
 * evaluateJsonPath(path, { points: [{ v: 1 }, { v: 2 }] }); // [1, 2]
 * ```
 */
export function parseJsonPath(text: string): JsonPath {
  const result = tryParseJsonPath(text);
  if (!result.ok) throw new RongtongError('INVALID_ARGUMENT', `invalid JSONPath "${text}": ${result.reason}`);
  return result.path;
}

/** Marker for "nothing there" (distinct from a JSON `null`). */
export const MISSING: unique symbol = Symbol('missing');

/** The child of `node` at one segment (not a wildcard), or {@link MISSING}. */
function step(node: unknown, segment: JsonPathSegment): unknown {
  if (segment.kind === 'name') {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return MISSING;
    return Object.hasOwn(node, segment.name) ? (node as Record<string, unknown>)[segment.name] : MISSING;
  }
  if (segment.kind === 'index') {
    if (!Array.isArray(node)) return MISSING;
    const i = segment.index < 0 ? node.length + segment.index : segment.index;
    return i >= 0 && i < node.length ? (node as unknown[])[i] : MISSING;
  }
  return MISSING;
}

/**
 * The value at `segments[from … to)` below `node`, or {@link MISSING}; the range must not
 * contain the wildcard. Used to evaluate a path in parts around its wildcard.
 */
export function selectSegments(node: unknown, segments: readonly JsonPathSegment[], from = 0, to = segments.length): unknown {
  let current = node;
  for (let k = from; k < to && current !== MISSING; k += 1) current = step(current, segments[k]!);
  return current;
}

/**
 * Evaluates `path` on a parsed JSON document and returns the selected values in document
 * order (RFC 9535's nodelist): none when the path does not exist, one for a path without
 * wildcard, one per array element (that has the rest of the path) for `[*]`. A wildcard on
 * anything but an array selects nothing.
 */
export function evaluateJsonPath(path: JsonPath, document: unknown): unknown[] {
  if (path.wildcardAt < 0) {
    const value = selectSegments(document, path.segments);
    return value === MISSING ? [] : [value];
  }
  const array = selectSegments(document, path.segments, 0, path.wildcardAt);
  if (!Array.isArray(array)) return [];
  const values: unknown[] = [];
  for (const element of array as unknown[]) {
    const value = selectSegments(element, path.segments, path.wildcardAt + 1);
    if (value !== MISSING) values.push(value);
  }
  return values;
}
