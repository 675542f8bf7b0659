import { describe } from 'vitest';
import type { Store } from '@rongtong/platform';
import { freshPerTest } from './per-test.js';
import { batchContract } from './store/batch-contract.js';
import { capacityContract } from './store/capacity-contract.js';
import { commitmentContract } from './store/commitment-contract.js';
import { enrollmentContract } from './store/enrollment-contract.js';
import { enterpriseContract } from './store/enterprise-contract.js';
import { equipmentContract } from './store/equipment-contract.js';
import { factContract } from './store/fact-contract.js';
import { feedContract } from './store/feed-contract.js';
import { kpiContract } from './store/kpi-contract.js';
import { marketItemContract } from './store/market-item-contract.js';
import { matchContract } from './store/match-contract.js';
import type { StoreContractOptions, StoreFactory, StoreHarness } from './store/harness.js';
import { tenantContract } from './store/tenant-contract.js';
import { tokenContract } from './store/token-contract.js';

/**
 * The contract every `Store` implementation passes (SQLite, PostgreSQL, …). Call it at
 * the top level of a test file; `factory` is called before each test and must give a new,
 * empty store, which the suite closes (then calls `cleanup`) after the test.
 *
 * Covers: tenancy isolation on every getter and lister; ALREADY_EXISTS, CONFLICT and
 * NOT_FOUND as RongtongError codes; etags; paging (every item exactly once, page size
 * 0 → 100, at most 1000, foreign page tokens refused); single-use enrollment under
 * concurrency, expired and revoked refusals; commitBatch committed / duplicate /
 * out_of_order where a refusal stores nothing (no batch, no event, head unchanged);
 * events appended atomically with their change, read in seq order with kind, enterprise
 * and equipment filters; lastEventSeq / firstEventSeq / pruneEvents; getBatches ranges;
 * bigint sequence numbers beyond 2^53; binary fields byte for byte; facts and dirty marks
 * written only with a committed batch; KPIs and capacity records by identity (supersession),
 * with every filter and the documented order; demand and supply items (external ids,
 * all-or-nothing saves, category / visibility / region filters); matches and acceptMatch
 * (replay by request id, not_proposed, concurrent acceptances); commitments listing.
 */
export function storeContractSuite(name: string, factory: StoreFactory, options: StoreContractOptions = {}): void {
  describe(`Store contract: ${name}`, () => {
    const store = freshPerTest('store', factory);
    const harness: StoreHarness = {
      get store(): Store {
        return store();
      },
      options,
    };
    tenantContract(harness);
    enterpriseContract(harness);
    tokenContract(harness);
    enrollmentContract(harness);
    equipmentContract(harness);
    batchContract(harness);
    feedContract(harness);
    factContract(harness);
    kpiContract(harness);
    capacityContract(harness);
    marketItemContract(harness);
    matchContract(harness);
    commitmentContract(harness);
  });
}
