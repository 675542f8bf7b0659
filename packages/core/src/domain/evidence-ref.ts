import { z } from 'zod';
import { WHEN_FIELDS_VALID } from './checks.js';
import { DIGEST_BYTES } from '../batch/batch-digest.js';
import { ResourceIdSchema } from './identifier.js';

const MAX_U64 = (1n << 64n) - 1n;

/** A batch sequence number: a uint64 ≥ 1, as a bigint. */
const seq = z
  .bigint({ error: 'must be a bigint' })
  .min(1n, { error: 'must be ≥ 1 (batch sequence numbers start at 1)' })
  .max(MAX_U64, { error: 'must fit in 64 bits' });

/** A SHA-256 batch digest: exactly 32 bytes. */
export const DigestSchema = z
  .instanceof(Uint8Array, { error: 'must be a Uint8Array' })
  .refine((bytes) => bytes.length === DIGEST_BYTES, { error: `must be a ${DIGEST_BYTES}-byte SHA-256 digest` })
  .describe('SHA-256 digest, 32 bytes');

/**
 * EvidenceRef: a contiguous range of one agent's signed batches `[firstSeq, lastSeq]` with
 * the digests of its first and last batch. Mirrors `rongtong.v1.EvidenceRef`.
 */
export const EvidenceRefSchema = z
  .object({
    /** Id of the agent whose batches these are. */
    agentId: ResourceIdSchema,
    /** Seq of the first batch in the range, ≥ 1 (uint64 as bigint). */
    firstSeq: seq,
    /** Seq of the last batch in the range, ≥ firstSeq (uint64 as bigint). */
    lastSeq: seq,
    /** SHA-256 digest (32 bytes) of the first batch. */
    firstDigest: DigestSchema,
    /** SHA-256 digest (32 bytes) of the last batch. */
    lastDigest: DigestSchema,
  })
  .superRefine((ref, ctx) => {
    if (ref.lastSeq < ref.firstSeq) {
      ctx.addIssue({
        code: 'custom',
        path: ['lastSeq'],
        message: `lastSeq (${ref.lastSeq}) must be ≥ firstSeq (${ref.firstSeq})`,
        input: ref.lastSeq,
      });
    }
  }, WHEN_FIELDS_VALID)
  .describe("a contiguous range of one agent's signed batches");

/** A contiguous range of one agent's signed batches (see {@link EvidenceRefSchema}). */
export type EvidenceRef = z.infer<typeof EvidenceRefSchema>;
