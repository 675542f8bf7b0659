/** A value the YAML writer can write: JSON-like data (undefined entries of a map are left out). */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

/** A path into the value: map keys and list indexes. */
export type YamlPath = readonly (string | number)[];

/** How {@link toYaml} lays the value out. */
export interface YamlLayout {
  /** Comment lines written before the entry at `path` (a map key or a list item). */
  readonly comments?: (path: YamlPath) => readonly string[] | undefined;
  /** Comment lines written after the last entry of the map or list at `path` (e.g. commented-out entries). */
  readonly trailing?: (path: YamlPath) => readonly string[] | undefined;
  /** True to write the map or list at `path` on one line (flow style). */
  readonly flow?: (path: YamlPath, value: YamlValue) => boolean;
  /**
   * Anchor names for maps and lists that occur more than once (the same object): the first is
   * written with `&name`, the others as `*name`. Unnamed repeats get `ref<n>`.
   */
  readonly anchors?: ReadonlyMap<object, string>;
}

/** YAML 1.1 and 1.2 words that a plain scalar would turn into a boolean or null. */
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
/**
 * Text safe as a plain scalar in block and flow context: starts with a letter or `_`, then
 * letters, digits, `_ . / -` and single inner spaces — no indicator (`: # , [ ] { } & * ! | > ' " % @` or
 * a backtick), so it can never read as a number, a date, a key or a comment.
 */
const PLAIN = /^[\p{L}_](?:[\p{L}\p{N}_./-]| (?=[\p{L}\p{N}_./-]))*$/u;

/**
 * A scalar as YAML: a plain scalar when that reads back as the same string (see `PLAIN`, not a
 * reserved word), else double-quoted with JSON escapes (valid YAML escapes) and the YAML line
 * separators escaped too; finite numbers as written; booleans; null.
 */
export function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`YAML: ${value} is not a finite number`);
    return String(value);
  }
  if (PLAIN.test(value) && !RESERVED.test(value)) return value;
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const isList = (v: YamlValue | undefined): v is readonly YamlValue[] => Array.isArray(v);
const isMap = (v: YamlValue | undefined): v is { readonly [key: string]: YamlValue | undefined } => typeof v === 'object' && v !== null && !Array.isArray(v);
const entriesOf = (map: { readonly [key: string]: YamlValue | undefined }): [string, YamlValue][] =>
  Object.entries(map).filter((e): e is [string, YamlValue] => e[1] !== undefined);

/** The value on one line, flow style: `{ a: 1, b: [x, y] }`. */
export function flowYaml(value: YamlValue): string {
  if (isList(value)) return value.length === 0 ? '[]' : `[${value.map((v) => flowYaml(v)).join(', ')}]`;
  if (isMap(value)) {
    const entries = entriesOf(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${yamlScalar(k)}: ${flowYaml(v)}`).join(', ')} }`;
  }
  return yamlScalar(value);
}

const commentLines = (pad: string, lines: readonly string[] | undefined): string[] =>
  (lines ?? []).flatMap((line) => line.split('\n')).map((line) => (line === '' ? `${pad}#` : `${pad}# ${line}`));

/**
 * Writes JSON-like data as block-style YAML (two-space indent, list items indented under their
 * key), with comments, flow-style leaves and anchors for shared maps and lists as `layout`
 * says. Keys and strings are quoted only when a plain scalar would read differently (see
 * {@link yamlScalar}), so the text reads back — with any YAML 1.2 parser — as the value given.
 */
export function toYaml(value: YamlValue, layout: YamlLayout = {}): string {
  const uses = new Map<object, number>();
  const count = (v: YamlValue): void => {
    if (!isList(v) && !isMap(v)) return;
    const n = (uses.get(v) ?? 0) + 1;
    uses.set(v, n);
    if (n > 1) return;
    for (const child of isList(v) ? v : entriesOf(v).map((e) => e[1])) count(child);
  };
  count(value);
  const written = new Map<object, string>();
  let unnamed = 0;
  /** `&name ` / `*name` for a repeated object, or undefined. */
  const anchorOf = (v: YamlValue): { alias: string } | { anchor: string } | undefined => {
    if ((!isList(v) && !isMap(v)) || (uses.get(v) ?? 0) < 2) return undefined;
    const name = written.get(v);
    if (name !== undefined) return { alias: `*${name}` };
    const fresh = layout.anchors?.get(v) ?? `ref${(unnamed += 1)}`;
    written.set(v, fresh);
    return { anchor: `&${fresh}` };
  };

  const lines: string[] = [];
  /** Writes `v` after `head` (`key:` or `-`), at `indent` for its block children. */
  const write = (head: string, v: YamlValue, path: YamlPath, indent: number): void => {
    const pad = ' '.repeat(indent);
    const anchor = anchorOf(v);
    if (anchor && 'alias' in anchor) {
      lines.push(`${head} ${anchor.alias}`);
      return;
    }
    const tag = anchor ? ` ${anchor.anchor}` : '';
    const empty = (isList(v) && v.length === 0) || (isMap(v) && entriesOf(v).length === 0);
    if ((!isList(v) && !isMap(v)) || empty || layout.flow?.(path, v)) {
      lines.push(`${head}${tag} ${flowYaml(v)}`);
      if (isList(v) || isMap(v)) lines.push(...commentLines(pad, layout.trailing?.(path)));
      return;
    }
    if (head !== '') lines.push(`${head}${tag}`);
    block(v, path, indent, pad);
  };
  const block = (v: readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined }, path: YamlPath, indent: number, pad: string): void => {
    if (isList(v)) {
      v.forEach((item, i) => {
        const itemPath = [...path, i];
        lines.push(...commentLines(pad, layout.comments?.(itemPath)));
        if (isMap(item) && entriesOf(item).length > 0 && !layout.flow?.(itemPath, item) && (uses.get(item) ?? 0) < 2) {
          // A map item: its first key on the `- ` line, the others under it.
          const start = lines.length;
          block(item, itemPath, indent + 2, `${pad}  `);
          const first = lines.findIndex((line, j) => j >= start && !line.trimStart().startsWith('#'));
          lines[first] = `${pad}- ${lines[first]!.slice(indent + 2)}`;
        } else {
          write(`${pad}-`, item, itemPath, indent + 2);
        }
      });
    } else {
      for (const [key, child] of entriesOf(v)) {
        const childPath = [...path, key];
        lines.push(...commentLines(pad, layout.comments?.(childPath)));
        write(`${pad}${yamlScalar(key)}:`, child, childPath, indent + 2);
      }
    }
    lines.push(...commentLines(pad, layout.trailing?.(path)));
  };

  lines.push(...commentLines('', layout.comments?.([])));
  if (isList(value) || isMap(value)) block(value, [], 0, '');
  else lines.push(flowYaml(value));
  return `${lines.join('\n')}\n`;
}
