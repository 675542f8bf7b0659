/** The part of a parsed topic template this file reads (see `@rongtong/mqtt`'s `MqttTopicTemplateSchema`). */
export interface TemplateSignals {
  /** The topic template, e.g. `factory/{line}/{machine}/telemetry`. */
  readonly topic: string;
  /** Its fields; `signal` may hold placeholders, e.g. `{machine}/temp`. */
  readonly fields: readonly { readonly signal: string }[];
}

/** A template field that can produce a signal id. */
export interface ProducingField {
  /** Index into the source's `topics`. */
  readonly topicIndex: number;
  /** Index into that template's `fields`. */
  readonly fieldIndex: number;
  /** The field's signal template, e.g. `{machine}/temp`. */
  readonly signal: string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
/**
 * What a placeholder can stand for in a signal id that is valid: one topic level (so no `/`)
 * of signal-id characters (`[A-Za-z0-9._:/-]` without the `/`), possibly empty (`a//b` has an
 * empty level). A topic level with other characters gives an invalid id, which the source
 * counts as a payload error (`invalid_signal_id`) instead of delivering.
 */
const CAPTURE = '([A-Za-z0-9._:-]*)';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A regular expression matching exactly the ids a signal template such as `{machine}/temp` can produce. */
export function signalTemplatePattern(signal: string): RegExp {
  let pattern = '^';
  let last = 0;
  const groups = new Map<string, number>();
  for (const m of signal.matchAll(PLACEHOLDER)) {
    pattern += escape(signal.slice(last, m.index));
    const name = m[1]!;
    const group = groups.get(name);
    if (group !== undefined) pattern += `\\${group}`; // the same placeholder is the same topic level
    else {
      groups.set(name, groups.size + 1);
      pattern += CAPTURE;
    }
    last = m.index + m[0].length;
  }
  return new RegExp(`${pattern}${escape(signal.slice(last))}$`);
}

/**
 * The template fields that can produce `signalId` from some topic their template matches:
 * `{machine}/temp` produces `press-3/temp` (from `factory/l1/press-3/telemetry`), a field
 * without placeholders only its own id. In template order.
 */
export function fieldsProducing(topics: readonly TemplateSignals[], signalId: string): ProducingField[] {
  const found: ProducingField[] = [];
  topics.forEach((template, topicIndex) => {
    template.fields.forEach((field, fieldIndex) => {
      if (signalTemplatePattern(field.signal).test(signalId)) found.push({ topicIndex, fieldIndex, signal: field.signal });
    });
  });
  return found;
}
