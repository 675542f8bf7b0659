import { LocalIdSchema } from '@rongtong/core';
import { z } from 'zod';
import { MqttConnectionConfigSchema, checkMqttConnectionConfig } from '../mqtt-connection-config.js';
import { SparkplugHierarchyMappingSchema } from './sparkplug-hierarchy.js';
import { DEFAULT_SPARKPLUG_SIGNAL_ID_TEMPLATE, signalIdTemplateProblem } from './sparkplug-ids.js';
import { SPARKPLUG_ID } from './sparkplug-topic.js';

/** A Sparkplug id (group, host): non-empty, without `/`, `+` or `#`. */
const SparkplugIdSchema = z.string().regex(SPARKPLUG_ID, { error: 'must be a non-empty Sparkplug id without "/", "+" or "#"' });

/**
 * The fields of a `sparkplug` source config beyond the MQTT connection, for the agent to
 * spread next to the connection fields (as `mqttJsonMappingFields()` for `mqtt` sources).
 * They also pin `clean` to true and `sessionExpirySeconds` to 0: a Sparkplug 3.0 host
 * application must start a clean session (tck-id-message-flow-phid-sparkplug-clean-session-311/-50).
 *
 * ```ts
 * MqttConnectionConfigSchema.extend({ ...sourceConfigFields, kind: z.literal('sparkplug'), ...sparkplugHostFields(), tls: AgentTlsFiles, password: SecretRef.optional() })
 *   .strict()
 *   .superRefine(checkMqttConnectionConfig);
 * ```
 */
export function sparkplugHostFields() {
  return {
    hostId: SparkplugIdSchema.describe('Sparkplug host id, unique in the infrastructure: the host publishes its STATE on spBv1.0/STATE/<hostId>'),
    clean: z
      .literal(true, { error: 'must be true: a Sparkplug host application starts a clean session' })
      .default(true)
      .describe('always true for a Sparkplug host (clean session / clean start)'),
    sessionExpirySeconds: z
      .literal(0, { error: 'must be 0 (or absent): a Sparkplug host application keeps no session' })
      .optional()
      .describe('MQTT 5: always 0 for a Sparkplug host'),
    groups: z
      .array(
        SparkplugIdSchema.refine((g) => g !== 'STATE', { error: 'STATE is not a group id (it is the topic of host applications)' }),
      )
      .default([])
      .describe('Sparkplug groups to subscribe to (spBv1.0/<group>/#); empty: all groups (spBv1.0/#)'),
    reorderTimeoutMs: z
      .int({ error: 'must be a whole number of ms' })
      .min(0)
      .max(60_000)
      .default(0)
      .describe('how long a missing seq may take to arrive out of order before it counts as a gap (default 0: at once; a couple of seconds behind clustered brokers)'),
    requestRebirth: z
      .boolean()
      .default(true)
      .describe('send Node Control/Rebirth to an edge node on a seq gap, an unknown alias or data before its birth (default true)'),
    rebirthIntervalMs: z
      .int({ error: 'must be a whole number of ms' })
      .min(0)
      .max(3_600_000)
      .default(5_000)
      .describe('least time between two rebirth requests to the same edge node, ms (default 5000)'),
    signalIdTemplate: z
      .string()
      .superRefine((template, ctx) => {
        const problem = signalIdTemplateProblem(template);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, input: template });
      })
      .default(DEFAULT_SPARKPLUG_SIGNAL_ID_TEMPLATE)
      .describe('signal id of metrics without an exact signals[] address: {group}, {node}, {device}, {metric} (default {group}/{node}/{device}/{metric})'),
    unboundMetrics: z
      .enum(['template', 'ignore'])
      .default('template')
      .describe('metrics no signals[] entry binds: template = samples under signalIdTemplate ids (default), ignore = no samples'),
    controlMetrics: z
      .boolean()
      .default(false)
      .describe('give bdSeq, Node Control/* and Device Control/* metrics template ids too (default false: only when bound exactly)'),
    hierarchy: SparkplugHierarchyMappingSchema.default({ group: 'line', edgeNode: 'cell' }),
  };
}

/**
 * The config of a Sparkplug B host application source (`kind: sparkplug`): the MQTT
 * connection ({@link MqttConnectionConfigSchema}, with a clean session), the source `id` and
 * {@link sparkplugHostFields}. Signals bound exactly (core `SparkplugAddress`: group, edge
 * node, device, metric name) come from the agent's `signals[]`, not from here.
 *
 * @example
 * ```ts
 * SparkplugHostConfigSchema.parse({
 *   id: 'sparkplug',
 *   url: 'mqtt://broker.local:1883',
 *   hostId: 'rongtong-agent-1',
 *   groups: ['Plant1'],
 *   hierarchy: { group: 'line', edgeNode: 'cell' },
 * });
 * ```
 */
export const SparkplugHostConfigSchema = MqttConnectionConfigSchema.extend({
  id: LocalIdSchema.describe('source id, unique within the agent'),
  kind: z.literal('sparkplug').optional().describe('source kind (sparkplug)'),
  ...sparkplugHostFields(),
})
  .superRefine(checkMqttConnectionConfig)
  .describe('sparkplug: a Sparkplug B 3.0 host application (births, deaths, aliases, seq, rebirth, STATE)');

/** A parsed Sparkplug host config (see {@link SparkplugHostConfigSchema}). */
export type SparkplugHostConfig = z.infer<typeof SparkplugHostConfigSchema>;
/** A Sparkplug host config as written (see {@link SparkplugHostConfigSchema}). */
export type SparkplugHostConfigInput = z.input<typeof SparkplugHostConfigSchema>;
