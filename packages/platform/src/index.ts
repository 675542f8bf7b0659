/**
 * @rongtong/platform — the chain leader's side of Rongtong: gRPC ingest, onboarding, admin
 * and feed services over a pluggable Store and Bus, with health, reflection, metrics and
 * graceful shutdown. Embed it with `createPlatform`, or run `rongtong-platform serve`.
 */
export { createPlatform, recommendedServerOptions, type AddToOptions, type ListenOptions, type Platform, type PlatformOptions } from './platform.js';
export { DEFAULT_LIMITS, type PlatformContext, type PlatformLimits } from './context.js';
export { createPlatformEvents, type PlatformEventMap, type PlatformEvents } from './platform-events.js';
export type { ServerTlsOptions } from './tls.js';
export {
  CapacityOptionsSchema,
  STATE_MAPPING_CHOICES,
  parseCapacityOptions,
  type CapacityEngine,
  type CapacityOptions,
  type StateMappingChoice,
} from './capacity/index.js';
export { createPlatformMetrics, type PlatformMetrics } from './metrics.js';
export { startMetricsServer, type MetricsServer } from './metrics-server.js';
export { ensureOperatorToken, type OperatorTokenOptions, type OperatorTokenResult } from './auth/operator-token.js';
export { createAuthenticator, type Authenticator, type AuthenticatorOptions } from './auth/authenticator.js';
export type { Principal } from './auth/principal.js';

// Store and Bus: the interfaces adapters implement, and the built-in implementations.
export type {
  CommitBatchInput,
  CommitBatchResult,
  EnrollAgentInput,
  EnrollAgentResult,
  EnrollmentRefusal,
  ReadEventsQuery,
  Store,
  TokenFilter,
} from './store/store.js';
export type {
  AgentRecord,
  BatchRecord,
  EnterpriseRecord,
  EquipmentRecord,
  FeedEventKind,
  FeedEventRecord,
  NewFeedEvent,
  Page,
  PageRequest,
  TenantRecord,
  TokenKind,
  TokenRecord,
} from './store/records.js';
export type {
  CapacityRecordFilter,
  CapacityRecordRow,
  CommitmentFilter,
  CommitmentRecord,
  CountFact,
  DirtyMark,
  EquipmentFact,
  FactQuery,
  FactSource,
  KpiFilter,
  KpiRecord,
  StateFact,
} from './store/capacity-records.js';
export type {
  AcceptMatchInput,
  AcceptMatchResult,
  DemandItemRecord,
  ItemFilter,
  MatchFilter,
  MatchRecord,
  SupplyItemRecord,
} from './store/market-records.js';
export { createSqliteStore, type SqliteStoreOptions } from './store/sqlite/sqlite-store.js';
export { BUS_TOPICS, type Bus } from './bus/bus.js';
export { createInProcessBus, type InProcessBusOptions } from './bus/in-process-bus.js';

// Market list import: demand (需求清单) and supply (供给清单) lists from CSV / XLSX.
export {
  DEFAULT_IMPORT_LIMITS,
  DEMAND_COLUMNS,
  SUPPLY_COLUMNS,
  parseDemandList,
  parseSupplyList,
  type ImportFileFormat,
  type ImportLimits,
  type ImportOptions,
  type ImportResult,
  type ImportRowError,
  type ImportedItem,
} from './market/import/index.js';
