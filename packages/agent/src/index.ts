/**
 * @rongtong/agent — the Rongtong edge agent: sources → mapping → derive → durable signed
 * outbox → gRPC uplinks.
 */
export type {
  DroppedTotals,
  EnqueueMeta,
  Outbox,
  OutboxCheckpoint,
  OutboxSharingLevel,
  OutboxStats,
  ResumeFailure,
  ResumeResult,
  SealOptions,
  SealedBatch,
} from './outbox/outbox.js';
export { createSqliteOutbox } from './outbox/sqlite-outbox.js';
export {
  DEFAULT_LIVE_WINDOW_MS,
  SqliteOutboxConfigSchema,
  type SqliteOutboxConfig,
  type SqliteOutboxOptions,
} from './outbox/sqlite-outbox-options.js';
export type { Sample, SampleValue } from './sources/sample.js';
export type { SampleSink } from './sources/sample-sink.js';
export { SOURCE_STATES, type SourceState } from './sources/source-state.js';
export type { Source } from './sources/source.js';
export type { AddressProblem, OwnSignal, SourceContext, SourceFactory } from './sources/source-factory.js';
export { sourceConfigFields, type SourceConfig } from './sources/source-config.js';
export { createSourceRegistry, type SourceRegistry } from './sources/source-registry.js';
export { builtInSourceFactories, defaultSourceRegistry } from './sources/built-in-sources.js';
export { createRealClock, createSimulatedClock, type Clock, type SimulatedClockOptions } from './sources/clock.js';
export { createGeneratorSource, type GeneratorSource, type GeneratorSourceOptions } from './sources/generator/generator-source.js';
export {
  GeneratorSignalSchema,
  GeneratorSourceConfigSchema,
  type GeneratorSourceConfig,
  type GeneratorSourceConfigInput,
} from './sources/generator/generator-config.js';
export { GeneratorPatternSchema, type GeneratorPattern } from './sources/generator/generator-pattern.js';
export { generatorSourceFactory } from './sources/generator/generator-factory.js';
export { mqttSourceFactory } from './sources/mqtt/mqtt-factory.js';
export { MqttSourceConfigSchema, type MqttSourceConfig, type MqttSourceConfigInput } from './sources/mqtt/mqtt-source-config.js';
export { MqttTlsFilesSchema, type MqttTlsFiles } from './sources/mqtt/mqtt-tls-files.js';
export { sparkplugSourceFactory } from './sources/sparkplug/sparkplug-factory.js';
export { SparkplugSourceConfigSchema, type SparkplugSourceConfig, type SparkplugSourceConfigInput } from './sources/sparkplug/sparkplug-source-config.js';
export { opcuaSourceFactory } from './sources/opcua/opcua-factory.js';
export { OpcuaSourceConfigSchema, type OpcuaSourceConfig, type OpcuaSourceConfigInput } from './sources/opcua/opcua-source-config.js';
export { OpcuaUserConfigSchema, type OpcuaUserConfig } from './sources/opcua/opcua-user-config.js';
export { defaultOpcuaPkiDir, opcuaPkiDir } from './sources/opcua/opcua-pki-dir.js';
export { AgentConfigSchema, createAgentConfigSchema, type AgentConfig, type AgentConfigInput } from './config/agent-config-schema.js';
export { SignalConfigSchema, type SignalConfig } from './config/signal-config.js';
export { EquipmentConfigSchema, type EquipmentConfig } from './config/equipment-config.js';
export { UplinkConfigSchema, UplinkTlsSchema, type UplinkConfig } from './config/uplink-config.js';
export { validateAgentConfig, type ConfigReport, type ValidateAgentConfigOptions } from './config/validate-agent-config.js';
export { loadAgentConfig, validateAgentConfigFile, validateAgentConfigText } from './config/config-file.js';
export { formatProblem, type ConfigProblem } from './config/config-problem.js';
export { agentConfigJsonSchema } from './config/agent-json-schema.js';
export { SecretRef, SecretRefSchema, type SecretOrigin } from './config/secret-ref.js';
export { checkSecrets, findSecrets, resolveSecret, type ResolveSecretOptions } from './config/resolve-secret.js';
export { checkConfigReferences, type CheckReferencesOptions } from './config/check-references.js';
export { durationSchema, parseDuration, type DurationSchemaOptions } from './config/duration.js';
export { byteSizeSchema, parseByteSize } from './config/byte-size.js';
export { BrokerConfigSchema, EmbeddedBrokerSectionSchema, type EmbeddedBrokerSection } from './config/broker-config.js';
export { createPipeline, type Pipeline, type PipelineOptions, type PipelineStats, type PipelineUplink } from './pipeline/pipeline.js';
export { createBatcher, type Batcher, type BatcherOptions } from './pipeline/batcher.js';
export { encodeRawPayload, type RawPayloadOptions } from './pipeline/raw-payload.js';
export { createKpiDeriver, type KpiDeriver, type KpiDeriverOptions, type KpiDeriverState } from './pipeline/kpi-deriver.js';
export { encodeKpiPayload, type EncodedPayload, type KpiDerivation } from './pipeline/kpi-payload.js';
export type { PipelineSample } from './pipeline/pipeline-sample.js';
export {
  createUplink,
  type Uplink,
  type UplinkDeclarationStats,
  type UplinkEvents,
  type UplinkFatal,
  type UplinkReject,
  type UplinkState,
  type UplinkStats,
} from './uplink/uplink.js';
export { declareEquipment, DEFAULT_DECLARE_TIMEOUT_MS, type DeclarationReject, type DeclarationResult, type DeclareEquipmentOptions } from './uplink/declare-equipment.js';
export { DEFAULT_DECLARATION_LIMITS, splitDeclaration, type DeclarationLimits, type DeclarationRequests } from './uplink/declaration-requests.js';
export { equipmentDeclarationOf, type DeclarationConfig } from './config/equipment-declaration.js';
export { equipmentToProto, signalToProto } from './config/equipment-proto.js';
export {
  DEFAULT_HISTORICAL_BATCHES_PER_SECOND,
  DEFAULT_UPLINK_POLL_MS,
  DEFAULT_UPLINK_WINDOW,
  type HistoricalPacing,
  type UplinkOptions,
  type UplinkTlsOptions,
} from './uplink/uplink-options.js';
export {
  snapshotOf,
  watchUplinkFatal,
  type AgentSnapshot,
  type BrokerSnapshot,
  type SnapshotOfOptions,
  type SnapshotUplink,
  type SourceSnapshot,
  type UplinkBacklogSnapshot,
  type UplinkSnapshot,
} from './health/agent-snapshot.js';
export { readinessOf, type Readiness } from './health/readiness.js';
export { startAgentHealthServer, type AgentHealthServer, type AgentHealthServerOptions } from './health/health-server.js';
export { agentMetricFamilies } from './health/agent-metrics.js';
export { formatPrometheusText, PROMETHEUS_CONTENT_TYPE, type MetricFamily, type MetricSample } from './health/prometheus-text.js';
export { runAgent, type RunAgentOptions, type RunningAgent } from './run/run-agent.js';
export { brokerOptionsFromConfig, brokerStateDir, type AgentBroker } from './run/agent-broker.js';
