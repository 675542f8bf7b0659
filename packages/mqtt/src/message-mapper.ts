import {
  type FieldViolation,
  MqttAddressSchema,
  RongtongError,
  type Sample,
  type SignalSemantic,
  type SignalSource,
  SignalIdSchema,
  isCounterSemantic,
} from '@rongtong/core';
import { type JsonPath, MISSING, parseJsonPath, selectSegments, tryParseJsonPath } from './json-path.js';
import { type MqttTopicTemplate, timestampPairingProblem } from './mqtt-json-config.js';
import type { PayloadError } from './payload-error.js';
import { parsePayloadTime } from './payload-time.js';
import { convertPayloadValue, type MqttValueType } from './payload-value.js';
import { type MqttQos, type MqttSubscription, minimalSubscriptions } from './topic-filter.js';
import { type TopicCaptures, compileTopicTemplate, fillTemplate, templatePlaceholders } from './topic-template.js';

/**
 * A signal the agent reads from this source by exact address: its id, its core
 * `SignalSource` address (of kind `mqtt`: topic, `jsonPath` of the value, optional
 * `timestampJsonPath`) and its semantic. The agent's `signals[]` entries have this shape.
 */
export interface MqttSignalBinding {
  /** Signal id. */
  readonly id: string;
  /** Where the value is: must be an `mqtt` address. */
  readonly address?: SignalSource;
  /** What the signal means; counter semantics make its values 64-bit integers (`bigint`). */
  readonly semantic?: SignalSemantic;
}

/** A signal a topic template produced for the first time (for the agent to learn its equipment). */
export interface DiscoveredMqttSignal {
  /** The signal id, placeholders filled in. */
  readonly signalId: string;
  /** The template's `equipment`, placeholders filled in; absent when the template has none. */
  readonly equipmentId?: string;
  /** The field's semantic, when configured. */
  readonly semantic?: SignalSemantic;
  /** The topic of the message it first came in. */
  readonly topic: string;
  /** The topic template that matched, as written. */
  readonly template: string;
  /** The topic levels the placeholders captured. */
  readonly captures: TopicCaptures;
}

/** What one message gave. */
export interface MappedMessage {
  /** Whether any binding matched the topic. */
  readonly matched: boolean;
  /** The samples, in source-time order (stable: equal times keep field order). */
  readonly samples: Sample[];
  /** What could not be read. */
  readonly errors: PayloadError[];
  /** Template signals seen for the first time. */
  readonly discovered: DiscoveredMqttSignal[];
}

/** Turns MQTT messages into samples by the source's bindings. */
export interface MessageMapper {
  /** The minimal set of subscriptions that receives every bound topic once. */
  readonly subscriptions: readonly MqttSubscription[];
  /** Maps one message; never throws. */
  map(topic: string, payload: Uint8Array, receivedAt: number): MappedMessage;
}

/** Options of {@link createMessageMapper}. */
export interface MessageMapperOptions {
  /** Topic templates (parsed by `MqttTopicTemplateSchema`). */
  readonly topics: readonly MqttTopicTemplate[];
  /** Signals with exact `mqtt` addresses. */
  readonly signals?: readonly MqttSignalBinding[];
  /** QoS of subscriptions whose template sets none. */
  readonly qos: MqttQos;
  /** Offset (minutes east of UTC) of ISO 8601 times without one; absent: they are errors. */
  readonly localOffsetMinutes?: number;
  /** Most template signal ids remembered for discovery (default 100,000). */
  readonly maxDiscovered?: number;
}

interface Field {
  readonly signal: string;
  readonly dynamic: boolean;
  readonly value: JsonPath | undefined;
  readonly time: JsonPath | undefined;
  readonly type: MqttValueType;
  readonly optional: boolean;
  readonly semantic: SignalSemantic | undefined;
}

interface Binding {
  readonly match: (topic: string) => TopicCaptures | undefined;
  readonly template: string | undefined;
  readonly equipment: string | undefined;
  readonly fields: readonly Field[];
}

const NO_CAPTURES: TopicCaptures = Object.freeze({});

function valueType(type: MqttValueType, semantic: SignalSemantic | undefined): MqttValueType {
  return type === 'auto' && semantic !== undefined && isCounterSemantic(semantic) ? 'integer' : type;
}

function compileSignals(signals: readonly MqttSignalBinding[], violations: FieldViolation[]): Map<string, Field[]> {
  const byTopic = new Map<string, Field[]>();
  signals.forEach((signal, i) => {
    const at = (field: string) => `signals.${i}${field}`;
    const parsed = MqttAddressSchema.safeParse(signal.address);
    if (!SignalIdSchema.safeParse(signal.id).success) violations.push({ path: at('.id'), reason: `"${signal.id}" must be 1 to 128 characters from [A-Za-z0-9._:/-]` });
    if (!parsed.success) {
      const reason =
        signal.address === undefined
          ? `signal "${signal.id}" needs an mqtt address { kind: mqtt, topic, jsonPath?, timestampJsonPath? }`
          : signal.address.kind !== 'mqtt'
            ? `signal "${signal.id}" has an address of kind ${signal.address.kind}; an mqtt source reads mqtt addresses`
            : `signal "${signal.id}": ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'address'}: ${issue.message}`).join('; ')}`;
      violations.push({ path: at('.address'), reason });
      return;
    }
    const address = parsed.data;
    const paths: (JsonPath | undefined)[] = [];
    for (const [key, text] of [['jsonPath', address.jsonPath], ['timestampJsonPath', address.timestampJsonPath]] as const) {
      if (text === undefined) {
        paths.push(undefined);
        continue;
      }
      const result = tryParseJsonPath(text);
      if (!result.ok) violations.push({ path: at(`.address.${key}`), reason: `signal "${signal.id}": ${result.reason}` });
      paths.push(result.ok ? result.path : undefined);
    }
    const pairing = timestampPairingProblem(address.jsonPath, address.timestampJsonPath);
    if (pairing) violations.push({ path: at('.address.timestampJsonPath'), reason: `signal "${signal.id}": ${pairing}` });
    const field: Field = {
      signal: signal.id,
      dynamic: false,
      value: paths[0],
      time: paths[1],
      type: valueType('auto', signal.semantic),
      optional: false,
      semantic: signal.semantic,
    };
    const list = byTopic.get(address.topic) ?? [];
    list.push(field);
    byTopic.set(address.topic, list);
  });
  return byTopic;
}

function jsonDescribe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 120 ? `${message.slice(0, 120)}…` : message;
}

/**
 * Compiles the bindings of a source (topic templates and exact signal addresses) into a
 * mapper; throws an `INVALID_CONFIG` RongtongError naming every bad signal address (paths
 * `signals.<index>.address…`, index into `signals`). Templates must already be parsed by
 * `MqttTopicTemplateSchema`.
 *
 * Per message: the payload is parsed once (UTF-8 JSON, a leading BOM ignored); every
 * binding whose topic matches reads its fields; a value path with `[*]` gives one sample per
 * array element, timed by the element's own timestamp (paired `[*]` path), the message's, or
 * the receive time. Samples come out in source-time order.
 */
export function createMessageMapper(options: MessageMapperOptions): MessageMapper {
  const violations: FieldViolation[] = [];
  const exact = compileSignals(options.signals ?? [], violations);
  if (violations.length > 0) {
    const summary = violations.map((v) => `${v.path}: ${v.reason}`).join('; ');
    throw new RongtongError('INVALID_CONFIG', `invalid mqtt signal addresses: ${summary}`, { fieldViolations: violations });
  }
  const subscriptions: MqttSubscription[] = [...exact.keys()].map((topic) => ({ filter: topic, qos: options.qos }));
  const templates: Binding[] = options.topics.map((t) => {
    const compiled = compileTopicTemplate(t.topic);
    subscriptions.push({ filter: compiled.filter, qos: t.qos ?? options.qos });
    return {
      match: compiled.match,
      template: t.topic,
      equipment: t.equipment,
      fields: t.fields.map((f) => {
        const time = f.timestampPath ?? t.timestampPath;
        return {
          signal: f.signal,
          dynamic: templatePlaceholders(f.signal).length > 0,
          value: parseJsonPath(f.path),
          time: time === undefined ? undefined : parseJsonPath(time),
          type: valueType(f.type, f.semantic),
          optional: f.optional,
          semantic: f.semantic,
        };
      }),
    };
  });
  const exactBindings = new Map<string, Binding>(
    [...exact].map(([topic, fields]) => [topic, { match: (t: string) => (t === topic ? NO_CAPTURES : undefined), template: undefined, equipment: undefined, fields }]),
  );
  const timeOptions = { localOffsetMinutes: options.localOffsetMinutes };
  const maxDiscovered = options.maxDiscovered ?? 100_000;
  const seen = new Set<string>();
  const decoder = new TextDecoder('utf-8', { fatal: true });

  function readField(
    field: Field,
    signalId: string,
    document: unknown,
    receivedAt: number,
    samples: Sample[],
    errors: PayloadError[],
  ): void {
    const error = (reason: PayloadError['reason'], detail: string, path?: string) => errors.push({ reason, detail, signalId, ...(path === undefined ? {} : { path }) });
    const timeOf = (node: unknown, from: number): number | undefined => {
      const time = field.time!;
      const raw = selectSegments(node, time.segments, from);
      if (raw === MISSING) {
        error('bad_timestamp', `timestamp ${time.text} not found`, time.text);
        return undefined;
      }
      const parsed = parsePayloadTime(raw, timeOptions);
      if (!parsed.ok) {
        error('bad_timestamp', parsed.reason, time.text);
        return undefined;
      }
      return parsed.ms;
    };
    const push = (raw: unknown, sourceTime: number | undefined, path: string | undefined) => {
      if (sourceTime === undefined) return;
      const converted = convertPayloadValue(raw, field.type);
      if (!converted.ok) error('wrong_type', converted.reason, path);
      else samples.push({ signalId, sourceTime, value: converted.value, quality: 'good' });
    };
    const value = field.value;
    if (value === undefined || value.wildcardAt < 0) {
      const raw = value === undefined ? document : selectSegments(document, value.segments);
      if (raw === MISSING) {
        if (!field.optional) error('path_not_found', `${value!.text} not found`, value!.text);
        return;
      }
      push(raw, field.time === undefined ? receivedAt : timeOf(document, 0), value?.text);
      return;
    }
    const array = selectSegments(document, value.segments, 0, value.wildcardAt);
    if (!Array.isArray(array)) {
      if (array !== MISSING || !field.optional) {
        error('path_not_found', `${value.text}: ${array === MISSING ? 'no array' : 'not an array'} before [*]`, value.text);
      }
      return;
    }
    const time = field.time;
    const shared = time === undefined ? receivedAt : time.wildcardAt < 0 ? timeOf(document, 0) : undefined;
    if (time !== undefined && time.wildcardAt < 0 && shared === undefined) return;
    for (const [i, element] of (array as unknown[]).entries()) {
      const raw = selectSegments(element, value.segments, value.wildcardAt + 1);
      if (raw === MISSING) {
        if (!field.optional) error('path_not_found', `${value.text}: element ${i} has no value`, value.text);
        continue;
      }
      push(raw, time !== undefined && time.wildcardAt >= 0 ? timeOf(element, time.wildcardAt + 1) : shared, value.text);
    }
  }

  function map(topic: string, payload: Uint8Array, receivedAt: number): MappedMessage {
    const matches: [Binding, TopicCaptures][] = [];
    const direct = exactBindings.get(topic);
    if (direct) matches.push([direct, NO_CAPTURES]);
    for (const binding of templates) {
      const captures = binding.match(topic);
      if (captures) matches.push([binding, captures]);
    }
    const samples: Sample[] = [];
    const errors: PayloadError[] = [];
    const discovered: DiscoveredMqttSignal[] = [];
    if (matches.length === 0) return { matched: false, samples, errors, discovered };
    let document: unknown;
    try {
      let text = decoder.decode(payload);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      document = JSON.parse(text);
    } catch (err) {
      const detail = err instanceof TypeError ? 'payload is not valid UTF-8' : `payload is not JSON: ${jsonDescribe(err)}`;
      errors.push({ reason: 'not_json', detail });
      return { matched: true, samples, errors, discovered };
    }
    for (const [binding, captures] of matches) {
      for (const field of binding.fields) {
        const signalId = field.dynamic ? fillTemplate(field.signal, captures) : field.signal;
        const isNew = binding.template !== undefined && !seen.has(signalId);
        if (isNew && field.dynamic && !SignalIdSchema.safeParse(signalId).success) {
          errors.push({ reason: 'invalid_signal_id', detail: `"${signalId}" (from the topic) is not 1 to 128 characters from [A-Za-z0-9._:/-]`, signalId });
          continue;
        }
        const before = samples.length;
        readField(field, signalId, document, receivedAt, samples, errors);
        if (isNew && samples.length > before && seen.size < maxDiscovered) {
          seen.add(signalId);
          discovered.push({
            signalId,
            ...(binding.equipment === undefined ? {} : { equipmentId: fillTemplate(binding.equipment, captures) }),
            ...(field.semantic === undefined ? {} : { semantic: field.semantic }),
            topic,
            template: binding.template,
            captures,
          });
        }
      }
    }
    // Stable: equal times keep their order, so each signal's samples are in source-time order.
    samples.sort((a, b) => a.sourceTime - b.sourceTime);
    return { matched: true, samples, errors, discovered };
  }

  return { subscriptions: minimalSubscriptions(subscriptions), map };
}
