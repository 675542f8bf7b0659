/**
 * @rongtong/mqtt — MQTT sources for the Rongtong agent (DESIGN §5). Depends on core only.
 *
 * Today: the MQTT JSON source ({@link createMqttJsonSource}) — JSON messages on MQTT 3.1.1 or
 * 5 topics (TCP, TLS, WebSocket) mapped to samples by exact signal address (topic + JSONPath,
 * core's `MqttAddress`) or by topic templates (`factory/{line}/{machine}/telemetry`). The
 * Sparkplug B host application and the embedded broker come later.
 */
export {
  createMqttJsonSource,
  type MqttJsonSource,
  type MqttJsonSourceOptions,
  type MqttJsonSourceStats,
} from './mqtt-json-source.js';
export {
  MqttBackoffConfigSchema,
  MqttConnectionConfigSchema,
  MqttQosSchema,
  MqttTlsConfigSchema,
  checkMqttConnectionConfig,
  type MqttConfigIssueSink,
  type MqttConnectionCrossFields,
  type MqttConnectionConfig,
  type MqttConnectionConfigInput,
  type MqttTlsConfig,
} from './mqtt-connection-config.js';
export {
  MqttJsonPathSchema,
  MqttJsonSourceConfigSchema,
  MqttTemplateFieldSchema,
  MqttTopicTemplateSchema,
  mqttJsonMappingFields,
  timestampPairingProblem,
  type MqttJsonSourceConfig,
  type MqttJsonSourceConfigInput,
  type MqttTemplateField,
  type MqttTopicTemplate,
  type MqttTopicTemplateInput,
} from './mqtt-json-config.js';
export {
  createMessageMapper,
  type DiscoveredMqttSignal,
  type MappedMessage,
  type MessageMapper,
  type MessageMapperOptions,
  type MqttSignalBinding,
} from './message-mapper.js';
export { PAYLOAD_ERROR_REASONS, type PayloadError, type PayloadErrorReason } from './payload-error.js';
export { MQTT_VALUE_TYPES, convertPayloadValue, type MqttValueType, type PayloadValueResult } from './payload-value.js';
export { parsePayloadTime, parseUtcOffset, type PayloadTimeOptions, type PayloadTimeResult } from './payload-time.js';
export {
  evaluateJsonPath,
  parseJsonPath,
  tryParseJsonPath,
  type JsonPath,
  type JsonPathParseResult,
  type JsonPathSegment,
} from './json-path.js';
export {
  compileTopicTemplate,
  fillTemplate,
  templatePlaceholders,
  tryCompileTopicTemplate,
  type TopicCaptures,
  type TopicTemplate,
  type TopicTemplateResult,
} from './topic-template.js';
export { filterCovers, minimalSubscriptions, topicMatchesFilter, type MqttQos, type MqttSubscription } from './topic-filter.js';
export { defaultClientId } from './client-id.js';
export { silentMqttLogger, type MqttLogger } from './mqtt-logger.js';
