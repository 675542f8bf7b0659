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

/** An OPC UA variable node. Mirrors `rongtong.v1.OpcUaAddress`. */
export const OpcUaAddressSchema = z.object({
  /** Source kind. */
  kind: z.literal('opcua'),
  /** NodeId of the variable; the namespace-URI form `nsu=…;` is preferred (indexes can change on restart). */
  nodeId: NodeIdSchema,
  /** NodeId of the type definition of the variable or its object, used to recognise standard models. Absent: unknown. */
  typeDefinitionId: NodeIdSchema.optional(),
  /** Browse path from the Objects folder, for display and re-resolving, e.g. "/2:Machines/3:Lathe3/…". */
  browsePath: z.string().optional(),
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
