/**
 * @rongtong/mqtt — MQTT sources for the Rongtong agent (DESIGN §5). Depends on core only.
 *
 * - The MQTT JSON source ({@link createMqttJsonSource}) — JSON messages on MQTT 3.1.1 or 5
 *   topics (TCP, TLS, WebSocket) mapped to samples by exact signal address (topic + JSONPath,
 *   core's `MqttAddress`) or by topic templates (`factory/{line}/{machine}/telemetry`).
 * - The Sparkplug B 3.0 host application ({@link createSparkplugHostSource}) — births, deaths,
 *   aliases, seq and rebirth requests, STATE; metrics mapped to samples by exact signal address
 *   (core's `SparkplugAddress`) or by a signal id template, and to the ISA-95 equipment
 *   hierarchy ({@link sparkplugEquipment}); with the Sparkplug B payload codec
 *   ({@link encodeSparkplugPayload}, {@link decodeSparkplugPayload}).
 * - The embedded MQTT broker ({@link startEmbeddedBroker}) — aedes for sites without a broker:
 *   users with passwords or scrypt hashes ({@link hashBrokerPassword}), per-user topic ACLs,
 *   retained messages and persistent sessions kept in a state directory across restarts.
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
export {
  createSparkplugHostSource,
  type SparkplugHostSource,
  type SparkplugHostSourceOptions,
  type SparkplugHostSourceStats,
} from './sparkplug/sparkplug-host-source.js';
export {
  SparkplugHostConfigSchema,
  sparkplugHostFields,
  type SparkplugHostConfig,
  type SparkplugHostConfigInput,
} from './sparkplug/sparkplug-host-config.js';
export {
  SPARKPLUG_STALE,
  type DiscoveredSparkplugMetric,
  type SparkplugDeviceStatus,
  type SparkplugEdgeNodeStatus,
} from './sparkplug/edge-node-registry.js';
export { isSparkplugControlMetric, type SparkplugSignalBinding } from './sparkplug/sparkplug-signals.js';
export {
  SparkplugHierarchyMappingSchema,
  sparkplugEquipment,
  type SparkplugEquipment,
  type SparkplugEquipmentIds,
  type SparkplugHierarchyMapping,
  type SparkplugHierarchyMappingInput,
} from './sparkplug/sparkplug-hierarchy.js';
export {
  DEFAULT_SPARKPLUG_SIGNAL_ID_TEMPLATE,
  SPARKPLUG_SIGNAL_ID_PLACEHOLDERS,
  fillSignalIdTemplate,
  signalIdTemplateProblem,
  sparkplugIdPart,
  type SparkplugMetricPath,
} from './sparkplug/sparkplug-ids.js';
export {
  SPARKPLUG_PAYLOAD_ERROR_REASONS,
  type SparkplugPayloadError,
  type SparkplugPayloadErrorReason,
} from './sparkplug/sparkplug-error.js';
export {
  decodeSparkplugPayload,
  encodeSparkplugPayload,
  type SparkplugMetric,
  type SparkplugMetricInput,
  type SparkplugPayload,
  type SparkplugPayloadInput,
  type SparkplugPropertyData,
  type SparkplugPropertySet,
  type SparkplugPropertyValue,
  type SparkplugValue,
} from './sparkplug/sparkplug-payload.js';
export { SPARKPLUG_B_PROTO } from './sparkplug/sparkplug-b-proto.js';
export { SPARKPLUG_DATA_TYPES, sparkplugDataTypeName, type SparkplugDataTypeName } from './sparkplug/sparkplug-data-type.js';
export {
  SPARKPLUG_SAMPLE_TYPES,
  sparkplugDataTypeCode,
  sparkplugSampleValue,
  sparkplugValueOf,
  type SparkplugSampleValueResult,
} from './sparkplug/sparkplug-value.js';
export {
  SPARKPLUG_MESSAGE_TYPES,
  SPARKPLUG_NAMESPACE,
  parseSparkplugTopic,
  sparkplugStateTopic,
  sparkplugTopic,
  type SparkplugMessageType,
  type SparkplugTopic,
} from './sparkplug/sparkplug-topic.js';
export {
  startEmbeddedBroker,
  type EmbeddedBroker,
  type EmbeddedBrokerOptions,
  type EmbeddedBrokerStats,
} from './broker/embedded-broker.js';
export {
  BROKER_ACL_PLACEHOLDERS,
  EmbeddedBrokerAnonymousSchema,
  EmbeddedBrokerConfigSchema,
  EmbeddedBrokerUserSchema,
  BrokerAclFilterSchema,
  BrokerPasswordHashSchema,
  brokerAclFilterProblem,
  parseListenAddress,
  type EmbeddedBrokerConfig,
  type EmbeddedBrokerConfigInput,
  type EmbeddedBrokerUser,
} from './broker/embedded-broker-config.js';
export {
  brokerPasswordHashProblem,
  hashBrokerPassword,
  verifyBrokerPassword,
  type BrokerPasswordHashOptions,
} from './broker/broker-password.js';
