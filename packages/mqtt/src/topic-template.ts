import { RongtongError } from '@rongtong/core';

/** Values a topic template captured from a topic, by placeholder name. */
export type TopicCaptures = Readonly<Record<string, string>>;

/**
 * A compiled topic template such as `factory/{line}/{machine}/telemetry` (see
 * {@link compileTopicTemplate}).
 */
export interface TopicTemplate {
  /** The template as written. */
  readonly text: string;
  /** The subscription filter: every `{name}` replaced by `+`. */
  readonly filter: string;
  /** Placeholder names, in topic order. */
  readonly names: readonly string[];
  /** The captured values when `topic` matches, otherwise undefined. */
  readonly match: (topic: string) => TopicCaptures | undefined;
}

/** Result of {@link tryCompileTopicTemplate}. */
export type TopicTemplateResult = { readonly ok: true; readonly template: TopicTemplate } | { readonly ok: false; readonly reason: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;

type Level = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'capture'; readonly name: string } | { readonly kind: '+' } | { readonly kind: '#' };

/**
 * Compiles a topic template: an MQTT topic filter whose levels may also be `{name}`, a
 * placeholder that matches exactly one level (subscribed as `+`) and captures its value.
 * `+` and a final `#` are allowed too and capture nothing. A placeholder must be a whole
 * level (`machine-{id}` is not allowed); names are `[A-Za-z_][A-Za-z0-9_]*`, each used once.
 * As in MQTT, a wildcard or placeholder at the first level does not match `$` topics.
 */
export function tryCompileTopicTemplate(text: string): TopicTemplateResult {
  const fail = (reason: string): TopicTemplateResult => ({ ok: false, reason });
  if (text.length === 0) return fail('must not be empty');
  if (text.includes('\u0000')) return fail('must not contain NUL characters');
  if (Buffer.byteLength(text, 'utf8') > 65_535) return fail('must be at most 65535 bytes (UTF-8)');
  const parts = text.split('/');
  const levels: Level[] = [];
  const names: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (part === '#') {
      if (i !== parts.length - 1) return fail('"#" must be the last level');
      levels.push({ kind: '#' });
    } else if (part === '+') levels.push({ kind: '+' });
    else if (part.includes('+') || part.includes('#')) return fail(`"${part}": "+" and "#" must be a whole level`);
    else if (part.startsWith('{') && part.endsWith('}') && part.indexOf('{', 1) < 0) {
      const name = part.slice(1, -1);
      if (!NAME.test(name)) return fail(`"{${name}}": placeholder names are letters, digits and "_", not starting with a digit`);
      if (names.includes(name)) return fail(`"{${name}}" is used twice`);
      names.push(name);
      levels.push({ kind: 'capture', name });
    } else if (part.includes('{') || part.includes('}')) {
      return fail(`"${part}": a placeholder must be a whole level, e.g. factory/{line}/{machine}/telemetry`);
    } else levels.push({ kind: 'literal', text: part });
  }
  const filter = levels.map((l) => (l.kind === 'literal' ? l.text : l.kind === 'capture' ? '+' : l.kind)).join('/');
  const wildFirst = levels[0]!.kind !== 'literal';
  const match = (topic: string): TopicCaptures | undefined => {
    if (wildFirst && topic.startsWith('$')) return undefined;
    const t = topic.split('/');
    const captures: Record<string, string> = {};
    for (let i = 0; i < levels.length; i += 1) {
      const level = levels[i]!;
      if (level.kind === '#') return captures;
      if (i >= t.length) return undefined;
      if (level.kind === 'literal' && level.text !== t[i]) return undefined;
      if (level.kind === 'capture') captures[level.name] = t[i]!;
    }
    return levels.length === t.length ? captures : undefined;
  };
  return { ok: true, template: { text, filter, names, match } };
}

/** Compiles a topic template (see {@link tryCompileTopicTemplate}); throws an `INVALID_ARGUMENT` RongtongError. */
export function compileTopicTemplate(text: string): TopicTemplate {
  const result = tryCompileTopicTemplate(text);
  if (!result.ok) throw new RongtongError('INVALID_ARGUMENT', `invalid topic template "${text}": ${result.reason}`);
  return result.template;
}

/** The placeholder names used in a text template such as `{machine}/temp`, in order, without repeats. */
export function templatePlaceholders(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) if (!names.includes(m[1]!)) names.push(m[1]!);
  return names;
}

/**
 * Fills `{name}` placeholders of a text template with captured values: `{machine}/temp` with
 * `{ machine: 'm1' }` gives `m1/temp`. Placeholders without a value are left as written.
 */
export function fillTemplate(template: string, captures: TopicCaptures): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(captures, name) ? captures[name]! : whole));
}
