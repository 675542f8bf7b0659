import { describe } from 'vitest';
import { basicContract } from './outbox/basic-contract.js';
import { checkpointContract } from './outbox/checkpoint-contract.js';
import { durabilityContract } from './outbox/durability-contract.js';
import { type OutboxContractOptions, type OutboxFactory, outboxOpener } from './outbox/harness.js';
import { orderContract } from './outbox/order-contract.js';
import { quotaContract } from './outbox/quota-contract.js';
import { resumeContract } from './outbox/resume-contract.js';

/**
 * The contract every `Outbox` implementation (from `@rongtong/agent`) passes. Call it at the
 * top level of a test file; `factory` is called with the configuration each test needs
 * (agent id, a fresh Ed25519 key, sharing level, quota, live window and a clock the suite
 * moves by hand) and must give a new, empty outbox, which the suite closes (then calls
 * `cleanup`) after the test. Payloads are made and read with a minimal protobuf wire codec
 * of the suite's own, independent of the implementation's.
 *
 * Covers: sealing from genesis, byte for byte, signed and hash-chained across calls
 * (`verifyChain`); `max` and `sealed` paging; cumulative, idempotent acknowledgement and
 * refusal of unsealed seqs; INVALID_ARGUMENT that changes nothing; UNAVAILABLE after an
 * idempotent close; live records first and the backlog flagged historical with every other
 * field unchanged; quota by bytes and by age discarding the oldest pending data and
 * reporting it once as a gap-only batch with exact counts, time range and signals; resume
 * from the platform's Welcome when it is behind, equal, ahead, diverged or lost acknowledged
 * data; the pipeline's checkpoint (saved with the data it accounts for, merged per signal,
 * never moving back, kept when the quota discards the data); and, unless `durable: false`,
 * everything surviving a restart (`reopen`).
 */
export function outboxContractSuite(name: string, factory: OutboxFactory, options: OutboxContractOptions = {}): void {
  describe(`Outbox contract: ${name}`, () => {
    const open = outboxOpener(factory);
    basicContract(open);
    orderContract(open);
    quotaContract(open);
    resumeContract(open);
    checkpointContract(open, options.durable ?? true);
    if (options.durable ?? true) durabilityContract(open);
  });
}
