import { LocalIdSchema, signalSemanticSchema } from '@rongtong/core';
import { z } from 'zod';
import { type JsonPath, type JsonPathSegment, tryParseJsonPath } from './json-path.js';
import { MqttConnectionConfigSchema, MqttQosSchema, checkMqttConnectionConfig } from './mqtt-connection-config.js';
import { parseUtcOffset } from './payload-time.js';
import { MQTT_VALUE_TYPES } from './payload-value.js';
import { templatePlaceholders, tryCompileTopicTemplate } from './topic-template.js';

/** A JSONPath of the supported subset (see `parseJsonPath`). */
export const MqttJsonPathSchema = z
  .string()
  .superRefine((text, ctx) => {
    const result = tryParseJsonPath(text);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason, input: text });
  })
  .describe("JSONPath (subset of RFC 9535): $, .name, ['name'], [index], [*] once, e.g. $.points[*].v");

/** Characters a signal id may have (core `SignalIdSchema`), placeholders aside. */
const SIGNAL_ID_CHARS = /^[A-Za-z0-9._:/-]*$/;

/** One value of a message on a templated topic: where it is, which signal it is, how to read it. */
export const MqttTemplateFieldSchema = z
  .object({
    path: MqttJsonPathSchema.describe('JSONPath of the value, e.g. $.temp, $.axes[0].load, $.points[*].v (one sample per element)'),
    signal: z
      .string()
      .min(1, { error: 'must not be empty' })
      .describe('signal id; {name} is replaced by the topic level the placeholder captured, e.g. {machine}/temp'),
    semantic: signalSemanticSchema.optional().describe('what the signal means; counter semantics make the value a 64-bit integer'),
    type: z
      .enum(MQTT_VALUE_TYPES, { error: `must be one of ${MQTT_VALUE_TYPES.join(', ')}` })
      .default('auto')
      .describe('value type: auto (as in JSON; integer for counter semantics), integer (bigint), number, string, boolean'),
    timestampPath: MqttJsonPathSchema.optional().describe(
      "JSONPath of this value's time (epoch s / ms / µs / ns by magnitude, or ISO 8601); default: the template's; absent: receive time",
    ),
    optional: z.boolean().default(false).describe('a message without this value is normal (not counted as an error)'),
  })
  .strict()
  .describe('a value in the message and the signal it belongs to');

/**
 * A topic template: a topic filter whose levels may be `{name}` placeholders, and the values
 * each message on it carries. `factory/{line}/{machine}/telemetry` subscribes to
 * `factory/+/+/telemetry`; a message on `factory/l2/m7/telemetry` with field
 * `{ path: '$.temp', signal: '{machine}/temp' }` gives a sample of signal `m7/temp`.
 */
export const MqttTopicTemplateSchema = z
  .object({
    topic: z
      .string()
      .superRefine((text, ctx) => {
        const result = tryCompileTopicTemplate(text);
        if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason, input: text });
      })
      .describe('topic filter with {name} placeholders (one level each), + and #, e.g. factory/{line}/{machine}/telemetry'),
    fields: z.array(MqttTemplateFieldSchema).min(1, { error: 'needs at least one field' }),
    timestampPath: MqttJsonPathSchema.optional().describe('JSONPath of the message time, for fields without their own; absent: receive time'),
    equipment: z
      .string()
      .min(1)
      .optional()
      .describe('equipment id of the signals, with placeholders, e.g. {machine}; reported when a signal is first seen'),
    qos: MqttQosSchema.optional().describe("QoS of this template's subscription; default: the source's qos"),
  })
  .strict()
  .superRefine((template, ctx) => {
    const compiled = tryCompileTopicTemplate(template.topic);
    if (!compiled.ok) return;
    const names = compiled.template.names;
    const checkTemplate = (text: string, path: PropertyKey[], what: string) => {
      for (const name of templatePlaceholders(text)) {
        if (!names.includes(name)) {
          const known = names.length > 0 ? names.map((n) => `{${n}}`).join(', ') : 'none';
          ctx.addIssue({ code: 'custom', path, message: `{${name}} is not a placeholder of the topic (${known})`, input: text });
        }
      }
      const literal = text.replace(/\{[^{}]*\}/g, '');
      if (!SIGNAL_ID_CHARS.test(literal)) {
        ctx.addIssue({ code: 'custom', path, message: `${what} may only contain [A-Za-z0-9._:/-] besides placeholders`, input: text });
      } else if (templatePlaceholders(text).length === 0 && (text.length === 0 || text.length > 128)) {
        ctx.addIssue({ code: 'custom', path, message: `${what} must be 1 to 128 characters`, input: text });
      }
    };
    template.fields.forEach((field, i) => {
      checkTemplate(field.signal, ['fields', i, 'signal'], 'a signal id');
      const timePath = field.timestampPath ?? template.timestampPath;
      const where = field.timestampPath !== undefined ? ['fields', i, 'timestampPath'] : ['timestampPath'];
      const problem = timestampPairingProblem(field.path, timePath);
      if (problem) ctx.addIssue({ code: 'custom', path: where, message: problem, input: timePath });
    });
    if (template.equipment !== undefined) checkTemplate(template.equipment, ['equipment'], 'an equipment id');
  })
  .describe('topic template: {name} placeholders map topics to signal and equipment ids');

function sameSegment(a: JsonPathSegment, b: JsonPathSegment | undefined): boolean {
  if (b === undefined || a.kind !== b.kind) return false;
  if (a.kind === 'name') return b.kind === 'name' && a.name === b.name;
  if (a.kind === 'index') return b.kind === 'index' && a.index === b.index;
  return true;
}

/**
 * Why a timestamp path cannot go with a value path, or undefined. A timestamp path with a
 * wildcard must have it at the same place, after the same steps, as the value path (the
 * time of each point is beside its value: `$.points[*].t` with `$.points[*].v`); one without
 * a wildcard gives one time to every value of the message.
 */
export function timestampPairingProblem(valuePath: string | undefined, timePath: string | undefined): string | undefined {
  if (timePath === undefined) return undefined;
  const time = tryParseJsonPath(timePath);
  if (!time.ok || time.path.wildcardAt < 0) return undefined;
  const value = valuePath === undefined ? undefined : tryParseJsonPath(valuePath);
  if (value !== undefined && !value.ok) return undefined; // reported at the value path
  const v: JsonPath | undefined = value?.path;
  const w = time.path.wildcardAt;
  const sameStart = v !== undefined && v.wildcardAt === w && time.path.segments.slice(0, w).every((s, k) => sameSegment(s, v.segments[k]));
  return sameStart
    ? undefined
    : `a timestamp path with [*] must have it at the same place as the value path (e.g. $.points[*].t with $.points[*].v); ${timePath} does not pair with ${valuePath ?? 'the whole payload'}`;
}

/**
 * The fields of an `mqtt` source config that map messages to signals: `topics` (topic
 * templates) and `localTimeOffset`. For the agent to spread next to the connection fields:
 *
 * ```ts
 * MqttConnectionConfigSchema.extend({ ...sourceConfigFields, kind: z.literal('mqtt'), ...mqttJsonMappingFields(), tls: AgentTlsFiles, password: SecretRef.optional() })
 *   .strict()
 *   .superRefine(checkMqttConnectionConfig);
 * ```
 */
export function mqttJsonMappingFields() {
  return {
    topics: z.array(MqttTopicTemplateSchema).default([]).describe('topic templates mapping messages to signals'),
    localTimeOffset: z
      .string()
      .superRefine((text, ctx) => {
        if (parseUtcOffset(text) === undefined) ctx.addIssue({ code: 'custom', message: 'must be an offset such as +08:00, -05:00 or Z', input: text });
      })
      .optional()
      .describe('UTC offset of ISO 8601 payload times without one, e.g. +08:00; absent: such times are errors'),
  };
}

/**
 * The config of an MQTT JSON source: the connection ({@link MqttConnectionConfigSchema}),
 * the source `id`, the topic templates, and `localTimeOffset` for ISO 8601 times sent
 * without offset. Signals with an exact `mqtt` address (topic + JSONPath, core's
 * `MqttAddressSchema`) are not part of it: they come from the agent's `signals[]`.
 *
 * @example
 * ```ts
 * MqttJsonSourceConfigSchema.parse({
 *   id: 'workshop-broker',
 *   url: 'mqtts://broker.local:8883',
 *   username: 'rongtong',
 *   password: resolvedPassword,
 *   tls: { ca: caPem },
 *   topics: [{
 *     topic: 'factory/{line}/{machine}/telemetry',
 *     equipment: '{machine}',
 *     timestampPath: '$.ts',
 *     fields: [
 *       { path: '$.state', signal: '{machine}/state', semantic: 'machine_state' },
 *       { path: '$.counters.good', signal: '{machine}/good', semantic: 'good_count' },
 *     ],
 *   }],
 * });
 * ```
 */
export const MqttJsonSourceConfigSchema = MqttConnectionConfigSchema.extend({
  id: LocalIdSchema.describe('source id, unique within the agent'),
  kind: z.literal('mqtt').optional().describe('source kind (mqtt)'),
  ...mqttJsonMappingFields(),
})
  .superRefine(checkMqttConnectionConfig)
  .describe('mqtt: JSON messages on MQTT topics, mapped to signals by exact address or topic template');

/** A parsed MQTT JSON source config (see {@link MqttJsonSourceConfigSchema}). */
export type MqttJsonSourceConfig = z.infer<typeof MqttJsonSourceConfigSchema>;
/** An MQTT JSON source config as written (see {@link MqttJsonSourceConfigSchema}). */
export type MqttJsonSourceConfigInput = z.input<typeof MqttJsonSourceConfigSchema>;
/** A parsed topic template (see {@link MqttTopicTemplateSchema}). */
export type MqttTopicTemplate = z.infer<typeof MqttTopicTemplateSchema>;
/** A topic template as written (see {@link MqttTopicTemplateSchema}). */
export type MqttTopicTemplateInput = z.input<typeof MqttTopicTemplateSchema>;
/** A parsed template field (see {@link MqttTemplateFieldSchema}). */
export type MqttTemplateField = z.infer<typeof MqttTemplateFieldSchema>;
