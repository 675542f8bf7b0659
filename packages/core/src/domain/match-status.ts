import { z } from 'zod';

/**
 * Life-cycle state of a match: `proposed` by the platform, `accepted` by the buyer (a
 * commitment was created), `rejected` by buyer or supplier, `expired` (undecided before
 * its expire time, or an item was closed or changed).
 * Values in the order of the proto enum `rongtong.v1.MatchStatus` (`MATCH_STATUS_` + upper case).
 */
export const MATCH_STATUSES = ['proposed', 'accepted', 'rejected', 'expired'] as const;

/** Match life-cycle state (see `MATCH_STATUSES`). */
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/** zod schema of {@link MatchStatus}. */
export const MatchStatusSchema = z.enum(MATCH_STATUSES).describe('match life-cycle state');
