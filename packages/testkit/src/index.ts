/**
 * @rongtong/testkit — contract suites every Rongtong Store and Bus implementation
 * passes, with the fixtures they use. Call a suite at the top level of a vitest file.
 */
export { storeContractSuite } from './store-contract-suite.js';
export type { StoreContractOptions, StoreFactory, StoreUnderTest } from './store/harness.js';
export { busContractSuite, type BusContractOptions, type BusFactory, type BusUnderTest } from './bus-contract-suite.js';
export { outboxContractSuite } from './outbox-contract-suite.js';
export type { OutboxContractOptions, OutboxFactory, OutboxTestConfig, OutboxUnderTest } from './outbox/harness.js';
export { testRecord, viewPayload, type GapView, type PayloadView, type TestRecord, type TestRecordOptions } from './outbox/fixtures.js';
export { waitFor, sleep, type WaitForOptions } from './wait-for.js';
export { randomInt, seededRandom } from './seeded-random.js';
export {
  GENESIS,
  T0,
  batchDigest,
  batchRecord,
  bytes,
  creditCode,
  enrollmentTokenRecord,
  enterpriseRecord,
  equipmentRecord,
  feedEvent,
  sha256,
  sha256Hex,
  tenantRecord,
  tokenRecord,
} from './store/fixtures.js';
export { enrollInput } from './store/enrollment-contract.js';
export { DAY, HOUR, capacityRecordRow, commitmentRecord, countFact, kpiRecord, stateFact } from './store/capacity-fixtures.js';
export { demandItemRecord, matchRecord, supplyItemRecord } from './store/market-fixtures.js';
export { createTestPki, type PemPair, type TestPki } from './test-pki.js';
export { runTsCli, tsCliNodeArgs, type CliResult, type RunTsCliOptions } from './run-cli.js';
