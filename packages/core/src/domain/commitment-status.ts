import { z } from 'zod';

/**
 * Life-cycle state of a commitment: `active` (counts as committed capacity), `completed`
 * (all its periods have ended), `cancelled` (no longer counts).
 * Values in the order of the proto enum `rongtong.v1.CommitmentStatus` (`COMMITMENT_STATUS_` + upper case).
 */
export const COMMITMENT_STATUSES = ['active', 'completed', 'cancelled'] as const;

/** Commitment life-cycle state (see `COMMITMENT_STATUSES`). */
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** zod schema of {@link CommitmentStatus}. */
export const CommitmentStatusSchema = z.enum(COMMITMENT_STATUSES).describe('commitment life-cycle state');
