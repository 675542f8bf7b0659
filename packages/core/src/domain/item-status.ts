import { z } from 'zod';

/**
 * Life-cycle state of a demand or supply item: `draft` (own enterprise only, never
 * matched), `open` (published, matched), `closed` (fulfilled, withdrawn or past due).
 * Values in the order of the proto enum `rongtong.v1.ItemStatus` (`ITEM_STATUS_` + upper case).
 */
export const ITEM_STATUSES = ['draft', 'open', 'closed'] as const;

/** Demand / supply item life-cycle state (see `ITEM_STATUSES`). */
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** zod schema of {@link ItemStatus}. */
export const ItemStatusSchema = z.enum(ITEM_STATUSES).describe('demand or supply item life-cycle state');
