import type { Store } from '@rongtong/platform';

/** What a store factory gives the contract suite. */
export interface StoreUnderTest {
  /** A new, empty store. The suite closes it after each test. */
  store: Store;
  /** Called after the store is closed (e.g. to delete its files or schema). */
  cleanup?(): Promise<void>;
}

/** Makes one new, empty store per test. */
export type StoreFactory = () => Promise<StoreUnderTest>;

/** Optional hooks of `storeContractSuite`. */
export interface StoreContractOptions {
  /**
   * Sets an agent's chain head directly (last seq and digest), bypassing `commitBatch`:
   * a test-only hook. When given, the suite also checks that sequence numbers beyond 2^53
   * are stored and read back exactly (they cannot be reached through the Store API alone).
   */
  setAgentHead?: (store: Store, tenantId: string, agentId: string, lastSeq: bigint, lastDigest: Uint8Array) => Promise<void>;
}

/** What each part of the suite reads the current store from. */
export interface StoreHarness {
  /** The store of the running test. */
  readonly store: Store;
  readonly options: StoreContractOptions;
}
