import { z } from 'zod';

/**
 * OPC UA NodeId in the standard string format: optional `ns=<index>;` or
 * `nsu=<namespace URI>;`, then `i=<number>`, `s=<string>`, `g=<GUID>` or `b=<base64>`.
 */
const NODE_ID =
  /^(?:(?:ns=[0-9]+|nsu=[^;]+);)?(?:i=[0-9]+|s=.+|g=[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|b=[A-Za-z0-9+/]*={0,2})$/s;

/** zod schema of an OPC UA NodeId string (`nsu=http://…;s=Id`, `ns=2;i=1002`, …). */
export const NodeIdSchema = z
  .string()
  .regex(NODE_ID, { error: 'must be an OPC UA NodeId such as "nsu=http://example.com/;s=Lathe3.State" or "ns=2;i=1002"' })
  .describe('OPC UA NodeId, string format; the nsu= form is preferred');

/** RFC 9535 JSONPath: starts with `$`. */
const JsonPathSchema = z.string().regex(/^\$/, { error: 'must be an RFC 9535 JSONPath starting with "$", e.g. "$.state"' });

/** A Sparkplug B id (group, edge node, device): non-empty, without `/`, `+` or `#`. */
const SparkplugIdSchema = z
  .string()
  .regex(/^[^/+#]+$/, { error: 'must be a non-empty Sparkplug id without "/", "+" or "#"' });

/** Largest index of an OPC UA NumericRange bound (UInt32). */
const MAX_RANGE_INDEX = 4_294_967_295;

/**
 * Why `text` is not an OPC UA NumericRange (OPC 10000-4 §7.27: dimensions separated by `,`,
 * each an index `n` or a range `n:m` with n < m, indexes UInt32), or undefined when it is one.
 */
export function numericRangeProblem(text: string): string | undefined {
  const example = 'must be an OPC UA NumericRange such as "0", "2:5" or "0,1:3" (indexes, ranges n:m with n < m, dimensions separated by ",")';
  for (const dimension of text.split(',')) {
    const m = /^(0|[1-9][0-9]{0,9})(?::(0|[1-9][0-9]{0,9}))?$/.exec(dimension);
    if (!m) return example;
    const low = Number(m[1]);
    const high = m[2] === undefined ? undefined : Number(m[2]);
    if (low > MAX_RANGE_INDEX || (high !== undefined && high > MAX_RANGE_INDEX)) return `${example}; ${dimension} is beyond ${MAX_RANGE_INDEX} (UInt32)`;
    if (high !== undefined && high <= low) return `${example}; in ${dimension} the end must be greater than the start`;
  }
  return undefined;
}

/** An OPC UA NumericRange (see {@link numericRangeProblem}). */
export const NumericRangeSchema = z
  .string()
  .superRefine((text, ctx) => {
    const problem = numericRangeProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: text });
  })
  .describe('OPC UA NumericRange: "0" (one element), "2:5", "0,1:3" (per dimension)');

/** A field of a structure value: a name, or names joined by `.` for nested structures. */
export const StructureFieldSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}(?:\.[A-Za-z_][A-Za-z0-9_]{0,127}){0,7}$/, {
    error: 'must name a field of the structure, e.g. "AccCount" (letters, digits, _; nested fields joined by ".")',
  })
  .describe('field of a structure value, e.g. "AccCount"; nested fields joined by "."');

/** An OPC UA sampling interval, ms (0 = as fast as the server can). */
const SamplingIntervalSchema = z
  .number({ error: 'must be a number of milliseconds' })
  .min(0, { error: 'must be ≥ 0 ms' })
  .max(86_400_000, { error: 'must be at most one day' });

/** An OPC UA publishing interval, ms. */
const PublishingIntervalSchema = z
  .number({ error: 'must be a number of milliseconds' })
  .min(10, { error: 'must be at least 10 ms' })
  .max(3_600_000, { error: 'must be at most one hour' });

/**
 * An OPC UA variable node, optionally a part of its value (`indexRange`, `field`) and how
 * often it is sampled and published. Mirrors `rongtong.v1.OpcUaAddress`.
 */
export const OpcUaAddressSchema = z.object({
  /** Source kind. */
  kind: z.literal('opcua'),
  /** NodeId of the variable; the namespace-URI form `nsu=…;` is preferred (indexes can change on restart). */
  nodeId: NodeIdSchema,
  /** NodeId of the type definition of the variable or its object, used to recognise standard models. Absent: unknown. */
  typeDefinitionId: NodeIdSchema.optional(),
  /** Browse path from the Objects folder, for display and re-resolving, e.g. "/2:Machines/3:Lathe3/…". */
  browsePath: z.string().optional(),
  /**
   * Part of an array value, as an OPC UA NumericRange, e.g. "0" for the first element. When it
   * names single elements only (no `n:m`), the one element is the value. Absent: the whole value.
   */
  indexRange: NumericRangeSchema.optional(),
  /** Field of a structure value (after `indexRange`), e.g. "AccCount" of a PackMLCountDataType. Absent: the value itself. */
  field: StructureFieldSchema.optional(),
  /** How often the server samples this node, ms (0 = as fast as it can). Absent: the source's default. */
  samplingInterval: SamplingIntervalSchema.optional().describe("sampling interval of this node, ms (0 = as fast as the server can); default: the source's"),
  /** Publishing interval of the subscription this node is in, ms. Absent: the source's default. */
  publishingInterval: PublishingIntervalSchema.optional().describe("publishing interval of this node's subscription, ms; default: the source's"),
});

/** A value inside JSON messages on an MQTT topic. Mirrors `rongtong.v1.MqttAddress`. */
export const MqttAddressSchema = z.object({
  /** Source kind. */
  kind: z.literal('mqtt'),
  /** The exact topic name, without `+` or `#` wildcards, e.g. "factory/lathe3/status". */
  topic: z
    .string()
    .refine((topic) => topic.length > 0 && !/[+#]/.test(topic) && !topic.includes('\u0000'), {
      error: 'must be a non-empty MQTT topic name without wildcards (+, #) or NUL characters',
    }),
  /** JSONPath of the value in the message, e.g. "$.counters.good". Absent: the whole payload. */
  jsonPath: JsonPathSchema.optional(),
  /** JSONPath of the source timestamp (RFC 3339 text or epoch ms). Absent: the receive time is used. */
  timestampJsonPath: JsonPathSchema.optional(),
});

/** A Sparkplug B metric (namespace spBv1.0). Mirrors `rongtong.v1.SparkplugAddress`. */
export const SparkplugAddressSchema = z.object({
  /** Source kind. */
  kind: z.literal('sparkplug'),
  /** Sparkplug group id. */
  groupId: SparkplugIdSchema,
  /** Edge node id. */
  edgeNodeId: SparkplugIdSchema,
  /** Device id. Absent: a metric of the edge node itself. */
  deviceId: SparkplugIdSchema.optional(),
  /** Metric name as announced in the birth certificate, e.g. "Production/GoodCount". */
  metricName: z.string().min(1, { error: 'must not be empty' }),
});

/** A value read by a custom source plug-in. Mirrors `rongtong.v1.CustomAddress`. */
export const CustomAddressSchema = z.object({
  /** Source kind. */
  kind: z.literal('custom'),
  /** Name of the plug-in type, e.g. "modbus", "s7": 1–64 characters from `[A-Za-z0-9._-]`. */
  sourceType: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'must be 1 to 64 characters from [A-Za-z0-9._-]' }),
  /** Plug-in specific address attributes, e.g. `{ register: '40001' }`. Never secrets. */
  attributes: z.record(z.string(), z.string()),
});

/**
 * Where the agent reads a signal: the proto `Signal.source` oneof as a union on `kind`
 * (`opcua` ↔ `opc_ua`, `mqtt`, `sparkplug`, `custom`). Connection settings (endpoints,
 * credentials) are agent configuration and never part of it.
 */
export const SignalSourceSchema = z
  .discriminatedUnion('kind', [OpcUaAddressSchema, MqttAddressSchema, SparkplugAddressSchema, CustomAddressSchema])
  .describe('where a signal is read: opcua, mqtt, sparkplug or custom');

/** Where the agent reads a signal (see {@link SignalSourceSchema}). */
export type SignalSource = z.infer<typeof SignalSourceSchema>;
/** An OPC UA variable node (see {@link OpcUaAddressSchema}). */
export type OpcUaAddress = z.infer<typeof OpcUaAddressSchema>;
/** A value in JSON messages on an MQTT topic (see {@link MqttAddressSchema}). */
export type MqttAddress = z.infer<typeof MqttAddressSchema>;
/** A Sparkplug B metric (see {@link SparkplugAddressSchema}). */
export type SparkplugAddress = z.infer<typeof SparkplugAddressSchema>;
/** A value from a custom source plug-in (see {@link CustomAddressSchema}). */
export type CustomAddress = z.infer<typeof CustomAddressSchema>;
