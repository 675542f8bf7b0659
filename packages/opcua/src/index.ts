/**
 * @rongtong/opcua — the OPC UA source for the Rongtong agent (DESIGN §5): secure connection and
 * certificate trust, subscription planning, discovery and auto-mapping. Depends on core only.
 *
 * Today: the connector core —
 *
 * - {@link createOpcuaSource}: a core `Source` of kind `opcua` reading signals (NodeIds) from
 *   one server over a secure channel (None, Sign, SignAndEncrypt with Basic256Sha256,
 *   Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss; deprecated policies only when allowed) as an
 *   anonymous, username or certificate user; reconnecting with backoff, re-creating its
 *   subscriptions, and marking each connection gap with one bad sample per signal;
 * - {@link OpcuaSourceConfigSchema}: its config (strict zod; the agent wraps it in a
 *   `SourceFactory` of kind `opcua`);
 * - the trust store over a `pkiDir` ({@link listServerCertificates},
 *   {@link trustServerCertificate}, {@link rejectServerCertificate}) behind
 *   `rongtong-agent trust list | accept | reject`;
 * - {@link planSubscriptions}: how signals are spread over subscriptions and create calls
 *   within the server's limits.
 *
 * - discovery ({@link discoverOpcuaMachines}): browses a server and recognises the machines of
 *   OPC UA Machinery, Machine Tools and PackML, mapped to core semantics;
 *   {@link discoveryToAgentConfig} turns the result into `sources`, `equipment` and `signals`
 *   of the agent config (an object, and YAML text with comments).
 */
export {
  createOpcuaSource,
  type OpcuaNodeState,
  type OpcuaNodeStatus,
  type OpcuaSource,
  type OpcuaSourceOptions,
  type OpcuaSourceStats,
} from './opcua-source.js';
export {
  OPCUA_DEFAULT_BACKOFF,
  OpcuaBackoffConfigSchema,
  OpcuaConnectionConfigSchema,
  OpcuaSignalSchema,
  OpcuaSignalsSchema,
  OpcuaSourceConfigSchema,
  OpcuaUserSchema,
  checkOpcuaConnectionConfig,
  checkOpcuaUserForm,
  effectiveSecurityPolicy,
  type OpcuaConnectionConfig,
  type OpcuaConnectionConfigInput,
  type OpcuaSignal,
  type OpcuaSourceConfig,
  type OpcuaSourceConfigInput,
  type OpcuaUser,
  type OpcuaUserFormFields,
  type OpcuaUserFormMessages,
} from './opcua-source-config.js';
export {
  DEPRECATED_SECURITY_POLICIES,
  OPCUA_SECURITY_MODES,
  OPCUA_SECURITY_POLICIES,
  defaultSecurityPolicy,
  type OpcuaSecurityMode,
  type OpcuaSecurityPolicy,
} from './security-settings.js';
export {
  listServerCertificates,
  rejectServerCertificate,
  trustServerCertificate,
  trustStoreFolder,
  type ServerCertificateEntry,
  type ServerCertificateStatus,
} from './trust-store.js';
export { describeCertificate, type CertificateInfo } from './certificate-info.js';
export { ThumbprintSchema, normalizeThumbprint } from './thumbprint.js';
export { trustCommand } from './connection-error.js';
export {
  NO_SERVER_LIMITS,
  planSubscriptions,
  type MonitoredItemsCall,
  type OpcuaServerLimits,
  type PlannedItem,
  type PlannedSubscription,
  type PlannerSignal,
  type SubscriptionPlan,
  type SubscriptionPlanOptions,
  type UnplannedItem,
} from './subscription-planner.js';
export { VALUE_SKIP_REASONS, type ValueSkipReason } from './data-value-sample.js';
export { PART_FAILURE_REASONS, selectsSingleElement, type PartFailureReason, type ValuePart } from './value-part.js';
export { OPCUA_STATUS, statusSeverity } from './status-codes.js';
export { silentOpcuaLogger, type OpcuaLogger } from './opcua-logger.js';
export { routeNodeOpcuaLogs } from './node-opcua-logs.js';
export {
  DiscoveryOptionsSchema,
  discoverOpcuaMachines,
  type DiscoverOpcuaMachinesOptions,
  type DiscoveryOptions,
  type DiscoveryOptionsInput,
} from './discovery/discover-opcua-machines.js';
export type {
  DiscoveredMachine,
  DiscoveredMachineKind,
  DiscoveredSignal,
  DiscoveryConnection,
  DiscoveryResult,
  DiscoveryStats,
  ElementAddress,
  SignalSuggestion,
  UnrecognisedObject,
  UnrecognisedVariable,
} from './discovery/discovery-result.js';
export { OPCUA_MODEL_URIS, STANDARD_NODES } from './discovery/standard-models.js';
export { PACKML_STATE_MAPPINGS } from './discovery/recognize-machines.js';
export {
  discoveryToAgentConfig,
  type DiscoveredAgentConfig,
  type DiscoveredEquipmentEntry,
  type DiscoveredSignalEntry,
  type DiscoveredSourceEntry,
  type DiscoveryConfigOptions,
} from './discovery/discovery-to-agent-config.js';
