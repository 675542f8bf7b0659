import { afterEach } from 'vitest';
import type { Outbox, OutboxSharingLevel } from '@rongtong/agent';
import { type AgentKeyPair, generateAgentKeyPair } from '@rongtong/core';

/** The configuration the suite asks the factory to open an outbox with. */
export interface OutboxTestConfig {
  readonly agentId: string;
  /** The agent's Ed25519 private key, PKCS#8 PEM. */
  readonly privateKeyPem: string;
  readonly sharingLevel: OutboxSharingLevel;
  readonly quota: { readonly maxBytes: number; readonly maxAgeMs: number };
  readonly liveWindowMs: number;
  /** The clock the outbox must use for enqueue times (the suite moves it by hand). */
  readonly now: () => number;
}

/** What an outbox factory gives the contract suite. */
export interface OutboxUnderTest {
  /** A new, empty outbox with the given configuration. The suite closes it after the test. */
  outbox: Outbox;
  /**
   * Opens the same outbox again (same storage, same configuration) after the suite closed
   * `outbox`: a process restart. Required unless the suite runs with `durable: false`.
   */
  reopen?(): Promise<Outbox>;
  /** Called after the outbox is closed (e.g. to delete its files). */
  cleanup?(): Promise<void>;
}

/** Makes one new, empty outbox per call. */
export type OutboxFactory = (config: OutboxTestConfig) => Promise<OutboxUnderTest>;

/** Options of `outboxContractSuite`. */
export interface OutboxContractOptions {
  /** False for an outbox that keeps nothing across close: the restart tests are not run (default true). */
  durable?: boolean;
}

/** The clock of one test outbox, ms since the epoch. */
export interface TestClock {
  time: number;
  advance(ms: number): void;
}

/** One outbox opened by the suite. */
export interface OpenedOutbox {
  /** The current outbox (replaced by `restart`). */
  readonly outbox: Outbox;
  readonly clock: TestClock;
  readonly config: OutboxTestConfig;
  /** Raw 32-byte public key of `config.privateKeyPem`, for `verifyChain`. */
  readonly publicKey: Uint8Array;
  /** Closes the outbox and opens it again from its storage (needs `OutboxUnderTest.reopen`). */
  restart(): Promise<Outbox>;
}

/** Overrides of the default test configuration. */
export type OutboxTestOverrides = Partial<Pick<OutboxTestConfig, 'agentId' | 'sharingLevel' | 'quota' | 'liveWindowMs'>>;

/** Agent clock of the suite's outboxes when a test starts: 2025-01-06T09:00:00Z. */
export const AGENT_T0 = Date.UTC(2025, 0, 6, 9);

/** Default test configuration: a quota nothing reaches, a 10 s live window. */
export const DEFAULT_TEST_QUOTA = { maxBytes: 64 * 1024 * 1024, maxAgeMs: 7 * 24 * 3600_000 };

/**
 * Registers, in the enclosing `describe`, an `afterEach` that closes every outbox the test
 * opened and calls its cleanup. Returns `open`, which makes a new outbox through `factory`.
 */
export function outboxOpener(factory: OutboxFactory): (overrides?: OutboxTestOverrides) => Promise<OpenedOutbox> {
  const keys: AgentKeyPair = generateAgentKeyPair();
  let opened: { current: () => Outbox; underTest: OutboxUnderTest }[] = [];
  afterEach(async () => {
    const done = opened;
    opened = [];
    for (const o of done) {
      await o.current().close();
      await o.underTest.cleanup?.();
    }
  });
  return async (overrides = {}) => {
    const clock: TestClock = {
      time: AGENT_T0,
      advance(ms) {
        this.time += ms;
      },
    };
    const config: OutboxTestConfig = {
      agentId: 'agt-contract',
      privateKeyPem: keys.privateKeyPem,
      sharingLevel: 'SHARING_LEVEL_RAW',
      quota: DEFAULT_TEST_QUOTA,
      liveWindowMs: 10_000,
      ...overrides,
      now: () => clock.time,
    };
    const underTest = await factory(config);
    let outbox = underTest.outbox;
    opened.push({ current: () => outbox, underTest });
    return {
      get outbox() {
        return outbox;
      },
      clock,
      config,
      publicKey: keys.publicKey,
      async restart() {
        if (!underTest.reopen) throw new Error('the factory gave no reopen(): run the suite with durable: false');
        await outbox.close();
        outbox = await underTest.reopen();
        return outbox;
      },
    };
  };
}
