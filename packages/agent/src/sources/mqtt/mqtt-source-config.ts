import { MqttConnectionConfigSchema, checkMqttConnectionConfig, mqttJsonMappingFields } from '@rongtong/mqtt';
import { z } from 'zod';
import { sourceConfigFields } from '../source-config.js';
import { mqttAgentCredentialFields } from './mqtt-agent-fields.js';

/**
 * A `sources[]` entry of kind `mqtt`: JSON messages on an MQTT 3.1.1 or 5 broker, mapped to
 * signals by topic templates (`topics`) and by the exact addresses of `signals[]` entries.
 * `@rongtong/mqtt`'s connection and mapping fields, with the password as a secret reference
 * and TLS certificates and keys as files (read by the agent at start). Cross-field rules of
 * the connection (`checkMqttConnectionConfig`): `sessionExpirySeconds` needs protocol 5,
 * `tls` an `mqtts://` or `wss://` url, a password a username on MQTT 3.1.1.
 */
export const MqttSourceConfigSchema = MqttConnectionConfigSchema.extend({
  ...sourceConfigFields,
  kind: z.literal('mqtt'),
  ...mqttJsonMappingFields(),
  ...mqttAgentCredentialFields(),
})
  .strict()
  .superRefine(checkMqttConnectionConfig)
  .describe('mqtt: JSON messages on MQTT topics (3.1.1 or 5), mapped to signals by topic template or exact address');

/** A parsed `mqtt` source config (see {@link MqttSourceConfigSchema}). */
export type MqttSourceConfig = z.infer<typeof MqttSourceConfigSchema>;
/** An `mqtt` source config as written (see {@link MqttSourceConfigSchema}). */
export type MqttSourceConfigInput = z.input<typeof MqttSourceConfigSchema>;
