import { MqttConnectionConfigSchema, checkMqttConnectionConfig, sparkplugHostFields } from '@rongtong/mqtt';
import { z } from 'zod';
import { mqttAgentCredentialFields } from '../mqtt/mqtt-agent-fields.js';
import { sourceConfigFields } from '../source-config.js';

/**
 * A `sources[]` entry of kind `sparkplug`: a Sparkplug B 3.0 host application on an MQTT 3.1.1
 * or 5 broker. `@rongtong/mqtt`'s connection fields and host fields (`hostId`, `groups`,
 * `signalIdTemplate`, `unboundMetrics`, `hierarchy`, seq and rebirth settings), with the
 * password as a secret reference and TLS certificates and keys as files, as for `mqtt`
 * sources. The session is always clean (a host application keeps none).
 */
export const SparkplugSourceConfigSchema = MqttConnectionConfigSchema.extend({
  ...sourceConfigFields,
  kind: z.literal('sparkplug'),
  ...sparkplugHostFields(),
  ...mqttAgentCredentialFields(),
})
  .strict()
  .superRefine(checkMqttConnectionConfig)
  .describe('sparkplug: a Sparkplug B 3.0 host application (births, deaths, aliases, seq, rebirth, STATE), metrics mapped by exact address or signal id template');

/** A parsed `sparkplug` source config (see {@link SparkplugSourceConfigSchema}). */
export type SparkplugSourceConfig = z.infer<typeof SparkplugSourceConfigSchema>;
/** A `sparkplug` source config as written (see {@link SparkplugSourceConfigSchema}). */
export type SparkplugSourceConfigInput = z.input<typeof SparkplugSourceConfigSchema>;
